import { Injectable } from '@nestjs/common';
import type { CreatePublication, Publication } from '@actionday/contracts';
import { draftPressRelease, publishFigures } from '@actionday/tallies';
import type { EntityManager } from 'typeorm';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { conflict, notFound } from '../common/errors';
import { fileSlug } from '../common/file-stream';
import { JournalService } from '../journal/journal.service';
import { OperationRecordsService } from '../operations/operation-records.service';
import { TalliesService } from '../tallies/tallies.service';
import { PublicationsRepository } from './publications.repository';

/**
 * Public summaries of closed operations. A publication is computed once from the frozen snapshot
 * and stored as the exact JSON served to the public: what was published can never change, even
 * if the code that drafts or suppresses figures does.
 */
@Injectable()
export class PublicationsService {
  constructor(
    private readonly repo: PublicationsRepository,
    private readonly journal: JournalService,
    private readonly tallies: TalliesService,
    private readonly operations: OperationRecordsService,
  ) {}

  async create(user: AuthUser, access: OperationAccess, input: CreatePublication): Promise<Publication> {
    try {
      return await this.journal.write(access.operationId, user.id, 'any', async (tx) => {
        const op = await this.operations.shareForPublication(tx.manager, access.operationId);
        if (!op) throw notFound('operation');
        if (op.status !== 'closed') throw conflict(`close the operation before publishing its figures (it is ${op.status})`);
        // A closed operation's figures are its snapshot: read in this transaction, not on a second connection.
        const tallies = await this.tallies.read(tx.manager, access.operationId, access);
        const dates = { kind: op.kind, startsAt: op.starts_at.toISOString(), endsAt: op.ends_at.toISOString(), timezone: op.timezone };
        const figures = publishFigures(tallies, input);
        const publication: Publication = {
          slug: input.slug ?? (await this.freeSlug(tx.manager, `${fileSlug(input.title, 'summary')}-${dates.startsAt.slice(0, 10)}`)),
          title: input.title,
          text: input.text ?? draftPressRelease(dates, figures),
          ...dates,
          suppressBelow: input.suppressBelow,
          figures,
          publishedAt: new Date().toISOString(),
        };
        await this.repo.insert(tx.manager, access.operationId, publication.slug, JSON.stringify(publication), user.id);
        tx.audit({
          action: 'publication.create',
          entityType: 'publication',
          entityId: publication.slug,
          details: { after: publication, exact: input.exact, snapshotSha256: tallies.snapshotSha256 },
        });
        tx.emit('publication.created', { publication });
        return publication;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw conflict(`the address /p/${input.slug} is already taken; choose another slug`, [{ path: 'slug', message: 'already taken' }]);
      }
      throw e;
    }
  }

  /** The base slug, or the base with the lowest free "-2", "-3", ... suffix. */
  private async freeSlug(m: EntityManager, base: string): Promise<string> {
    const taken = await this.repo.slugsLike(m, base);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    return slug;
  }

  async list(operationId: string): Promise<{ items: Publication[] }> {
    const bodies = await this.repo.bodiesOf(operationId);
    return { items: bodies.map((body) => JSON.parse(body) as Publication) };
  }

  /** The stored JSON text, exactly as published; null when there is no such publication. */
  async publicBody(slug: string): Promise<string | null> {
    return this.repo.body(slug);
  }
}
