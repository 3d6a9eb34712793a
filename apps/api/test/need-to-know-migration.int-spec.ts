import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source';
import { EVENT_DATA_FOR_VIEWER } from '../src/journal/journal.repository';
import { adminQuery, withDatabase } from './support/database';

/**
 * A database written before the need-to-know policy: its restricted records learn their teams,
 * and the events it already logged are rewritten so that the replay (GET .../events?after=0)
 * tells no one more than the policy allows.
 */
describe('the need-to-know migration on a database that holds a day', () => {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL as string;
  const name = `actionday_ntk_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(server, name);
  const BEFORE = MIGRATIONS.findIndex((m) => m.name === 'NeedToKnow1764230400000');

  beforeAll(() => adminQuery(server, `CREATE DATABASE ${name}`));
  afterAll(() => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  const run = async (migrations: typeof MIGRATIONS) => {
    const ds = new DataSource({ ...dataSourceOptions(url, 1), migrations });
    await ds.initialize();
    await ds.runMigrations();
    return ds;
  };

  it('restricts victims, links to them and targets made from them, and rewrites the logged events', async () => {
    expect(BEFORE).toBeGreaterThan(0);
    const old = await run(MIGRATIONS.slice(0, BEFORE));
    const [{ id: user }] = await old.query(`INSERT INTO users (email, display_name, password_hash) VALUES ('o@test.example', 'O', 'x') RETURNING id`);
    const [{ id: op }] = await old.query(
      `INSERT INTO operations (name, kind, starts_at, ends_at, timezone, countries, status) VALUES ('old', 'joint_action_day', now(), now() + interval '1 day', 'UTC', '{NL,UA}', 'live') RETURNING id`,
    );
    const [{ id: nl }] = await old.query(`INSERT INTO teams (operation_id, name, country) VALUES ($1, 'NL', 'NL') RETURNING id`, [op]);
    const [{ id: ua }] = await old.query(`INSERT INTO teams (operation_id, name, country) VALUES ($1, 'UA', 'UA') RETURNING id`, [op]);
    const finding = async (type: string, team: string, details: object, notes: string | null) =>
      (
        await old.query(
          `INSERT INTO findings (operation_id, client_id, body_hash, type, author_id, team_id, details, notes, nationality, indicators)
           VALUES ($1, $2, 'h', $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [op, randomUUID(), type, user, team, JSON.stringify(details), notes, type === 'possible_victim' ? 'KZ' : null, type === 'possible_victim' ? ['visibly_very_young'] : []],
        )
      )[0].id as string;
    const victim = await finding('possible_victim', nl, { alias: 'Lena', nationality: 'KZ' }, 'victim notes');
    const suspect = await finding('suspect', ua, { alias: 'Boss' }, 'suspect notes');
    const link = await finding('link', ua, { fromFindingId: suspect, toFindingId: victim, reason: 'same phone' }, null);
    const [{ id: snowball }] = await old.query(
      `INSERT INTO targets (operation_id, kind, value, normalized, source_finding_id) VALUES ($1, 'email', 'lena@mail.example', 'lena@mail.example', $2) RETURNING id`,
      [op, victim],
    );
    await old.query(
      `INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value) VALUES ($1, 'all', '', 'victims_total', '', 1), ($1, 'all', '', 'indicator', 'visibly_very_young', 1)`,
      [op],
    );

    const dto = (id: string, type: string, team: string, extra: object) => ({ id, type, teamId: team, targetId: randomUUID(), duplicateOf: null, redacted: false, notes: null, evidence: [], ...extra });
    const redacted = { redacted: true, details: null, identifiers: [], indicators: [], evidence: [], notes: null };
    const events: [string, object, object | null, string[] | null][] = [
      ['member.updated', { member: { userId: user, email: 'o@test.example', role: 'organizer' } }, null, null],
      ['finding.created', { finding: dto(victim, 'possible_victim', nl, redacted) }, { finding: dto(victim, 'possible_victim', nl, { details: { alias: 'Lena' } }) }, [nl]],
      ['tally.updated', { deltas: [{ dim: 'all', key: '', metric: 'victims_total', sub: '', delta: 1 }, { dim: 'all', key: '', metric: 'victims_nationality', sub: 'KZ', delta: 1 }, { dim: 'all', key: '', metric: 'indicator', sub: 'visibly_very_young', delta: 1 }, { dim: 'all', key: '', metric: 'findings_hour', sub: '2026-11-23T10:00:00.000Z', delta: 1 }] }, null, null],
      ['finding.created', { finding: dto(suspect, 'suspect', ua, { notes: 'suspect notes', evidence: [{ url: 'https://e.example/1' }] }) }, null, null],
      ['finding.created', { finding: dto(link, 'link', ua, { details: { reason: 'same phone' } }) }, null, null],
      ['target.created', { target: { id: snowball, value: 'lena@mail.example', normalized: 'lena@mail.example', sourceFindingId: victim } }, null, null],
      [
        'correlation.match',
        { match: { normalized: null, redacted: true, sides: [{ teamId: ua, findingId: suspect, targetId: null }, { teamId: nl, findingId: victim, targetId: null }] } },
        { match: { normalized: '+31611112222', redacted: false, sides: [{ teamId: ua, findingId: suspect, targetId: null }, { teamId: nl, findingId: victim, targetId: null }] } },
        [ua, nl],
      ],
    ];
    for (const [i, [type, payload, restricted, teams]] of events.entries()) {
      await old.query(`INSERT INTO events (operation_id, seq, type, payload, restricted, restricted_team_ids) VALUES ($1, $2, $3, $4, $5, $6)`, [
        op,
        i + 1,
        type,
        JSON.stringify(payload),
        restricted ? JSON.stringify(restricted) : null,
        teams,
      ]);
    }
    await old.query(`UPDATE operations SET last_seq = $2 WHERE id = $1`, [op, events.length]);
    await old.destroy();

    const ds = await run(MIGRATIONS);
    try {
      const restricted = async (table: string, id: string) => (await ds.query(`SELECT restricted_team_ids FROM ${table} WHERE id = $1`, [id]))[0].restricted_team_ids;
      expect(await restricted('findings', victim)).toEqual([nl]);
      expect(await restricted('findings', suspect)).toBeNull();
      expect((await restricted('findings', link)).sort()).toEqual([nl, ua].sort());
      expect(await restricted('targets', snowball)).toEqual([nl]);

      // The replay as each audience reads it, through the very expression the API uses.
      const replay = async (all: boolean, team: string | null, officer: boolean) =>
        (
          await ds.query(`SELECT e.type, ${EVENT_DATA_FOR_VIEWER('$2', '$3::uuid', '$4')} AS data FROM events e WHERE e.operation_id = $1 ORDER BY e.seq`, [
            op,
            all,
            team,
            officer,
          ])
        ).map((r: { type: string; data: unknown }) => JSON.stringify(r.data));
      const observer = await replay(false, null, false);
      const otherOfficer = await replay(false, null, true);
      const nlOfficer = await replay(false, nl, true);
      const coordinator = await replay(true, null, false);
      for (const seen of [observer, otherOfficer]) {
        const text = seen.join('\n');
        expect(text).not.toMatch(/Lena|lena@mail|KZ|victims_|visibly_very_young|same phone|o@test\.example/);
        expect(text).not.toContain(`"findingId":"${victim}"`);
        // The redacted victim no longer says which target it was logged on.
        expect(JSON.parse(seen[1])).toMatchObject({ finding: { id: victim, redacted: true, targetId: null } });
      }
      expect(observer.join('\n')).not.toContain('suspect notes');
      expect(otherOfficer.join('\n')).toContain('suspect notes');
      expect(nlOfficer.join('\n')).toMatch(/Lena/);
      expect(nlOfficer.join('\n')).not.toMatch(/victims_|o@test\.example/);
      const all = coordinator.join('\n');
      for (const s of ['Lena', 'lena@mail', 'victims_nationality', 'same phone', 'o@test.example', `"findingId":"${victim}"`]) expect(all).toContain(s);

      // A victim's indicators are counted apart from now on.
      const counters: { metric: string; value: string }[] = await ds.query(
        `SELECT metric, value FROM tally_counters WHERE operation_id = $1 AND metric IN ('indicator', 'victim_indicator') ORDER BY metric`,
        [op],
      );
      expect(counters.map((c) => [c.metric, Number(c.value)])).toEqual([['victim_indicator', 1]]);
    } finally {
      await ds.destroy();
    }
  });
});
