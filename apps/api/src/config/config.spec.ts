import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actionday-config-'));

  it('has working defaults: embedded database, port 3000, a JWT secret kept under DATA_DIR', () => {
    const c = loadConfig({ DATA_DIR: dir }, '/');
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, redisUrl: null, admin: null, demo: 'auto', dataDir: dir });
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(c.jwtSecret);
    expect(loadConfig({ DATA_DIR: dir }, '/').jwtSecret).toBe(c.jwtSecret);
  });

  it('names the variable that is wrong', () => {
    const error = (env: Record<string, string>) => {
      try {
        loadConfig({ DATA_DIR: dir, ...env }, '/');
        return null;
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
    };
    expect(error({ PORT: 'eighty' })).toMatch(/^PORT: /);
    expect(error({ DATABASE_URL: 'mysql://x' })).toMatch(/^DATABASE_URL: must be a postgres/);
    expect(error({ JWT_SECRET: 'short' })).toMatch(/^JWT_SECRET: /);
    expect(error({ DATABASE_PREPARED_STATEMENTS: 'no' })).toBe('DATABASE_PREPARED_STATEMENTS: must be on or off');
    expect(error({ ADMIN_EMAIL: 'admin@example.org' })).toBe('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    expect(error({ DEMO: 'maybe' })).toMatch(/^DEMO: /);
    for (const bad of ['0', '-1', '1.5', 'two', '129']) expect(error({ WORKERS: bad })).toBe('WORKERS: must be a whole number from 1 to 128, or auto (one per CPU)');
  });

  it('prepares the hot statements unless DATABASE_PREPARED_STATEMENTS is off (a pooler that cannot keep them)', () => {
    expect(loadConfig({ DATA_DIR: dir }, '/').pool.preparedStatements).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, DATABASE_PREPARED_STATEMENTS: 'off' }, '/').pool.preparedStatements).toBe(false);
  });

  it('runs one process unless WORKERS asks for more; auto is one per CPU', () => {
    expect(loadConfig({ DATA_DIR: dir }, '/').workers).toBe(1);
    expect(loadConfig({ DATA_DIR: dir, WORKERS: '4' }, '/').workers).toBe(4);
    expect(loadConfig({ DATA_DIR: dir, WORKERS: 'auto' }, '/').workers).toBe(availableParallelism());
  });

  it('seeds the demo on its own only on the embedded database; DEMO=on asks for it anywhere', () => {
    expect(loadConfig({ DATA_DIR: dir }, '/').demo).toBe('auto');
    expect(loadConfig({ DATA_DIR: dir, DEMO: 'on' }, '/').demo).toBe('on');
    expect(loadConfig({ DATA_DIR: dir, DEMO: 'true' }, '/').demo).toBe('on');
    expect(loadConfig({ DATA_DIR: dir, DEMO: '0' }, '/').demo).toBe('off');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' }, '/')).toMatchObject({ databaseUrl: null, redisUrl: null });
  });
});
