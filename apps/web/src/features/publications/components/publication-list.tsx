import { apiPaths, type Publication } from '@actionday/contracts';
import { QueryState } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { usePublications } from '../api/get-publications';

/** The page's address as a visitor would type it. */
export function publicUrl(slug: string): string {
  return `${window.location.origin}${apiPaths.publicationPage(slug)}`;
}

function PublicationRows({ items, timeZone }: { items: Publication[]; timeZone: string }) {
  if (items.length === 0) return <p className="empty">Nothing published yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table publication-table" data-testid="publication-list">
        <caption className="sr-only">Publications of this operation</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Published</th>
            <th scope="col">Public page</th>
            <th scope="col">Files</th>
          </tr>
        </thead>
        <tbody>
          {[...items].reverse().map((p) => (
            <tr key={p.slug}>
              <th scope="row">{p.title}</th>
              <td className="nowrap">{formatDateTime(p.publishedAt, timeZone)}</td>
              <td>
                <a href={apiPaths.publicationPage(p.slug)} target="_blank" rel="noopener noreferrer">
                  {apiPaths.publicationPage(p.slug)}
                </a>
              </td>
              <td className="nowrap">
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
