import { failed, runChaos } from './support/chaos';
import { ensureApiBuilt } from './support/api-process';

/**
 * Faults a day of findings must survive, each run by its script in tools/chaos (a process killed
 * with -9, the database restarted and away): every answered finding stored once, counters equal
 * to the recount, the event log without gaps, the audit chain intact, every live client
 * converged, and no 500 on the way. The scripts at their full size are for people; these run them
 * smaller.
 */
describe('faults during a day of findings', () => {
  beforeAll(() => ensureApiBuilt(), 120_000);

  it('kill -9 of the API, twice, under 8 posters: nothing lost, nothing twice', async () => {
    const report = await runChaos('kill-api.mjs', ['--findings', '300']);
    expect(failed(report)).toEqual([]);
    expect(report.figures).toMatchObject({ findings: 300, kills: [expect.anything(), expect.anything()] });
  }, 300_000);

  it('PostgreSQL restarted, then away for 10 s: 503 with Retry-After meanwhile, health says so, the API recovers by itself', async () => {
    const report = await runChaos('restart-postgres.mjs', ['--findings', '200', '--away', '10']);
    expect(failed(report)).toEqual([]);
    expect(report.figures).toMatchObject({ findings: 200 });
  }, 300_000);

  it('kill -9 of both the API and its embedded PostgreSQL: the next start recovers every answered finding', async () => {
    const report = await runChaos('embedded-crash.mjs', ['--findings', '200']);
    expect(failed(report)).toEqual([]);
    expect(report.figures).toMatchObject({ findings: 200 });
  }, 300_000);
});
