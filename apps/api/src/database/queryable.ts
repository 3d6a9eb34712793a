import type { EntityManager } from 'typeorm';

/** What a repository method needs to run a statement: a data source, a transaction's manager or a query runner. */
export type Queryable = Pick<EntityManager, 'query'>;
