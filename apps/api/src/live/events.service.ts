import { Injectable } from '@nestjs/common';
import { canSeeVictimDetails, type EventsResponse, type LiveEvent } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import type { OperationAccess } from '../auth/auth.decorators';

/** Reads the operation event log for one viewer; personal details are chosen in the query. */
@Injectable()
export class EventsService {
  constructor(private readonly ds: DataSource) {}

  async after(viewer: OperationAccess, after: number, limit: number): Promise<EventsResponse> {
    const seeAll = canSeeVictimDetails(viewer, { teamId: null });
    const ownTeam = viewer.role === 'observer' ? null : viewer.teamId;
    const rows: { seq: string; type: LiveEvent['type']; created_at: Date; actor_id: string | null; data: unknown; last_seq: string }[] =
      await this.ds.query(
        `SELECT e.seq, e.type, e.created_at, e.actor_id,
                CASE WHEN e.restricted IS NOT NULL AND ($3 OR $4::uuid = ANY(e.restricted_team_ids)) THEN e.restricted ELSE e.payload END AS data,
                o.last_seq
           FROM operations o
           LEFT JOIN LATERAL (
             SELECT * FROM events WHERE operation_id = o.id AND seq > $2 ORDER BY seq LIMIT $5
           ) e ON true
          WHERE o.id = $1
          ORDER BY e.seq`,
        [viewer.operationId, after, seeAll, ownTeam, limit],
      );
    return {
      lastSeq: rows[0] ? Number(rows[0].last_seq) : 0,
      items: rows
        .filter((r) => r.seq !== null)
        .map(
          (r) =>
            ({
              operationId: viewer.operationId,
              seq: Number(r.seq),
              type: r.type,
              at: r.created_at.toISOString(),
              actorId: r.actor_id,
              data: r.data,
            }) as LiveEvent,
        ),
    };
  }
}
