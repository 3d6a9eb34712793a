import { apiPaths, type Publication } from '@actionday/contracts';
import { DataTable, QueryState } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { usePublications } from '../api/get-publications';

/** The page's address as a visitor would type it. */
export function publicUrl(slug: string): string {
  return `${window.location.origin}${apiPaths.publicationPage(slug)}`;
}

function PublicationRows({ items, timeZone }: { items: Publication[]; timeZone: string }) {
  if (items.length === 0) return <p className="empty">Nothing published yet.</p>;
  return (
    <DataTable
      className="publication-table"
      tableProps={{ 'data-testid': 'publication-list' }}
      caption="Publications of this operation"
      captionClassName="sr-only"
      columns={[
        { key: 'title', header: 'Title', rowHeader: true, minWidth: '10rem', cell: (p: Publication) => p.title },
        { key: 'published', header: 'Published', nowrap: true, cell: (p: Publication) => formatDateTime(p.publishedAt, timeZone) },
        {
          key: 'page',
          header: 'Public page',
          minWidth: '12rem',
          cell: (p: Publication) => (
            <a href={apiPaths.publicationPage(p.slug)} target="_blank" rel="noopener noreferrer">
              {apiPaths.publicationPage(p.slug)}
            </a>
          ),
        },
        {
          key: 'files',
          header: 'Files',
          nowrap: true,
          cell: (p: Publication) => (
            <>
              <a href={apiPaths.publicPublication(p.slug, 'csv')} download>
                CSV
              </a>{' '}
              ·{' '}
              <a href={apiPaths.publicPublication(p.slug, 'pdf')} download>
                PDF
              </a>{' '}
              ·{' '}
              <a href={apiPaths.publicPublication(p.slug, 'json')} target="_blank" rel="noopener noreferrer">
                JSON
              </a>
            </>
          ),
        },
      ]}
      rows={[...items].reverse()}
      rowKey={(p) => p.slug}
    />
  );
}

/** Everything this operation has published, newest first. */
export function PublicationList({ operationId, timeZone }: { operationId: string; timeZone: string }) {
  const publications = usePublications(operationId);
  return (
    <section className="card" aria-labelledby="publications-title">
      <h2 id="publications-title">Publications</h2>
      <QueryState query={publications} label="Loading publications…">
        {(items) => <PublicationRows items={items} timeZone={timeZone} />}
      </QueryState>
    </section>
  );
}
