import { decodeCursor } from './cursor';

/**
 * The WHERE clause and parameters of a newest-first keyset page over `<alias>.created_at,
 * <alias>.id`. Filters are written with `?` for their one value; the first parameters are fixed
 * ($1 = operation id, then whatever the SELECT list needs).
 */
export class PageQuery {
  private readonly conditions: string[];

  constructor(
    private readonly alias: string,
    readonly params: unknown[],
  ) {
    this.conditions = [`${alias}.operation_id = $1`];
  }

  /** `sql` may use `?` several times; every one stands for the same value. */
  filter(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replaceAll('?', `$${this.params.length}`));
    return this;
  }

  /** Starts after the cursor of the previous page (rejected with a 400 if it is not one of ours). */
  after(cursor: string | undefined): this {
    const key = decodeCursor(cursor);
    if (key) {
      this.params.push(key.at, key.id);
      const n = this.params.length;
      this.conditions.push(`(${this.alias}.created_at, ${this.alias}.id) < ($${n - 1}::timestamptz, $${n}::uuid)`);
    }
    return this;
  }

  /** `WHERE ... ORDER BY ... LIMIT $n`, fetching one row more than the page to know if another follows. */
  tail(limit: number): string {
    this.params.push(limit + 1);
    const a = this.alias;
    return `WHERE ${this.conditions.join(' AND ')} ORDER BY ${a}.created_at DESC, ${a}.id DESC LIMIT $${this.params.length}`;
  }
}
