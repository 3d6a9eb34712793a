import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Turns zod issues into the `details` of a 400: one entry per failing field. */
export function issuesToDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export class ValidationFailed extends BadRequestException {
  constructor(details: { path: string; message: string }[], message?: string) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: message ?? `invalid ${details.map((d) => d.path).join(', ')}`,
      details,
    });
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(issuesToDetails(result.error));
  return result.data;
}

/** `@Body(zod(schema))`, `@Query(zod(schema))`: the shared contract is the validator. */
export function zod<T extends z.ZodType>(schema: T): PipeTransform<unknown, z.infer<T>> {
  return { transform: (value: unknown) => parseOrThrow(schema, value ?? {}) };
}
