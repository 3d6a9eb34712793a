import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  apiPaths,
  createPublicationRequestSchema,
  PUBLICATION_FIGURES,
  type Operation,
  type Publication,
  type PublicationFigureName,
  type PublishedFigure,
  type Tallies,
} from '@actionday/contracts';
import { draftPressRelease, FIGURE_LABELS, figureValue, publishFigures } from '@actionday/tallies';
import { useOperationTallies } from '../../../entities/tallies';
import { Button, DataTable, ErrorMessage, Field, QueryState, Spinner } from '../../../shared/ui';
import { formatNumber } from '../../../shared/format';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { useCreatePublication } from '../api/create-publication';
import {
  editedText,
  exposedFigures,
  initialPublishForm,
  isTextEdited,
  previewOptions,
  shownText,
  toggleExact,
  toggleFigure,
  toPublicationRequest,
  type PublishFormState,
} from '../publish-form';
import { PublicationList, publicUrl } from './publication-list';
import { PublishedFigures, SuppressionNote } from './published-figures';

const FIELDS = ['title', 'text', 'slug', 'figures', 'exact', 'suppressBelow'] as const;

/** The value in the frozen tallies, before suppression: for the organizer's eyes only. */
function rawValue(tallies: Tallies, name: PublicationFigureName): string {
  const v = figureValue(tallies, name);
  if (typeof v === 'number') return formatNumber(v);
  const entries = Object.entries(v).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '0';
  return entries.map(([k, n]) => `${k} ${formatNumber(n)}`).join(', ');
}

function publishedAs(f: PublishedFigure | undefined): string {
  if (!f) return '—';
  if (!f.breakdown) return f.display;
  return f.breakdown.length ? f.breakdown.map((b) => `${b.key} ${b.display}`).join(', ') : f.display;
}

const figureId = (name: PublicationFigureName) => `figure-${name.replace(/\./g, '-')}`;

interface FigureChecklistProps {
  tallies: Tallies;
  form: PublishFormState;
  /** Every figure as it would be published with the current threshold and exact flags. */
  wouldPublish: Map<PublicationFigureName, PublishedFigure>;
  errors: FormErrors;
  onChange: (next: PublishFormState) => void;
}

