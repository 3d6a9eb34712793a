import type { z } from 'zod';
import { ApiError, normalizeIssuePath, type FieldIssue } from './api-client';

/** What a form shows after a failed submit: a message on top, and errors next to the fields. */
export interface FormErrors {
  message: string | null;
  fields: Record<string, string>;
  /** Issues that no visible field claims: listed with the message. */
  other: FieldIssue[];
}

export const noErrors: FormErrors = { message: null, fields: {}, other: [] };

function split(issues: FieldIssue[], knownFields: readonly string[]): Pick<FormErrors, 'fields' | 'other'> {
  const fields: Record<string, string> = {};
  const other: FieldIssue[] = [];
  for (const issue of issues) {
    const path = normalizeIssuePath(issue.path);
    const field = knownFields.find((f) => path === f || path.startsWith(`${f}.`));
    if (field && !(field in fields)) fields[field] = issue.message;
    else if (!field) other.push({ path, message: issue.message });
  }
  return { fields, other };
}

export function formErrorsFromZod(error: z.ZodError, knownFields: readonly string[]): FormErrors {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return { message: 'Check the highlighted fields', ...split(issues, knownFields) };
}

export function formErrorsFrom(error: unknown, knownFields: readonly string[]): FormErrors {
  if (error instanceof ApiError) return { message: error.message, ...split(error.details, knownFields) };
  if (error instanceof Error) return { message: error.message, fields: {}, other: [] };
  return { message: 'Something went wrong', fields: {}, other: [] };
}

export function hasErrors(e: FormErrors): boolean {
  return e.message !== null || Object.keys(e.fields).length > 0 || e.other.length > 0;
}
