import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  createFindingRequestSchema,
  DEFAULT_INDICATORS,
  FINDING_TYPES,
  PLATFORM_CATEGORIES,
  type Target,
} from '@actionday/contracts';
import { useCachedTargets } from '../../targets';
import { Button, Checkbox, ErrorMessage, Field } from '../../../shared/ui';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { CATEGORY_LABELS, FINDING_TYPE_LABELS, TARGET_KIND_LABELS } from '../../../shared/labels';
import { formatTime, shortId } from '../../../shared/format';
import { newUuid } from '../../../shared/uuid';
import { useCreateFinding } from '../api/create-finding';
import { useFindings } from '../api/get-findings';
import { clearDraft, draftToRequest, loadDraft, newDraft, saveDraft, type FindingDraft } from '../finding-draft';
import { summarizeFinding } from '../finding-summary';
import { IdentifiersEditor } from './identifiers-editor';

const FIELDS = [
  'type',
  'identifiers',
  'indicators',
  'notes',
  'alias',
  'nationality',
  'ageMin',
  'ageMax',
  'minor',
  'role',
  'siteName',
  'url',
  'category',
  'adCount',
  'geographicScope',
  'advertisedOrigin',
  'language',
  'adSpace',
  'fromFindingId',
  'toFindingId',
  'toTargetId',
  'reason',
] as const;

const SUSPECT_ROLES = ['recruiter', 'controller', 'advertiser', 'transporter', 'financier', 'other'] as const;
const SCOPES = ['international', 'national', 'regional', 'local'] as const;
const ORIGINS = ['local', 'foreign', 'mixed', 'unknown'] as const;
const AD_SPACES = ['owned', 'rented', 'unknown'] as const;

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Options({ values, labels }: { values: readonly string[]; labels?: Record<string, string> }) {
  return (
    <>
      <option value="">—</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {labels?.[v] ?? capitalize(v)}
        </option>
      ))}
    </>
  );
}

export interface LogFindingFormProps {
  operationId: string;
  target: Target;
  onClose: () => void;
}

/**
 * The officer's main form. The draft (with its clientId) is kept in sessionStorage per target, so
 * a reload loses nothing and a retry after a failure reuses the same clientId (never stored twice).
 */
