import { Injectable } from '@nestjs/common';
import type { EventsResponse, LogHead } from '@actionday/contracts';
import { AccessService } from '../auth/access.service';
import type { OperationAccess } from '../auth/auth.decorators';
import { JournalService } from '../journal/journal.service';

/** Catch-up: the operation event log (kept by the journal) for one viewer, over HTTP and on subscribe. */
@Injectable()
export class EventsService {
  constructor(
    private readonly journal: JournalService,
    private readonly access: AccessService,
  ) {}

  /** The last seq of each of these operations' logs. */
  heads(operationIds: readonly string[]): Promise<LogHead[]> {
    return this.journal.heads(operationIds);
  }

  /**
   * A page for a socket's replay: the membership and the events are read in one snapshot, so
   * every event is shown with the access the member had when the page was read, never with an
   * access they lost a moment before. Null when they are no longer a member.
   */
  async afterForMember(userId: string, operationId: string, after: number, limit: number): Promise<{ access: OperationAccess; page: EventsResponse } | null> {
    return this.journal.inSnapshot(async (m) => {
      const access = await this.access.membership(userId, operationId, m);
      if (!access) return null;
      return { access, page: await this.journal.eventsAfter(access, after, limit, m) };
    });
  }

  after(viewer: OperationAccess, after: number, limit: number): Promise<EventsResponse> {
    return this.journal.eventsAfter(viewer, after, limit);
  }
}
