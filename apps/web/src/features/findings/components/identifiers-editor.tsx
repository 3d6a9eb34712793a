import type { KeyboardEvent } from 'react';
import { IDENTIFIER_KINDS, type IdentifierKind } from '@actionday/contracts';
import { Button, Field } from '../../../shared/ui';
import { IDENTIFIER_KIND_LABELS } from '../../../shared/labels';
import { addIdentifier, type DraftIdentifier } from '../finding-draft';

export interface IdentifiersEditorProps {
  value: DraftIdentifier[];
  /** What is typed but not added yet: part of the draft, and added on submit too. */
  pending: DraftIdentifier;
  onChange: (next: DraftIdentifier[], pending: DraftIdentifier) => void;
  error?: string;
  /** Errors of single identifiers by index; index `value.length` is the one typed but not added. */
  itemErrors?: Record<number, string>;
}

/** Phones, e-mails, usernames… seen on the target: they drive the cross-team matches. */
export function IdentifiersEditor({ value, pending, onChange, error, itemErrors = {} }: IdentifiersEditorProps) {
  const needsPlatform = pending.kind === 'username' || pending.kind === 'messaging';
  const setPending = (patch: Partial<DraftIdentifier>) => onChange(value, { ...pending, ...patch });
  const add = () => onChange(addIdentifier(value, pending), { ...pending, value: '' });
  // Enter in the value adds the identifier instead of submitting the whole finding.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      add();
    }
  };

  return (
    <fieldset className="identifiers-editor">
      <legend>Identifiers</legend>
      {value.length > 0 ? (
        <ul className="identifier-list">
          {value.map((i, idx) => (
            <li key={`${i.kind}-${i.value}-${idx}`} className={itemErrors[idx] ? 'field-invalid' : undefined}>
              <span className="tag">{IDENTIFIER_KIND_LABELS[i.kind]}</span> <span className="target-value">{i.value}</span>
              {i.platform ? <span className="muted"> @ {i.platform}</span> : null}{' '}
              <Button
                size="small"
                variant="link"
                aria-label={`Remove identifier ${i.value}`}
                onClick={() =>
                  onChange(
                    value.filter((_, j) => j !== idx),
                    pending,
                  )
                }
              >
                Remove
              </Button>
              {itemErrors[idx] ? <span className="field-error"> {itemErrors[idx]}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="inline-form">
        <Field label="Identifier kind">
          {(p) => (
            <select {...p} value={pending.kind} onChange={(e) => setPending({ kind: e.target.value as IdentifierKind })}>
              {IDENTIFIER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {IDENTIFIER_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Identifier value" className="grow" error={itemErrors[value.length] ?? error}>
          {(p) => <input {...p} value={pending.value} onChange={(e) => setPending({ value: e.target.value })} onKeyDown={onKeyDown} />}
        </Field>
        {needsPlatform ? (
          <Field label="On platform">
            {(p) => (
              <input {...p} value={pending.platform} onChange={(e) => setPending({ platform: e.target.value })} onKeyDown={onKeyDown} />
            )}
          </Field>
        ) : null}
        <Button onClick={add}>Add identifier</Button>
      </div>
    </fieldset>
  );
}
