import type { PipeTransform } from '@nestjs/common';
import { idSchema } from '@actionday/contracts';
import { notFound } from './errors';

/** A malformed id names nothing: 404, like an unknown one (never a database cast error). */
export const validId = (what: string): PipeTransform<unknown, string> => ({
  transform: (value: unknown) => {
    if (typeof value !== 'string' || !idSchema.safeParse(value).success) throw notFound(what);
    return value;
  },
});
