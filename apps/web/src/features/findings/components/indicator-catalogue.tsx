import { useState, type FormEvent } from 'react';
import { createIndicatorRequestSchema, indicatorCodeFromLabel } from '@actionday/contracts';
import { Badge, Button, ErrorMessage, Field, QueryState } from '../../../shared/ui';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { useCreateIndicator } from '../api/create-indicator';
import { useIndicatorsQuery } from '../api/get-indicators';

const FIELDS = ['code', 'label'] as const;

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
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Code</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.code} data-builtin={i.builtin}>
                  <td>{i.label}</td>
                  <td>
                    <code>{i.code}</code>
                  </td>
                  <td>{i.builtin ? <Badge tone="planning">built-in</Badge> : <Badge tone="live">added</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
