import { ApiError, type FieldIssue } from '../api-client';

export interface ErrorMessageProps {
  /** An ApiError, any Error, or a plain message. */
  error: unknown;
  /** Field issues not shown next to a field. */
  other?: FieldIssue[];
  className?: string;
}

export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

/** Announced at once (role="alert"); shows the server's message and its unclaimed field details. */
export function ErrorMessage({ error, other, className }: ErrorMessageProps) {
  if (error === null || error === undefined || error === '') return null;
  const details = other ?? (error instanceof ApiError ? error.details : []);
  return (
    <div role="alert" className={['error-message', className ?? ''].filter(Boolean).join(' ')}>
      <span>{errorText(error)}</span>
      {details.length > 0 ? (
        <ul>
          {details.map((d, i) => (
            <li key={`${d.path}-${i}`}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
