import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiPaths } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { PgClient } from '../src/database/pg-client';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const PGBENCH_FILE = join(process.cwd(), 'tools/bench/pgbench-finding.sql');

/**
 * A statement's shape: its first word (BEGIN and END as START and COMMIT) and the tables it
 * names. Parameters, literals and column lists differ between the API and pgbench; which
 * statements run, in which order and on which tables must not.
 */
function shapeOf(sql: string, tables: ReadonlySet<string>): string {
  const text = sql.replace(/--[^\n]*/g, ' ').trim();
  const first = text.split(/\s+/)[0].toUpperCase();
  const verb = first === 'BEGIN' ? 'START' : first === 'END' ? 'COMMIT' : first;
  const named = [...text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_]+)/gi)].map((m) => m[1].toLowerCase()).filter((t) => tables.has(t));
  return `${verb} ${[...new Set(named)].sort().join(',')}`.trim();
}

/** The statements of pgbench-finding.sql, without its meta-commands. */
function pgbenchStatements(): string[] {
  const body = readFileSync(PGBENCH_FILE, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .map((line) => line.replace(/\\gset.*$/, ';'))
    .join('\n')
    .replace(/--[^\n]*/g, '');
  return body
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('tools/bench/pgbench-finding.sql', () => {
  let t: TestApp;
  let s: Scenario;
  let tables: Set<string>;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    const rows: { table_name: string }[] = await t.app.get(DataSource).query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    tables = new Set(rows.map((r) => r.table_name));
  });
  afterAll(() => t.close());

  it('sends, in order, the statements on the tables that the API sends for one finding', async () => {
    // The benchmark's finding: a suspect on a tagged target of a team, one phone number, two indicators.
    const target = await createTarget(t, s, { kind: 'platform', value: `bench-${randomUUID()}.example`, country: 'NL', tags: ['bench', 'ukraine-related'] });
    await assign(t, s, s.teams.nl.id, [target.id]);
    const body = {
      clientId: randomUUID(),
      type: 'suspect',
      targetId: target.id,
      alias: 'bench suspect',
      nationality: 'RO',
      role: 'recruiter',
      identifiers: [{ kind: 'phone', value: '+31 6 12345678' }],
      indicators: ['third_party_control', 'multi_country_ads'],
      notes: 'Benchmark finding.',
    };
    const sent: string[] = [];
    // Every connection of the API is a PgClient: its query method, wrapped for one request.
    const proto = PgClient.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: PgClient, ...args: unknown[]) {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''));
      return original.apply(this, args);
    };
    try {
      await expectStatus(t.post(apiPaths.findings(s.operation.id), body, s.officerNl.token), 201);
    } finally {
      delete (proto as { query?: unknown }).query;
    }
    const api = sent.map((sql) => shapeOf(sql, tables));
    const bench = pgbenchStatements().map((sql) => shapeOf(sql, tables));
    // When this fails, the write path changed: bring pgbench-finding.sql up to date (log the
    // statements of one POST with log_statement = all, as its header says).
    expect(bench).toEqual(api);
    expect(api).toContain('INSERT findings');
    expect(api.at(-1)).toBe('COMMIT');
  });
});
