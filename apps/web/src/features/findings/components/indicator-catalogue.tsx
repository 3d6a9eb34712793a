import { useState, type FormEvent } from 'react';
import { createIndicatorRequestSchema, indicatorCodeFromLabel, type Indicator } from '@actionday/contracts';
import { Badge, Button, DataTable, ErrorMessage, Field, QueryState, type DataTableColumn } from '../../../shared/ui';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { useCreateIndicator } from '../api/create-indicator';
import { useIndicatorsQuery } from '../../../entities/findings';

const FIELDS = ['code', 'label'] as const;

const INDICATOR_COLUMNS: DataTableColumn<Indicator>[] = [
  { key: 'label', header: 'Label', minWidth: '12rem', cell: (i) => i.label, sortValue: (i) => i.label },
  { key: 'code', header: 'Code', cell: (i) => <code>{i.code}</code>, sortValue: (i) => i.code },
  {
    key: 'source',
    header: 'Source',
    nowrap: true,
    cell: (i) => (i.builtin ? <Badge tone="planning">built-in</Badge> : <Badge tone="live">added</Badge>),
    sortValue: (i) => (i.builtin ? 0 : 1),
  },
];

function AddIndicatorForm({ operationId }: { operationId: string }) {
  const create = useCreateIndicator(operationId);
  const [label, setLabel] = useState('');
  /** Null while the code follows the label; a string once the coordinator typed one. */
  const [code, setCode] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [added, setAdded] = useState<string | null>(null);
  const shownCode = code ?? indicatorCodeFromLabel(label);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = createIndicatorRequestSchema.safeParse({ code: shownCode, label });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, FIELDS));
      return;
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: (indicator) => {
        setLabel('');
        setCode(null);
        setAdded(`Added “${indicator.label}”.`);
      },
      onError: (err) => setErrors(formErrorsFrom(err, FIELDS)),
    });
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Add indicator">
      <Field label="Indicator label" error={errors.fields.label} className="grow">
        {(p) => (
          <input
            {...p}
            value={label}
            maxLength={200}
            placeholder="e.g. Fake model casting"
            onChange={(e) => {
              setLabel(e.target.value);
              setAdded(null);
            }}
          />
        )}
      </Field>
      <Field label="Indicator code" error={errors.fields.code} hint="Lower-case letters, digits and _">
        {(p) => (
          <input
            {...p}
            value={shownCode}
            maxLength={64}
            spellCheck={false}
            onChange={(e) => {
              setCode(e.target.value);
              setAdded(null);
            }}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" busy={create.isPending}>
        Add indicator
      </Button>
      <span className="ok small" role="status" aria-live="polite">
        {added}
      </span>
      <ErrorMessage error={errors.message} other={errors.other} className="full-row" />
    </form>
  );
}

/** The operation's indicator catalogue (Team & setup page): the builtin ones and those added. */
export function IndicatorCatalogue({ operationId, canAdd }: { operationId: string; canAdd: boolean }) {
  const indicators = useIndicatorsQuery(operationId);
  return (
    <section className="card indicator-catalogue" aria-labelledby="indicators-title">
      <div className="section-head">
        <h2 id="indicators-title">Indicators</h2>
        {indicators.data ? <span className="muted small">{indicators.data.length} in the catalogue</span> : null}
      </div>
      <p className="muted small">Officers tick these on findings; the tallies count the most frequent ones.</p>
      {canAdd ? <AddIndicatorForm operationId={operationId} /> : null}
      <QueryState query={indicators} label="Loading indicators…">
        {(list) => (
          <DataTable
            aria-labelledby="indicators-title"
            columns={INDICATOR_COLUMNS}
            rows={list}
            rowKey={(i) => i.code}
            rowProps={(i) => ({ 'data-builtin': i.builtin })}
          />
        )}
      </QueryState>
    </section>
  );
}
