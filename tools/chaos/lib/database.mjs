// @ts-check
// A PostgreSQL of the fault script's own, never the shared server other work is using: the
// embedded database (dist/apps/api/embedded-db.js, the API's own cluster code) in a temporary
// folder, on a fixed port, so that it can be stopped, killed and started again under a running API.
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, root } from '../../bench/lib/api-server.mjs';

/**
 * A new temporary folder for an embedded cluster, open to the postgres user the server runs as
 * when this runs as root.
 * @param {string} prefix
 */
export function tempDataDir(prefix) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dataDir, 0o755);
  return dataDir;
}

/**
 * The postmaster.pid of the cluster under `dataDir` (DATA_DIR/pg): the server's pid and port.
 * Throws when the server is not running.
 * @param {string} dataDir
 */
export function postmaster(dataDir) {
  const lines = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/**
 * Removes `dataDir` and the cluster in it, wherever it lives: root's cluster may live outside the
 * folder, `pg` being a link to it (see postgres-cluster.ts).
 * @param {string} dataDir
 */
export function removeDataDir(dataDir) {
  const link = join(dataDir, 'pg');
  try {
    if (lstatSync(link).isSymbolicLink())
      rmSync(dirname(readlinkSync(link)), { recursive: true, force: true });
  } catch {
    // nothing was created
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * @typedef {object} PrivateDatabase
 * @property {string} dataDir
 * @property {number} port
 * @property {string} url  the superuser's, once started (empty before)
 * @property {() => Promise<string>} start  starts the server (again), on the same port; resolves to its url once it accepts connections
 * @property {() => Promise<void>} stop  fast shutdown, as an operator's restart does: transactions roll back, connections end
 * @property {() => Promise<void>} kill9  kill -9 of the server itself (the postmaster), as a crash or the OOM killer does
 * @property {() => Promise<void>} remove  stops it and removes its files
 */

/** @returns {Promise<PrivateDatabase>} */
export async function privateDatabase() {
  const dataDir = tempDataDir('actionday-chaos-');
  const port = await freePort();
  /** @type {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable> | null} */
  let proc = null;
  let url = '';
  /** @type {PrivateDatabase} */
  const db = {
    dataDir,
    port,
    get url() {
      return url;
    },
    async start() {
      const server = spawn(
        process.execPath,
        [join(root, 'dist/apps/api/embedded-db.js'), dataDir, String(port)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      proc = server;
      let err = '';
      server.stderr.on('data', (d) => (err += d));
      url = await new Promise((resolve, reject) => {
        server.stdout.on('data', (d) => {
          const m = /^ready (\S+)/m.exec(String(d));
          if (m) resolve(m[1]);
        });
        server.once('exit', (code) =>
          reject(
            new Error(
              `the private PostgreSQL did not start (exit ${code}): ${err.trim().split('\n').pop()}`,
            ),
          ),
        );
      });
      return url;
    },
    async stop() {
      const server = proc;
      if (!server || server.exitCode !== null) return;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT');
      await exited;
    },
    async kill9() {
      const server = proc;
      const exited = new Promise((r) =>
        server && server.exitCode === null ? server.once('exit', r) : r(undefined),
      );
      process.kill(postmaster(dataDir).pid, 'SIGKILL');
      await exited;
    },
    async remove() {
      await db.stop().catch(() => undefined);
      removeDataDir(dataDir);
    },
  };
  return db;
}
