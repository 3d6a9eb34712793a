/**
 * `npm run archive -- <operationId> [--out <file>]`: writes a closed operation to one file.
 * `npm run archive:import -- <file> --organizer <e-mail>`: loads such a file into this
 * instance, which checks it first and refuses one that does not verify.
 *
 * Both work on this instance's database as its owner: MIGRATIONS_DATABASE_URL, else
 * DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (started if the app is not running).
 * Exit 0 when done, 1 when the archive was refused, 2 when it could not be tried.
 */
import 'reflect-metadata';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { idSchema } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config';
import { dataSourceOptions } from '../database/data-source';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded-postgres';
import { ArchiveRefused, readArchive, writeArchive } from './archive';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string, code = 2): never => {
  process.stderr.write(`archive: ${line}\n`);
  process.exit(code);
};
const USAGE = 'usage: npm run archive -- <operationId> [--out <file>]   |   npm run archive:import -- <file> --organizer <e-mail>';

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60) || 'operation';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' }, organizer: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    } catch (e) {
      return fail(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    }
  })();
  if (values.help || positionals.length !== 1 || (command !== 'export' && command !== 'import')) fail(USAGE);
  const [target] = positionals;
  if (command === 'export' && !idSchema.safeParse(target).success) fail(`"${target}" is not an operation id (a UUID)\n${USAGE}`);
  if (command === 'import' && !existsSync(target)) fail(`no file ${target}`);
  // Someone here must be able to open what is imported: nobody of this instance is a member of it.
  if (command === 'import' && !values.organizer) fail(`say who opens the operation here: --organizer <e-mail of an account of this instance>\n${USAGE}`);

  const config = (() => {
    try {
      return loadConfig();
    } catch (e) {
      return fail(e instanceof ConfigError ? `configuration error: ${e.message}` : String(e));
    }
  })();
  let embedded: EmbeddedDatabase | null = null;
  const url = config.migrationsDatabaseUrl ?? config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir, () => undefined)).url;
  const ds = new DataSource(dataSourceOptions(url, { poolSize: 2, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 }));
  try {
    await ds.initialize();
    if (command === 'export') {
      const name = ((await ds.query('SELECT name FROM operations WHERE id = $1', [target])) as { name: string }[])[0]?.name;
      if (!name) throw new ArchiveRefused(`no operation ${target} in this database`);
      const file = resolve(values.out ?? `${slug(name)}-${target.slice(0, 8)}.actionday-archive.jsonl.gz`);
      // Written aside and moved into place at the end: a file under that name is always whole.
      const partial = `${file}.partial`;
      try {
        const summary = await writeArchive(ds, target, createWriteStream(partial, { mode: 0o600 }));
        renameSync(partial, file);
        const rows = Object.entries(summary.counts).map(([t, n]) => `${n} ${t}`).join(', ');
        say(`archived "${summary.operationName}" to ${file}`);
        say(`${rows}; SHA-256 of its content ${summary.sha256}`);
        say('it holds personal data of possible victims: hand it over as the agreement with the receiving country says, and delete it when that is done');
      } finally {
        rmSync(partial, { force: true });
      }
    } else {
      const summary = await readArchive(ds, createReadStream(target), { organizer: values.organizer });
      say(`imported "${summary.operationName}" (${summary.operationId}): audit chain, close snapshot and file checked`);
      say(Object.entries(summary.counts).map(([t, n]) => `${n} ${t}`).join(', '));
      if (summary.accountsCreated) {
        say(`${summary.accountsCreated} account(s) of the archive created here disabled, without a password${summary.accountsRenamed ? ` (${summary.accountsRenamed} under a marked e-mail address, theirs being taken here)` : ''}`);
      }
      say(`${values.organizer} is its organizer here`);
    }
  } catch (e) {
    if (e instanceof ArchiveRefused) fail(`refused: ${e.message}; nothing was ${command === 'import' ? 'imported' : 'written'}`, 1);
    throw e;
  } finally {
    await ds.destroy().catch(() => undefined);
    if (embedded && !embedded.adopted) await embedded.stop();
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message.split('\n')[0] : String(e)));
