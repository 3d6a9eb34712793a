import { useMemo } from 'react';
import type { Indicator } from '@actionday/contracts';
import { BUILTIN_INDICATORS, useIndicatorsQuery } from './api/get-indicators';

export interface IndicatorCatalogue {
  /** The operation's catalogue; the builtin one until it loads or when it cannot (offline). */
  items: Indicator[];
  /** True while the list shown is the builtin fallback. */
  fallback: boolean;
  error: unknown;
  isPending: boolean;
}

export function useIndicators(operationId: string): IndicatorCatalogue {
  const query = useIndicatorsQuery(operationId);
  return useMemo(
    () => ({
      items: query.data ?? BUILTIN_INDICATORS,
      fallback: query.data === undefined,
      error: query.error,
      isPending: query.isPending,
    }),
    [query.data, query.error, query.isPending],
  );
}

/** Names an indicator code by the operation's catalogue, so added indicators show their label too. */
export function useIndicatorLabel(operationId: string): (code: string) => string {
  const { items } = useIndicators(operationId);
  return useMemo(() => {
    const labels = new Map(items.map((i) => [i.code, i.label]));
    return (code: string) => labels.get(code) ?? code.replace(/_/g, ' ');
  }, [items]);
}
