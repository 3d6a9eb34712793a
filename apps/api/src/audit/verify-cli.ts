/**
 * `npm run audit:verify -- <operationId>`: checks an operation's audit chain straight in the
 * database (DATABASE_URL, else the embedded PostgreSQL under DATA_DIR, which it starts if the
 * app is not running). Exit 0 when intact, 1 when an entry was tampered with, 2 when it cannot tell.
 */
import 'reflect-metadata';
import { idSchema } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config';
import { dataSourceOptions } from '../database/data-source';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded-postgres';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string, code = 2): never => {
  process.stderr.write(`audit:verify: ${line}\n`);
  process.exit(code);
};

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg || arg === '--help') fail('usage: npm run audit:verify -- <operationId>');
  const operationId = idSchema.safeParse(arg);
  if (!operationId.success) fail(`"${arg}" is not an operation id (a UUID)`);

  let config;
  try {
    config = loadConfig();
  } catch (e) {
    fail(e instanceof ConfigError ? `configuration error: ${e.message}` : String(e));
  }
  let embedded: EmbeddedDatabase | null = null;
  const url = config!.databaseUrl ?? (embedded = await startEmbeddedPostgres(config!.dataDir, () => undefined)).url;
  const ds = new DataSource(dataSourceOptions(url, { poolSize: 1, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 }));
  try {
    await ds.initialize();
    const ops: { name: string }[] = await ds.query('SELECT name FROM operations WHERE id = $1', [operationId.data]);
    if (!ops[0]) fail(`no operation ${operationId.data} in this database`);
    const result = await new AuditService(new AuditRepository(ds)).verify(operationId.data!);
    if (result.ok) {
      say(`audit chain of "${ops[0].name}" is intact: ${result.entries} entries, last hash ${result.lastHash}`);
      if (result.closeHead) say(`it reaches the head recorded at close (entry ${result.closeHead.seq}, hash ${result.closeHead.hash}), followed by the close`);
      if (result.purgedDetails) say(`(${result.purgedDetails} entries had their details erased by retention when the operation was purged; their hashes still verify)`);
      process.exitCode = 0;
    } else {
      const firstInvalid = result.firstInvalid!;
      say(`audit chain of "${ops[0].name}" is BROKEN at entry ${firstInvalid.seq}: ${firstInvalid.reason}`);
      say(`the ${Math.min(result.entries, firstInvalid.seq - 1)} entries before it verify; last good hash ${result.lastHash}`);
      process.exitCode = 1;
    }
  } finally {
    await ds.destroy().catch(() => undefined);
    // Only a server this command started is stopped: a running app keeps its database.
    if (embedded && !embedded.adopted) await embedded.stop();
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
