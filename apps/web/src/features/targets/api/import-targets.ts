import { useMutation } from '@tanstack/react-query';
import { apiPaths, type ImportResult } from '@actionday/contracts';
import { apiRequest, isApiError } from '../../../shared/api-client';
import { asImportResult } from '../import-rules';

export interface ImportTargetsVariables {
  /** The CSV file's text, sent as is. */
  csv: string;
  dryRun: boolean;
  /** Tags the socket `progress` messages of a real import. */
  importId?: string;
}

/**
 * Dry run (200) or real import (201). A real import of a file with errors answers 400 with the
 * same report at the top level of the error body and saves nothing: that report is returned like
 * a result, so that the page shows the row errors instead of a bare "400".
 */
export async function importTargets(operationId: string, { csv, dryRun, importId }: ImportTargetsVariables): Promise<ImportResult> {
  try {
    return await apiRequest<ImportResult>(apiPaths.targetsImport(operationId), {
      method: 'POST',
      rawBody: csv,
      contentType: 'text/csv',
      query: { dryRun, importId },
    });
  } catch (e) {
    const report = isApiError(e, 400) ? asImportResult(e.body, dryRun) : null;
    if (report) return report;
    throw e;
  }
}

/** No cache update here: the targets.imported event invalidates the board's list. */
export function useImportTargets(operationId: string) {
  return useMutation({ mutationFn: (vars: ImportTargetsVariables) => importTargets(operationId, vars) });
}
