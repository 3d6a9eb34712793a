/**
 * `node dist/apps/api/embedded-db.js <dataDir> [port]`: the embedded PostgreSQL alone, in the
 * foreground, as the API would start it (same cluster layout, same roles, same relocation for
 * root). For the fault scripts (tools/chaos), which stop, kill and restart the database under a
 * running API on the same port. Prints `ready <superuser URL>` once it accepts connections; ends
 * on SIGINT or SIGTERM (fast shutdown), or when the server process dies.
 */
import { startEmbeddedPostgres } from './embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: embedded-db.js <dataDir> [port]');
  const db = await startEmbeddedPostgres(dataDir, (line) => process.stderr.write(`${line}\n`), { port: port ? Number(port) : undefined });
  process.stdout.write(`ready ${db.url}\n`);
  const stop = async () => {
    await db.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  db.exited?.then(() => process.exit(3));
}

main().catch((e: unknown) => {
  process.stderr.write(`embedded-db: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
