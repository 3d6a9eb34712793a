import { useEffect, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { apiPaths, type Publication } from '@actionday/contracts';
import { isApiError } from '../../../shared/api-client';
import { Button, ErrorMessage, Spinner } from '../../../shared/ui';
import { formatDateRange, formatDateTimeFull } from '../../../shared/format';
import { OPERATION_KIND_LABELS } from '../../../shared/labels';
import { usePublicPublication } from '../api/get-public-publication';
import { PublishedFigures, SuppressionNote } from './published-figures';

function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <div className="public-page">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="public-header">
        <span className="brand">Action Day</span>
        <span className="muted-inverse">Published summary</span>
      </header>
      <main id="main" className="public-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function PublicationView({ publication: p }: { publication: Publication }) {
  return (
    <article className="card public-publication" aria-labelledby="publication-title">
      <h1 id="publication-title">{p.title}</h1>
      <p className="muted">
        {OPERATION_KIND_LABELS[p.kind]} · <time dateTime={p.startsAt}>{formatDateRange(p.startsAt, p.endsAt, p.timezone)}</time>
      </p>
      <p className="publication-text">{p.text}</p>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">Figures</h2>
        <PublishedFigures figures={p.figures} />
        <SuppressionNote suppressBelow={p.suppressBelow} />
      </section>
      <section aria-labelledby="downloads-title" className="public-downloads">
        <h2 id="downloads-title">Download</h2>
        <ul>
          <li>
            <a href={apiPaths.publicPublication(p.slug, 'csv')} download>
              Figures as CSV
            </a>
          </li>
          <li>
            <a href={apiPaths.publicPublication(p.slug, 'pdf')} download>
              Summary as PDF
            </a>
          </li>
          <li>
            <a href={apiPaths.publicPublication(p.slug, 'json')}>Figures as JSON</a>
          </li>
        </ul>
      </section>
      <p className="muted small">
        Published {formatDateTimeFull(p.publishedAt, p.timezone)} ({p.timezone}). Aggregate figures only: no personal data.
      </p>
    </article>
  );
}

/**
 * /p/:slug, outside the signed-in app: no session, no token, no /me. A visitor who never signed
 * in reads it; an unknown address gets a plain "not found", never the sign-in page.
 */
export function PublicPublicationPage() {
  const slug = useParams().slug ?? '';
  const publication = usePublicPublication(slug);
  const title = publication.data?.title;
  useEffect(() => {
    document.title = title ? `${title} — Action Day` : 'Published summary — Action Day';
    return () => {
      document.title = 'Action Day';
    };
  }, [title]);

  let content: ReactNode;
  if (publication.data) content = <PublicationView publication={publication.data} />;
  else if (isApiError(publication.error, 404)) {
    content = (
      <section className="card public-publication" aria-labelledby="not-found-title" data-testid="publication-not-found">
        <h1 id="not-found-title">Summary not found</h1>
        <p>There is no published summary at this address. Check the link you were given: addresses are lower-case words joined by hyphens.</p>
      </section>
    );
  } else if (publication.error) {
    content = (
      <div className="query-error">
        <ErrorMessage error={publication.error} />
        <Button size="small" onClick={() => void publication.refetch()}>
          Retry
        </Button>
      </div>
    );
  } else content = <Spinner label="Loading the summary…" />;
  return <PublicFrame>{content}</PublicFrame>;
}
