/**
 * Errors that say the database cannot answer now, rather than that the request was wrong or the
 * code is: the server restarting or gone, the network, a full server, a statement over its time
 * limit, two writes that collided. Each is answered 503 with what to do, never 500.
 */
export type DatabaseTrouble =
  /** Restarting, unreachable or out of connections: the same request will work in a moment. */
  | { kind: 'unavailable'; retryAfterSeconds: number; message: string }
  /** Over DATABASE_STATEMENT_TIMEOUT or DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: rolled back. */
  | { kind: 'timeout'; retryAfterSeconds: null; message: string };

/** SQLSTATEs of a server going away or refusing connections (class 08, admin/crash shutdown, starting up, too many clients). */
const UNAVAILABLE_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '08P01', '57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server that is not there. */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What node-postgres says, without a code, when a connection breaks or cannot be made in time. */
const UNAVAILABLE_MESSAGES = /connection terminated|timeout exceeded when trying to connect|connection timeout|client has encountered a connection error|cannot use a pool after calling end|connection ended/i;
/**
 * TypeORM's word for a transaction whose connection broke under it (the server restarted): the
 * query runner was released when its connection failed, and what the transaction sends next is
 * refused. The server rolled the transaction back.
 */
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);
/** Two writes collided (deadlock, serialization) or a lock could not be had: the retry goes through. */
const COLLISION_STATES = new Set(['40001', '40P01', '55P03']);

/** The SQLSTATEs of an error and of the errors it aggregates. */
function codesOf(error: Error): string[] {
  const causes = error instanceof AggregateError ? error.errors : [];
  return [(error as { code?: unknown }).code, ...causes.map((c: { code?: unknown }) => c?.code)].filter((c): c is string => typeof c === 'string');
}

/** Two writes collided: a retry of the same write (or of a part of it) goes through. */
export function isCollision(error: unknown): boolean {
  return error instanceof Error && codesOf(error).some((c) => COLLISION_STATES.has(c));
}

export function databaseTrouble(error: unknown): DatabaseTrouble | null {
  if (!(error instanceof Error)) return null;
  const codes = codesOf(error);
  if (codes.includes('57014') && /statement timeout/i.test(error.message)) {
    return { kind: 'timeout', retryAfterSeconds: null, message: 'the database took longer than its time limit for one statement (DATABASE_STATEMENT_TIMEOUT); nothing was saved' };
  }
  if (codes.includes('25P03')) {
    return { kind: 'timeout', retryAfterSeconds: null, message: 'the transaction stayed idle longer than its time limit (DATABASE_IDLE_IN_TRANSACTION_TIMEOUT); nothing was saved' };
  }
  if (codes.some((c) => COLLISION_STATES.has(c))) {
    return { kind: 'unavailable', retryAfterSeconds: 1, message: 'this write collided with another one and was rolled back; send it again' };
  }
  if (codes.some((c) => UNAVAILABLE_STATES.has(c) || UNAVAILABLE_ERRNOS.has(c)) || UNAVAILABLE_MESSAGES.test(error.message) || RELEASED_RUNNER.has(error.name)) {
    return { kind: 'unavailable', retryAfterSeconds: 5, message: 'the database is unavailable (restarting or unreachable); try again in a few seconds' };
  }
  return null;
}