export function LogFindingForm({ operationId, target, onClose }: LogFindingFormProps) {
  const create = useCreateFinding(operationId);
  const [draft, setDraft] = useState<FindingDraft>(() => loadDraft(operationId, target.id) ?? newDraft(newUuid(), target));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const isLink = draft.type === 'link';
  const findings = useFindings(operationId, isLink);
  const targets = useCachedTargets(operationId);
  const findingOptions = (
    <>
      <option value="">—</option>
      {(findings.data ?? []).map((f) => (
        <option key={f.id} value={f.id}>
          {FINDING_TYPE_LABELS[f.type]} {shortId(f.id)} · {summarizeFinding(f)}
        </option>
      ))}
    </>
  );

  useEffect(() => {
    saveDraft(operationId, target.id, draft);
  }, [operationId, target.id, draft]);

  const set = <K extends keyof FindingDraft>(key: K, value: FindingDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSubmitted(null);
  };
  const text = (key: keyof FindingDraft & (typeof FIELDS)[number], label: ReactNode, extra: { maxLength?: number; placeholder?: string; upper?: boolean; type?: string } = {}) => (
    <Field label={label} error={errors.fields[key]}>
      {(p) => (
        <input
          {...p}
          type={extra.type ?? 'text'}
          inputMode={extra.type === 'number' ? 'numeric' : undefined}
          min={extra.type === 'number' ? 0 : undefined}
          maxLength={extra.maxLength}
          placeholder={extra.placeholder}
          value={String(draft[key])}
          onChange={(e) => set(key, (extra.upper ? e.target.value.toUpperCase() : e.target.value) as FindingDraft[typeof key])}
        />
      )}
    </Field>
  );
  const select = (key: keyof FindingDraft & (typeof FIELDS)[number], label: string, options: ReactNode) => (
    <Field label={label} error={errors.fields[key]}>
      {(p) => (
        <select {...p} value={String(draft[key])} onChange={(e) => set(key, e.target.value as FindingDraft[typeof key])}>
          {options}
        </select>
      )}
    </Field>
  );

  const submit = () => {
    if (create.isPending) return;
    const parsed = createFindingRequestSchema.safeParse(draftToRequest(draft, target.id));
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, FIELDS));
      return;
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: (finding) => {
        clearDraft(operationId, target.id);
        // A fresh draft (new clientId) of the same type: officers often log several in a row.
        setDraft({ ...newDraft(newUuid(), target), type: draft.type });
        setSubmitted(`${FINDING_TYPE_LABELS[finding.type]} submitted at ${formatTime(finding.createdAt)}`);
      },
      onError: (err) => setErrors(formErrorsFrom(err, FIELDS)),
    });
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
  const discard = () => {
    clearDraft(operationId, target.id);
    setDraft(newDraft(newUuid(), target));
    setErrors(noErrors);
    setSubmitted(null);
  };

  return (
    <form className="log-finding-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Log finding">
      <div className="form-grid">
        <Field label="Finding type" error={errors.fields.type}>
          {(p) => (
            <select {...p} autoFocus value={draft.type} onChange={(e) => set('type', e.target.value as FindingDraft['type'])}>
              {FINDING_TYPES.map((t) => (
                <option key={t} value={t}>
                  {FINDING_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="muted small align-end">
          Target: {TARGET_KIND_LABELS[target.kind]} <span className="target-value">{target.value}</span>
        </p>
      </div>

      <fieldset className="type-fields">
        <legend>{FINDING_TYPE_LABELS[draft.type]}</legend>
        <div className="form-grid">
          {draft.type === 'possible_victim' ? (
            <>
              {text('alias', 'Alias', { placeholder: 'alias or ad reference' })}
              {text('nationality', 'Nationality', { maxLength: 2, placeholder: 'UA', upper: true })}
              {text('ageMin', 'Minimum age', { type: 'number' })}
              {text('ageMax', 'Maximum age', { type: 'number' })}
              <Checkbox label="Minor" checked={draft.minor} onChange={(v) => set('minor', v)} error={errors.fields.minor} />
            </>
          ) : null}
          {draft.type === 'suspect' ? (
            <>
              {text('alias', 'Alias')}
              {text('nationality', 'Nationality', { maxLength: 2, placeholder: 'RO', upper: true })}
              {select('role', 'Role', <Options values={SUSPECT_ROLES} />)}
            </>
          ) : null}
          {draft.type === 'site_assessment' ? (
            <>
              {text('siteName', 'Site name')}
              {text('url', 'URL')}
              {select('category', 'Category', <Options values={PLATFORM_CATEGORIES} labels={CATEGORY_LABELS} />)}
              {text('adCount', 'Number of ads', { type: 'number' })}
              {select('geographicScope', 'Geographic scope', <Options values={SCOPES} />)}
              {select('advertisedOrigin', 'Advertised origin', <Options values={ORIGINS} />)}
              {text('language', 'Language', { maxLength: 3, placeholder: 'en' })}
              {select('adSpace', 'Ad space', <Options values={AD_SPACES} />)}
            </>
          ) : null}
          {isLink ? (
            <>
              {select(
                'fromFindingId',
                'From finding',
                findingOptions,
              )}
              {select(
                'toFindingId',
                'To finding',
                findingOptions,
              )}
              {select(
                'toTargetId',
                'To target',
                <>
                  <option value="">—</option>
                  {(targets.data ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {TARGET_KIND_LABELS[t.kind]}: {t.value}
                    </option>
                  ))}
                </>,
              )}
              <Field label="Reason" error={errors.fields.reason} className="span-2">
                {(p) => <textarea {...p} rows={2} value={draft.reason} onChange={(e) => set('reason', e.target.value)} />}
              </Field>
            </>
          ) : null}
        </div>
      </fieldset>

      <IdentifiersEditor
        value={draft.identifiers}
        pending={draft.pendingIdentifier}
        error={errors.fields.identifiers}
        onChange={(identifiers, pendingIdentifier) => {
          setDraft((d) => ({ ...d, identifiers, pendingIdentifier }));
          setSubmitted(null);
        }}
      />

      <fieldset className="indicators">
        <legend>Indicators</legend>
        <div className="indicator-grid">
          {DEFAULT_INDICATORS.map((i) => (
            <Checkbox
              key={i.code}
              label={i.label}
              checked={draft.indicators.includes(i.code)}
              onChange={(on) =>
                set(
                  'indicators',
                  on ? [...draft.indicators, i.code] : draft.indicators.filter((c) => c !== i.code),
                )
              }
            />
          ))}
        </div>
        {errors.fields.indicators ? <span className="field-error">{errors.fields.indicators}</span> : null}
      </fieldset>

      <Field label="Notes" error={errors.fields.notes}>
        {(p) => <textarea {...p} rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />}
      </Field>

      <ErrorMessage error={errors.message} other={errors.other} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Submit finding
        </Button>
        <span className="muted small">Ctrl+Enter</span>
        <Button onClick={discard}>Clear form</Button>
        <Button variant="link" onClick={onClose}>
          Hide form
        </Button>
        <span className="ok small" role="status">
          {submitted}
        </span>
      </div>
    </form>
  );
}
