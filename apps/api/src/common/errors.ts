import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';

/** The same 404 for "does not exist" and "not yours": existence is not revealed. */
export const notFound = (what: string) => new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${what} not found` });
export const forbidden = (message: string) => new ForbiddenException({ statusCode: 403, error: 'Forbidden', message });
export const conflict = (message: string, details?: { path: string; message: string }[]) =>
  new ConflictException({ statusCode: 409, error: 'Conflict', message, ...(details ? { details } : {}) });
