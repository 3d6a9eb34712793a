import { failed, runChaos } from './support/chaos';
import { ensureApiBuilt } from './support/api-process';

/**
 * Redis, the link between API instances, gone under two of them (tools/chaos/redis-down.mjs, at
 * a smaller size): each keeps serving its own clients with no 5xx, and the other's clients catch
 * up once it is back. Needs redis-server, like the other scale-out tests need Redis.
 */
describe('Redis away under two API instances', () => {
  beforeAll(() => ensureApiBuilt(), 120_000);

  it('each instance serves its own clients, the others catch up, nothing lost or twice', async () => {
    const report = await runChaos('redis-down.mjs', ['--findings', '200', '--down', '5']);
    expect(failed(report)).toEqual([]);
    expect(report.figures).toMatchObject({ findings: 200, answers: { 201: 200 } });
  }, 300_000);
});
