import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../auth/user.entity';
import { FindingEntity } from '../findings/finding.entity';
import { MembershipEntity } from '../auth/membership.entity';
import { OperationEntity } from '../operations/operation.entity';
import { TeamEntity } from '../operations/team.entity';
import { TargetEntity } from '../targets/target.entity';
import { LOCK_KEYS, withAdvisoryLock } from './advisory-lock';
import { PgClient } from './pg-client';
import { InitialSchema1763884800000 } from './migrations/1763884800000-initial-schema';
import { TargetSourceFinding1763971200000 } from './migrations/1763971200000-target-source-finding';
import { LiveFindings1764057600000 } from './migrations/1764057600000-live-findings';
import { EndOfDay1764144000000 } from './migrations/1764144000000-end-of-day';
import { NeedToKnow1764230400000 } from './migrations/1764230400000-need-to-know';
import { LoginThrottle1764316800000 } from './migrations/1764316800000-login-throttle';
import { AuditHardening1764403200000 } from './migrations/1764403200000-audit-hardening';
import { BulkWrites1764489600000 } from './migrations/1764489600000-bulk-writes';
import { OperationTlp1764576000000 } from './migrations/1764576000000-operation-tlp';
import { MillisecondPageKeys1764662400000 } from './migrations/1764662400000-millisecond-page-keys';
import { ApiKeys1764748800000 } from './migrations/1764748800000-api-keys';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  OperationEntity,
  TeamEntity,
  MembershipEntity,
  TargetEntity,
  FindingEntity,
];

/** Listed explicitly (not globbed) so that the bundled API and the tests run the same set. */
export const MIGRATIONS = [
  InitialSchema1763884800000,
  TargetSourceFinding1763971200000,
  LiveFindings1764057600000,
  EndOfDay1764144000000,
  NeedToKnow1764230400000,
  LoginThrottle1764316800000,
  AuditHardening1764403200000,
  BulkWrites1764489600000,
  OperationTlp1764576000000,
  MillisecondPageKeys1764662400000,
  ApiKeys1764748800000,
];

/** How the API's pool talks to PostgreSQL (see config: DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT, ...). */
export interface PoolSettings {
  poolSize: number;
  /** No statement runs longer: a runaway one fails instead of holding an operation for minutes. */
  statementTimeoutMs: number;
  /** A transaction left open (a crashed request, a client gone) is ended by the server after this. */
  idleInTransactionTimeoutMs: number;
  /** The hot paths' statements prepared once per connection (see prepared-statements.ts); default on. */
  preparedStatements?: boolean;
}

export const DEFAULT_POOL: PoolSettings = { poolSize: 20, statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 60_000, preparedStatements: true };

export function dataSourceOptions(url: string, pool: number | PoolSettings = DEFAULT_POOL): DataSourceOptions {
  const settings = typeof pool === 'number' ? { ...DEFAULT_POOL, poolSize: pool } : { ...DEFAULT_POOL, ...pool };
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      // Never a process-ending 'error' event from a connection the server closed (see PgClient).
      Client: PgClient,
      max: settings.poolSize,
      preparedStatements: settings.preparedStatements,
      application_name: 'actionday-api',
      // Sent by node-postgres at connect time: they hold for every statement of every connection.
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
      // A server that does not answer (a host gone from the network) fails a request in 5 s
      // instead of holding it until the operating system gives up on the connection.
      connectionTimeoutMillis: 5000,
      // No JIT compilation: the server compiles a statement whose estimated cost is high (an
      // import's 100,000-key lookup while the statistics still describe small tables) for a
      // second or more, to run it for a fraction of that. Nothing here is long-running analytics.
      options: '-c jit=off',
    },
  };
}

const nothing = () => undefined;
const QUIET: Logger = { logQuery: nothing, logQueryError: nothing, logQuerySlow: nothing, logSchemaBuild: nothing, logMigration: nothing, log: nothing };

/**
 * Applies every pending migration; used at start-up and to prepare test databases. `url` must be
 * the owner of the schema. Two processes migrating one database at once (two instances starting
 * together) take turns on an advisory lock, so the second finds nothing left to do.
 */
export async function migrate(url: string): Promise<string[]> {
  return withAdvisoryLock(url, LOCK_KEYS.migrations, async () => {
    // TypeORM prints a failed migration itself; the caller reports the error it throws, once.
    // A migration may rewrite every row of a large day: no statement limit here.
    const ds = new DataSource({ ...dataSourceOptions(url, { poolSize: 1, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 }), logger: QUIET });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations();
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  });
}
