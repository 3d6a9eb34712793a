import { DataSource, type DataSourceOptions } from 'typeorm';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../auth/user.entity';
import { FindingEntity } from '../findings/finding.entity';
import { MembershipEntity } from '../operations/membership.entity';
import { OperationEntity } from '../operations/operation.entity';
import { TeamEntity } from '../operations/team.entity';
import { TargetEntity } from '../targets/target.entity';
import { InitialSchema1763884800000 } from './migrations/1763884800000-initial-schema';
import { TargetSourceFinding1763971200000 } from './migrations/1763971200000-target-source-finding';
import { LiveFindings1764057600000 } from './migrations/1764057600000-live-findings';
import { EndOfDay1764144000000 } from './migrations/1764144000000-end-of-day';

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
export const MIGRATIONS = [InitialSchema1763884800000, TargetSourceFinding1763971200000, LiveFindings1764057600000, EndOfDay1764144000000];

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
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
    extra: { max: poolSize, application_name: 'actionday-api' },
  };
}

/** Applies every pending migration; used at start-up and to prepare test databases. */
export async function migrate(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 1));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