function FigureChecklist({ tallies, form, wouldPublish, errors, onChange }: FigureChecklistProps) {
  const exposed = exposedFigures(tallies, form);
  const threshold = previewOptions(form).suppressBelow;
  return (
    <fieldset className="figure-checklist" aria-describedby="exact-warning">
      <legend>Figures to publish</legend>
      <p id="exact-warning" className="notice small">
        Counts below the threshold are published as “&lt;{threshold}”. <strong>Publish exact value</strong> overrides that for one
        figure: small counts can identify people (a single victim of one nationality, one referred platform), so use it only for
        figures that cannot point at anyone.
      </p>
      <DataTable
        className="figure-table"
        aria-label="Figures to publish"
        columns={[
          {
            key: 'figure',
            header: 'Figure',
            rowHeader: true,
            minWidth: '13em',
            cell: (name: PublicationFigureName) => {
              const id = figureId(name);
              return (
                <span className="check">
                  <input id={id} type="checkbox" checked={form.figures.includes(name)} onChange={(e) => onChange(toggleFigure(form, name, e.target.checked))} />
                  <label htmlFor={id}>{FIGURE_LABELS[name]}</label>
                </span>
              );
            },
          },
          { key: 'value', header: 'Value', numeric: true, cell: (name: PublicationFigureName) => rawValue(tallies, name) },
          {
            key: 'published',
            header: 'Published',
            className: (name: PublicationFigureName) => (form.figures.includes(name) ? undefined : 'muted'),
            cell: (name: PublicationFigureName) => (form.figures.includes(name) ? publishedAs(wouldPublish.get(name)) : 'not published'),
          },
          {
            key: 'exact',
            header: 'Exact value',
            nowrap: true,
            cell: (name: PublicationFigureName) => {
              const id = figureId(name);
              return (
                <span className="check">
                  <input
                    id={`${id}-exact`}
                    type="checkbox"
                    checked={form.exact.includes(name)}
                    disabled={!form.figures.includes(name)}
                    onChange={(e) => onChange(toggleExact(form, name, e.target.checked))}
                  />
                  <label htmlFor={`${id}-exact`}>
                    Exact<span className="sr-only"> value of {FIGURE_LABELS[name]}</span>
                  </label>
                </span>
              );
            },
          },
        ]}
        rows={PUBLICATION_FIGURES}
        rowKey={(name) => name}
        rowProps={(name) => ({ className: form.figures.includes(name) ? undefined : 'figure-off' })}
      />
      {errors.fields.figures ? <p className="field-error">Figures: {errors.fields.figures}</p> : null}
      {errors.fields.exact ? <p className="field-error">Exact values: {errors.fields.exact}</p> : null}
      <div aria-live="polite">
        {exposed.length > 0 ? (
          <p className="warning-message" data-testid="exposed-warning">
            Published exactly although below {threshold}: {exposed.map((n) => FIGURE_LABELS[n]).join('; ')}. Make sure nobody can be
            identified from them.
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}

function PublishedNotice({ publication }: { publication: Publication }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [publication.slug]);
  const url = publicUrl(publication.slug);
  return (
    <div ref={ref} tabIndex={-1} className="success-message" role="status" data-testid="published-notice">
      <strong>Published.</strong> The public page is{' '}
      <a href={apiPaths.publicationPage(publication.slug)} target="_blank" rel="noopener noreferrer" data-testid="public-link">
        {url}
      </a>
      . It cannot be changed: publish again for a corrected version.
    </div>
  );
}

function PublishForm({ operation, tallies }: { operation: Operation; tallies: Tallies }) {
  const [form, setForm] = useState<PublishFormState>(() => initialPublishForm(operation.name));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [published, setPublished] = useState<Publication | null>(null);
  const create = useCreatePublication(operation.id);

  const { suppressBelow } = previewOptions(form);
  // What the public will see, computed by the same functions the API uses.
  const preview = useMemo(() => publishFigures(tallies, { figures: form.figures, exact: form.exact, suppressBelow }), [tallies, form.figures, form.exact, suppressBelow]);
  const wouldPublish = useMemo(
    () => new Map(publishFigures(tallies, { figures: [...PUBLICATION_FIGURES], exact: form.exact, suppressBelow }).map((f) => [f.name, f])),
    [tallies, form.exact, suppressBelow],
  );
  const { kind, startsAt, endsAt, timezone } = operation;
  const draft = useMemo(() => draftPressRelease({ kind, startsAt, endsAt, timezone }, preview), [kind, startsAt, endsAt, timezone, preview]);
  const text = shownText(form, draft);
  const set = <K extends keyof PublishFormState>(key: K, value: PublishFormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = createPublicationRequestSchema.safeParse(toPublicationRequest(form, draft));
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, FIELDS));
      return;
    }
    setErrors(noErrors);
    // A notice about an earlier publication would read as the answer to this one.
    setPublished(null);
    create.mutate(parsed.data, {
      onSuccess: (publication) => {
        setPublished(publication);
        // The address is taken now; everything else stays for a corrected version.
        setForm((f) => ({ ...f, slug: '' }));
      },
      // The form keeps every input: only the messages change.
      onError: (err) => setErrors(formErrorsFrom(err, FIELDS)),
    });
  };

  return (
    <div className="stack">
      {published ? <PublishedNotice publication={published} /> : null}
      <div className="publish-layout">
        <form className="card publish-form" onSubmit={onSubmit} noValidate aria-labelledby="publish-title">
          <h2 id="publish-title">Publish a public summary</h2>
          <p className="muted small">
            Aggregate figures of the frozen snapshot only: no names, no identifiers. A publication is public and final.
          </p>
          <Field label="Title" error={errors.fields.title}>
            {(p) => <input {...p} name="title" required value={form.title} onChange={(e) => set('title', e.target.value)} />}
          </Field>
          <FigureChecklist tallies={tallies} form={form} wouldPublish={wouldPublish} errors={errors} onChange={setForm} />
          <div className="form-grid">
            <Field
              label="Suppression threshold"
              error={errors.fields.suppressBelow}
              hint={`Counts from 1 to ${Math.max(1, suppressBelow - 1)} are shown as “<${suppressBelow}”.`}
            >
              {(p) => (
                <input
                  {...p}
                  name="suppressBelow"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={1000}
                  step={1}
                  value={form.suppressBelow}
                  onChange={(e) => set('suppressBelow', e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Address (optional)"
              className="span-2"
              error={errors.fields.slug}
              hint={form.slug.trim() ? `The page will be ${publicUrl(form.slug.trim())}` : 'Lower-case words joined by hyphens; made from the title and the date when empty.'}
            >
              {(p) => (
                <input
                  {...p}
                  name="slug"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="e.g. empact-jad-2026"
                  value={form.slug}
                  onChange={(e) => set('slug', e.target.value)}
                />
              )}
            </Field>
          </div>
          <Field
            label="Press-release text"
            error={errors.fields.text}
            hint={
              isTextEdited(form)
                ? 'Your own text: it no longer follows the figures you check.'
                : 'Drafted from the published figures: it follows them until you edit it.'
            }
          >
            {(p) => <textarea {...p} name="text" rows={7} value={text} onChange={(e) => set('text', editedText(e.target.value, draft))} />}
          </Field>
          {isTextEdited(form) ? (
            <div>
              <Button
                size="small"
                onClick={() => {
                  if (window.confirm('Replace your text with a new draft from the figures?')) set('text', null);
                }}
              >
                Redraft
              </Button>
            </div>
          ) : null}
          <ErrorMessage error={errors.message} other={errors.other} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Publish
            </Button>
            <span className="muted small">Anyone with the address can read it, without signing in.</span>
          </div>
        </form>
        <section className="card publish-preview" aria-labelledby="preview-title" data-testid="publication-preview">
          <h2 id="preview-title">Preview</h2>
          <h3 className="preview-title">{form.title.trim() || 'Untitled'}</h3>
          <p className="publication-text">{text}</p>
          <PublishedFigures figures={preview} />
          <SuppressionNote suppressBelow={suppressBelow} />
        </section>
      </div>
    </div>
  );
}

function FrozenTallies({ operation }: { operation: Operation }) {
  const tallies = useOperationTallies(operation);
  return (
    <QueryState query={tallies} label="Loading the frozen figures…">
      {(t) => (t.frozen ? <PublishForm operation={operation} tallies={t} /> : <Spinner label="Loading the frozen figures…" />)}
    </QueryState>
  );
}

/** Organizers publish the frozen figures of a closed day; before the close, the page says so. */
export function PublishPage({ operation }: { operation: Operation }) {
  return (
    <div className="stack">
      {operation.status === 'closed' ? (
        <FrozenTallies operation={operation} />
      ) : (
        <section className="card" aria-labelledby="publish-closed-title">
          <h2 id="publish-closed-title">Publishing needs the day to be closed</h2>
          <p>
            A public summary is made from the frozen figures, so that what is published can never change. Once the teams are done, close
            the day with <strong>Close the day</strong> at the top of the page: the tallies freeze, and you can publish them here.
          </p>
        </section>
      )}
      <PublicationList operationId={operation.id} timeZone={operation.timezone} />
    </div>
  );
}
