import { Injectable } from '@nestjs/common';
import type { Tallies, TallyDelta } from '@actionday/contracts';
import { applyTallyDeltas, emptyTallies } from '@actionday/tallies';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';

/**
 * Reads the figures from the counters kept by every write (see JournalService): the cost is the
 * number of figures, not the number of findings. One snapshot transaction, so `asOfSeq` matches.
 */
@Injectable()
export class TalliesService {
  constructor(private readonly ds: DataSource) {}

  async get(operationId: string): Promise<Tallies> {
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      const ops: { countries: string[]; last_seq: string; status: string }[] = await m.query(
        'SELECT countries, last_seq, status FROM operations WHERE id = $1',
        [operationId],
      );
      if (!ops[0]) throw notFound('operation');
      const teams: { id: string; name: string }[] = await m.query('SELECT id, name FROM teams WHERE operation_id = $1 ORDER BY name', [
        operationId,
      ]);
      const counters: (Omit<TallyDelta, 'delta'> & { value: string })[] = await m.query(
        'SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0',
        [operationId],
      );
      const base = emptyTallies({
        operationId,
        frozen: ops[0].status === 'closed',
        asOfSeq: Number(ops[0].last_seq),
        teams,
        countries: ops[0].countries,
      });
      const names = new Map(teams.map((t) => [t.id, t.name]));
      return applyTallyDeltas(
        base,
        counters.map((c) => ({ dim: c.dim, key: c.key, metric: c.metric, sub: c.sub, delta: Number(c.value) })),
        (id) => names.get(id) ?? '',
      );
    });
  }
}
