// @ts-check
// A live operation set up through the REST API as an organizer would, and the finding an officer
// logs in it: shared by the benchmarks so that they measure the same kind of operation.
import { benchAdmin } from './api-server.mjs';

/** The participating countries, one team each. */
export const BENCH_COUNTRIES = ['NL', 'DE', 'BE', 'FR', 'ES', 'IT', 'PL', 'RO', 'BG', 'SE'];

/**
 * `{ accessToken, user }` of an account; `call` is a jsonCaller on /api/v1.
 * @param {import('./api-server.mjs').JsonCall} call
 * @param {{ email: string, password: string }} account
 * @returns {Promise<{ accessToken: string, user: { id: string } }>}
 */
export const login = (call, account) => call('POST', '/auth/login', account);

/**
 * @typedef {object} Officer
 * @property {string} email
 * @property {string} password
 * @property {string} teamId
 * @property {string} country
 * @property {string} targetId  the team's target
 * @property {string} token  access token (refreshTokens renews it)
 * @property {string} userId
 */

/**
 * @typedef {object} LiveSetup
 * @property {string} operationId
 * @property {string} adminToken
 * @property {string} adminId
 * @property {Officer[]} officers
 */

/**
 * An operation going live with one team, one officer and one target per country, organized by
 * the bench admin. Officers' e-mails are `${accountPrefix}-${i}@bench.example`: give each
 * operation of a run its own prefix. Resolves to `{ operationId, adminToken, adminId, officers }`,
 * each officer with `{ email, password, teamId, country, targetId, token, userId }`.
 * @param {import('./api-server.mjs').JsonCall} call
 * @param {{ name?: string, countries?: string[], startsAt?: Date, endsAt?: Date, accountPrefix?: string, targetPrefix?: string }} [options]
 * @returns {Promise<LiveSetup>}
 */
export async function setUpLiveOperation(
  call,
  {
    name = 'live findings bench',
    countries = BENCH_COUNTRIES,
    startsAt = new Date(Date.now() - 3600_000),
    endsAt = new Date(Date.now() + 86_400_000),
    accountPrefix = 'bench-officer',
    targetPrefix = 'bench-site',
  } = {},
) {
  const { accessToken: admin, user: adminUser } = await login(call, benchAdmin);
  const op = await call(
    'POST',
    '/operations',
    {
      name,
      kind: 'joint_action_day',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      timezone: 'UTC',
      countries,
    },
    admin,
  );
  /** @type {Omit<Officer, 'token' | 'userId'>[]} */
  const officers = [];
  for (const [i, country] of countries.entries()) {
    const team = await call(
      'POST',
      `/operations/${op.id}/teams`,
      { name: `Team ${country}`, country },
      admin,
    );
    const email = `${accountPrefix}-${i}@bench.example`;
    const password = `${accountPrefix}-password-${i}`;
    await call(
      'POST',
      '/users',
      { email, displayName: `Officer ${country}`, password, country },
      admin,
    );
    await call(
      'POST',
      `/operations/${op.id}/members`,
      { email, role: 'officer', teamId: team.id },
      admin,
    );
    // Tagged, so that a finding moves as many tally counters as a real one does (8).
    const target = await call(
      'POST',
      `/operations/${op.id}/targets`,
      {
        kind: 'platform',
        value: `${targetPrefix}-${i}.example`,
        country,
        tags: ['bench', 'ukraine-related'],
      },
      admin,
    );
    await call(
      'POST',
      `/operations/${op.id}/assignments`,
      { teamId: team.id, targetIds: [target.id] },
      admin,
    );
    officers.push({ email, password, teamId: team.id, country, targetId: target.id });
  }
  await call('POST', `/operations/${op.id}/transitions`, { to: 'live' }, admin);
  const setup = {
    operationId: op.id,
    adminToken: admin,
    adminId: adminUser.id,
    officers: officers.map((o) => ({ ...o, token: '', userId: '' })),
  };
  await refreshTokens(call, setup);
  return setup;
}

/**
 * New access tokens for the officers and the admin of a set-up operation: a run longer than the
 * token lifetime (ACCESS_TOKEN_TTL, at most an hour) calls it before each phase. Once per
 * account: logins hash with argon2 and are throttled per e-mail address, so the sockets and
 * posters of each team share its officer's token.
 * @param {import('./api-server.mjs').JsonCall} call
 * @param {LiveSetup} setup
 */
export async function refreshTokens(call, setup) {
  setup.adminToken = (await login(call, benchAdmin)).accessToken;
  for (const o of setup.officers) {
    const res = await login(call, { email: o.email, password: o.password });
    o.token = res.accessToken;
    o.userId = res.user.id;
  }
}

/**
 * The finding of the live benchmark: a suspect, so that every member receives the same full
 * payload (no victim details to withhold), on the officer's team's target, with one phone number
 * unique per finding (no correlation matches, the common case on an action day) and two
 * indicators. `rec` is `{ clientId, n, officer }`.
 * @param {{ clientId: string, n: number, officer: { targetId: string } }} rec
 */
export function suspectFindingBody(rec) {
  return {
    clientId: rec.clientId,
    type: 'suspect',
    targetId: rec.officer.targetId,
    alias: `bench suspect ${rec.n}`,
    nationality: 'RO',
    role: 'recruiter',
    identifiers: [{ kind: 'phone', value: `+31 6 ${10_000_000 + (rec.n % 89_999_999)}` }],
    indicators: ['third_party_control', 'multi_country_ads'],
    notes:
      'Advert reposted daily from the same number; same photos as in two other countries. Benchmark finding.',
  };
}
