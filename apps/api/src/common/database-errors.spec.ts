import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseTrouble } from './database-errors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('databaseTrouble', () => {
  it('calls a server going away, unreachable or full "unavailable", with a wait of a few seconds', () => {
    for (const e of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('53300', 'sorry, too many clients already'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')], ''),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new QueryRunnerAlreadyReleasedError(),
      new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')),
    ]) {
      expect(databaseTrouble(e)).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 5 });
    }
  });

  it('asks for a retry of a write that collided, at once', () => {
    expect(databaseTrouble(pgError('40P01', 'deadlock detected'))).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 1 });
    expect(databaseTrouble(pgError('40001', 'could not serialize access'))).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 1 });
  });

  it('names the time limit a statement or a transaction ran into, with no wait to suggest', () => {
    expect(databaseTrouble(pgError('57014', 'canceling statement due to statement timeout'))).toEqual({
      kind: 'timeout',
      retryAfterSeconds: null,
      message: expect.stringContaining('DATABASE_STATEMENT_TIMEOUT'),
    });
    expect(databaseTrouble(pgError('25P03', 'terminating connection due to idle-in-transaction timeout'))).toMatchObject({ kind: 'timeout', message: expect.stringContaining('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT') });
  });

  it('leaves everything else to the other handlers: a cancel by the user, a constraint, a bug', () => {
    expect(databaseTrouble(pgError('57014', 'canceling statement due to user request'))).toBeNull();
    expect(databaseTrouble(pgError('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(databaseTrouble(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(databaseTrouble('a string')).toBeNull();
  });
});
