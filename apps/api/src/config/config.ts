import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { PoolSettings } from '../database/data-source';

/** More API processes than this on one machine is a typo, not a plan. */
const MAX_WORKERS = 128;

/**
 * The one place that reads process.env. Everything else receives a typed AppConfig, so tests can
 * build one without touching the environment.
 */
const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * The owner of the schema, used only to apply migrations. Unset: migrations run over DATABASE_URL,
   * which then must be allowed to change the schema (and start-up says so when that role could
   * also bypass the audit log's triggers).
   */
  MIGRATIONS_DATABASE_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z
    .string()
    .refine((u) => /^rediss?:\/\//.test(u), 'must be a redis:// or rediss:// URL')
    .optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(300).default(60 * 60 * 24 * 7),
  /** auto: seed the demo on an empty embedded database only; on: on any empty database; off: never. */
  DEMO: z.enum(['auto', 'on', 'off', 'true', 'false', '1', '0']).default('auto'),
  DEMO_PASSWORD: z.string().min(8).optional(),
  WEB_DIST: z.string().optional(),
  CORS_ORIGINS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Cookies carry the Secure flag unless explicitly served over plain http (local use). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Days after closing until an operation's personal data is purged; its figures stay. */
  RETENTION_DAYS: z.coerce.number({ error: 'must be a number of days' }).min(0).max(36500).default(180),
  /** How often each instance looks for operations due for purging; 0 turns the job off. */
  RETENTION_CHECK_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).default(3600),
  /**
   * API processes on this machine sharing the one port (node:cluster); auto: one per CPU. Above 1
   * a primary process forks them and restarts one that dies (see cluster/primary.ts).
   */
  WORKERS: z
    .string()
    .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_WORKERS), `must be a whole number from 1 to ${MAX_WORKERS}, or auto (one per CPU)`)
    .default('1'),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(20),
  /** Milliseconds; 0 turns the limit off. */
  DATABASE_STATEMENT_TIMEOUT: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).default(60_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).default(60_000),
  /**
   * on: the statements of every write and access check are prepared once per connection (see
   * database/prepared-statements.ts); off for a connection pooler in transaction mode that does
   * not keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /** Bearer token that /metrics requires; unset: /metrics answers 404. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Members who may not see victims' details get the victim figures only as released aggregates:
   * at most this often, and only once enough victim records changed (see README, need to know).
   */
  VICTIM_FIGURES_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(1).max(86400).default(900),
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  /** Owner connection for migrations; null: migrations use databaseUrl (or the embedded superuser). */
  migrationsDatabaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  admin: { email: string; password: string } | null;
  jwtSecret: string;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  /** auto: seed the demo when the embedded database has no operation; on: any empty database; off: never. */
  demo: 'auto' | 'on' | 'off';
  demoPassword: string | null;
  webDist: string | null;
  corsOrigins: string[];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  cookieSecure: 'auto' | boolean;
  trustProxy: boolean;
  retention: { days: number; checkSeconds: number };
  metricsToken: string | null;
  victimFiguresSeconds: number;
  pool: PoolSettings;
  /** API processes behind the one port; 1: this process serves, no primary. */
  workers: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`${String(first.path[0])}: ${first.message}`);
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const dataDir = resolve(cwd, e.DATA_DIR);
  const demo = (['off', 'false', '0'] as string[]).includes(e.DEMO) ? 'off' : (['on', 'true', '1'] as string[]).includes(e.DEMO) ? 'on' : 'auto';
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    migrationsDatabaseUrl: e.MIGRATIONS_DATABASE_URL ?? null,
    dataDir,
    redisUrl: e.REDIS_URL ?? null,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD } : null,
    jwtSecret: e.JWT_SECRET ?? persistentSecret(dataDir),
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    demo,
    demoPassword: e.DEMO_PASSWORD ?? null,
    webDist: e.WEB_DIST ? resolve(cwd, e.WEB_DIST) : null,
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : [],
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY === 'true',
    retention: { days: e.RETENTION_DAYS, checkSeconds: e.RETENTION_CHECK_SECONDS },
    metricsToken: e.METRICS_TOKEN ?? null,
    victimFiguresSeconds: e.VICTIM_FIGURES_SECONDS,
    pool: {
      poolSize: e.DATABASE_POOL_SIZE,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT,
      preparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'on',
    },
    workers: e.WORKERS === 'auto' ? Math.min(availableParallelism(), MAX_WORKERS) : Number(e.WORKERS),
  };
}

/** Unset and empty are the same thing in a .env file or a compose file. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => !!kv[1]));
}

/**
 * Without JWT_SECRET a single instance generates one and keeps it under DATA_DIR, so tokens
 * survive a restart. Several instances must share JWT_SECRET (the README says so).
 */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
