import type { TallyDelta } from '@actionday/contracts';
import type { EntityManager } from 'typeorm';
import { OperationTx } from './operation-tx';

describe('OperationTx', () => {
  it('collects the counter changes of a bulk write of any size', () => {
    const tx = new OperationTx({} as EntityManager, 'op', null);
    const delta: TallyDelta = { dim: 'all', key: '', metric: 'targets_state', sub: 'unassigned', delta: 1 };
    // More items than a function call can take as arguments (a 100,000-row import is ~400,000).
    tx.tally(Array.from({ length: 500_000 }, () => delta));
    expect(tx.deltas).toHaveLength(500_000);
  });
});
