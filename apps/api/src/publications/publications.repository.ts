import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/queryable';

/** The publications domain's table: `publications`, each the exact JSON text served to the public. */
@Injectable()
export class PublicationsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: Queryable, operationId: string, slug: string, body: string, createdBy: string): Promise<void> {
    await m.query('INSERT INTO publications (operation_id, slug, body, created_by) VALUES ($1, $2, $3, $4)', [operationId, slug, body, createdBy]);
  }

  /** The slugs taken among `base` and `base-<anything>`. */
  async slugsLike(m: Queryable, base: string): Promise<Set<string>> {
    const rows: { slug: string }[] = await m.query(`SELECT slug FROM publications WHERE slug = $1 OR slug LIKE $2`, [
      base,
      `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`,
    ]);
    return new Set(rows.map((r) => r.slug));
  }

  /** The stored bodies of the operation's publications, oldest first. */
  async bodiesOf(operationId: string): Promise<string[]> {
    const rows: { body: string }[] = await this.ds.query('SELECT body FROM publications WHERE operation_id = $1 ORDER BY created_at', [operationId]);
    return rows.map((r) => r.body);
  }

  async body(slug: string): Promise<string | null> {
    const rows: { body: string }[] = await this.ds.query('SELECT body FROM publications WHERE slug = $1', [slug]);
    return rows[0]?.body ?? null;
  }
}
