import { operationScope } from '../../../shared/query-keys';

export const publicationKeys = {
  /** The operation's publications, oldest first (members only). */
  list: (operationId: string) => [...operationScope(operationId), 'publications'] as const,
  /** One published summary as the public reads it: outside any operation's scope, no login. */
  public: (slug: string) => ['public-publication', slug] as const,
};
