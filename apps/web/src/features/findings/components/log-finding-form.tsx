import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  createFindingRequestSchema,
  LIMITS,
  PLATFORM_CATEGORIES,
  type CreateFindingRequest,
  type Target,
} from '@actionday/contracts';
import { useCachedTargets } from '../../targets';
import { Button, Checkbox, ErrorMessage, Field } from '../../../shared/ui';
import { ApiError, isApiError } from '../../../shared/api-client';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { CATEGORY_LABELS, FINDING_TYPE_LABELS, TARGET_KIND_LABELS } from '../../../shared/labels';
import { formatNumber, formatTime, shortId } from '../../../shared/format';
import { newUuid } from '../../../shared/uuid';
import { useCreateFinding } from '../api/create-finding';
import { useFindings } from '../api/get-findings';
import { clearDraft, draftToRequest, isDraftEmpty, loadDraft, newDraft, NO_TARGET, saveDraft, type FindingDraft, type LinkTo } from '../finding-draft';
import { findingKnownFields, itemErrors, listTextError } from '../finding-form-errors';
import { summarizeFinding } from '../finding-summary';
import { altDigitIndex, filterIndicators, labelOf, toggleCode } from '../indicator-filter';
import { errorMessage, shouldQueue, type OutboxEntry } from '../outbox';
import { useDraftAutosave } from '../use-draft-autosave';
import { useFindingOutbox, useOnline } from '../use-finding-outbox';
import { useIndicators } from '../use-indicators';
import { EvidencePicker } from './evidence-picker';
import { IdentifiersEditor } from './identifiers-editor';
import { IndicatorPicker } from './indicator-picker';
import { FindingTypeOptions } from './finding-type-options';
import { PendingFindings } from './pending-findings';
import { SearchableSelect, type SelectOption } from './searchable-select';

const SUSPECT_ROLES = ['recruiter', 'controller', 'advertiser', 'transporter', 'financier', 'other'] as const;
const SCOPES = ['international', 'national', 'regional', 'local'] as const;
const ORIGINS = ['local', 'foreign', 'mixed', 'unknown'] as const;
const AD_SPACES = ['owned', 'rented', 'unknown'] as const;
const ACTIVITY = ['none', 'low', 'medium', 'high'] as const;

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
  /** The target the finding is about; none for a finding logged on its own. */
  target?: Target | null;
  onClose?: () => void;
  /** Moves on to the next target of the queue (Alt+N); the queue page decides which one. */
  onNextTarget?: () => void;
}

/**
 * The officer's main form, one draft per operation and target: it is remounted (and the other
 * target's draft loaded) when the target changes.
 */
export function LogFindingForm(props: LogFindingFormProps) {
  return <FindingForm key={`${props.operationId}:${props.target?.id ?? NO_TARGET}`} {...props} />;
}

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

type Status = { text: string; tone: 'ok' | 'warn' } | null;

function FindingForm({ operationId, target = null, onClose, onNextTarget }: LogFindingFormProps) {
  const targetId = target?.id ?? null;
  const create = useCreateFinding(operationId);
  const outbox = useFindingOutbox(operationId);
  const online = useOnline();
  const indicators = useIndicators(operationId);
  const [initial] = useState(() => {
    const saved = loadDraft(operationId, targetId);
    return { draft: saved ?? newDraft(newUuid(), target), restored: saved !== null && !isDraftEmpty(saved, target) };
  });
  const [draft, setDraft] = useState<FindingDraft>(initial.draft);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [status, setStatus] = useState<Status>(initial.restored ? { text: 'Unsent draft restored.', tone: 'ok' } : null);
  const [announce, setAnnounce] = useState('');
  const [indicatorQuery, setIndicatorQuery] = useState('');
  const [evidenceBusy, setEvidenceBusy] = useState(false);
  const [cleared, setCleared] = useState<FindingDraft | null>(null);
  const firstField = useRef<HTMLSelectElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const shortcutsId = useId();
  const autosave = useDraftAutosave(operationId, targetId, target, draft);
  const latestDraft = useRef(draft);
  latestDraft.current = draft;

  const isLink = draft.type === 'link';
  const findings = useFindings(operationId, isLink);
  const targets = useCachedTargets(operationId);
  const visibleIndicators = useMemo(() => filterIndicators(indicators.items, indicatorQuery), [indicators.items, indicatorQuery]);

  const findingOptions = useMemo<SelectOption[]>(
    () =>
      (findings.data ?? []).map((f) => ({
        value: f.id,
        label: `${FINDING_TYPE_LABELS[f.type]} ${shortId(f.id)} · ${summarizeFinding(f)} · ${formatTime(f.createdAt)}`,
        keywords: f.id,
      })),
    [findings.data],
  );
  const targetOptions = useMemo<SelectOption[]>(
    () => (targets.data ?? []).map((t) => ({ value: t.id, label: `${TARGET_KIND_LABELS[t.kind]}: ${t.value}`, keywords: `${t.normalized} ${t.platform ?? ''}` })),
    [targets.data],
  );

  const edit = (patch: Partial<FindingDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setCleared(null);
  };
  const set = <K extends keyof FindingDraft>(key: K, value: FindingDraft[K]) => edit({ [key]: value } as Partial<FindingDraft>);
  const focusFirst = () => requestAnimationFrame(() => firstField.current?.focus());
  const focusFirstInvalid = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  type TextKey = { [K in keyof FindingDraft]: FindingDraft[K] extends string ? K : never }[keyof FindingDraft];
  const text = (
    key: TextKey,
    label: ReactNode,
    extra: {
      maxLength?: number;
      placeholder?: string;
      upper?: boolean;
      type?: string;
      hint?: ReactNode;
      className?: string;
      inputMode?: 'url' | 'numeric';
      error?: string;
    } = {},
  ) => (
    <Field label={label} error={extra.error ?? errors.fields[key]} hint={extra.hint} className={extra.className}>
      {(p) => (
        <input
          {...p}
          type={extra.type ?? 'text'}
          inputMode={extra.inputMode ?? (extra.type === 'number' ? 'numeric' : undefined)}
          min={extra.type === 'number' ? 0 : undefined}
          maxLength={extra.maxLength}
          placeholder={extra.placeholder}
          value={draft[key]}
          onChange={(e) => set(key, extra.upper ? e.target.value.toUpperCase() : e.target.value)}
        />
      )}
    </Field>
  );
  const area = (key: TextKey, label: ReactNode, extra: { rows?: number; hint?: ReactNode; error?: string; placeholder?: string } = {}) => (
    <Field label={label} error={extra.error ?? errors.fields[key]} hint={extra.hint} className="span-2">
      {(p) => <textarea {...p} rows={extra.rows ?? 2} placeholder={extra.placeholder} value={draft[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  const select = (key: TextKey, label: string, options: ReactNode) => (
    <Field label={label} error={errors.fields[key]}>
      {(p) => (
        <select {...p} value={draft[key]} onChange={(e) => set(key, e.target.value)}>
          {options}
        </select>
      )}
    </Field>
  );

  /** After a submission was taken care of (sent, or queued): a fresh draft, focus on top. */
  const afterSubmit = (submitted: FindingDraft, message: Status) => {
    const fresh: FindingDraft = { ...newDraft(newUuid(), target), type: submitted.type };
    // Typed while the request was on its way: kept, as a new finding (new clientId).
    const keptEdits = latestDraft.current !== submitted;
    setDraft((current) => (current === submitted ? fresh : { ...current, clientId: fresh.clientId }));
    if (!keptEdits) clearDraft(operationId, targetId);
    setErrors(noErrors);
    setIndicatorQuery('');
    setStatus(keptEdits && message ? { ...message, text: `${message.text} What you typed meanwhile is kept as a new draft.` } : message);
    focusFirst();
  };

  const queue = (body: CreateFindingRequest, submitted: FindingDraft, reason: string | null) => {
    outbox.add({ body, draft: submitted, targetId, targetLabel: target?.value ?? null, message: reason });
    afterSubmit(submitted, {
      text: `${FINDING_TYPE_LABELS[body.type]} kept in Pending findings at ${formatTime(new Date().toISOString())}: it is sent as soon as the connection returns.`,
      tone: 'warn',
    });
  };

  const submit = () => {
    if (create.isPending) return;
    if (evidenceBusy) {
      setErrors({ message: 'Wait until the evidence files are hashed, then submit again.', fields: {}, other: [] });
      return;
    }
    const submitted = draft;
    const known = findingKnownFields(submitted);
    const parsed = createFindingRequestSchema.safeParse(draftToRequest(submitted, targetId));
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, known));
      setStatus(null);
      focusFirstInvalid();
      return;
    }
    setErrors(noErrors);
    setStatus(null);
    const body = parsed.data;
    if (!isOnline()) {
      queue(body, submitted, 'Offline when submitted');
      return;
    }
    create.mutate(body, {
      onSuccess: (finding) =>
        afterSubmit(submitted, { text: `${FINDING_TYPE_LABELS[finding.type]} submitted at ${formatTime(finding.createdAt)}.`, tone: 'ok' }),
      onError: (err) => {
        if (shouldQueue(err, isOnline())) queue(body, submitted, errorMessage(err).message);
        else if (isApiError(err, 409)) {
          // The server holds another finding under this draft's clientId (e.g. this draft was
          // submitted, then changed after a reload): resubmitting now makes it a new finding.
          setDraft((d) => (d.clientId === submitted.clientId ? { ...d, clientId: newUuid() } : d));
          setErrors({
            message: 'This draft was already submitted once, with different content. Check the findings list; submit again to log it as a new finding.',
            fields: {},
            other: [],
          });
        } else {
          setErrors(formErrorsFrom(err, known));
          focusFirstInvalid();
        }
      },
    });
  };

  const toggleIndicator = (code: string) => {
    const on = !draft.indicators.includes(code);
    set('indicators', toggleCode(draft.indicators, code));
    setAnnounce(`${on ? 'Added' : 'Removed'} indicator ${labelOf(indicators.items, code)}`);
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
      return;
    }
    const digit = altDigitIndex(e);
    if (digit !== null) {
      e.preventDefault();
      const indicator = visibleIndicators[digit];
      if (indicator) toggleIndicator(indicator.code);
      return;
    }
    if (onNextTarget && e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
      e.preventDefault();
      autosave.saveNow();
      onNextTarget();
    }
    // Escape is deliberately not handled: it never clears anything.
  };

  const discard = () => {
    setCleared(isDraftEmpty(draft, target) ? null : draft);
    clearDraft(operationId, targetId);
    setDraft({ ...newDraft(newUuid(), target), type: draft.type });
    setErrors(noErrors);
    setStatus(null);
    focusFirst();
  };
  const undoClear = () => {
    if (!cleared) return;
    setDraft(cleared);
    saveDraft(operationId, targetId, cleared, target);
    setCleared(null);
  };

  const editBlocker = (entry: OutboxEntry): string | null => {
    if (entry.targetId !== targetId) return `Open the form of ${entry.targetLabel ?? 'a finding without target'} to edit it.`;
    if (!isDraftEmpty(draft, target)) return 'Submit or clear the form first.';
    return null;
  };
  const editPending = (entry: OutboxEntry) => {
    if (editBlocker(entry)) return;
    const taken = outbox.take(entry.clientId);
    if (!taken) return;
    // A new clientId: the server stored nothing under a refused one (or holds another finding with it).
    const restored: FindingDraft = { ...(taken.draft ?? newDraft(newUuid(), target)), clientId: newUuid() };
    setDraft(restored);
    saveDraft(operationId, targetId, restored, target);
    setErrors(formErrorsFrom(new ApiError(400, 'Bad Request', taken.message ?? 'The server refused this finding', taken.details), findingKnownFields(restored)));
    setStatus(null);
    focusFirstInvalid();
  };

  const notesLength = draft.notes.trim().length;
  const savedText = autosave.storageFailed
    ? 'This browser does not store drafts: keep this page open until you submit.'
    : autosave.savedAt
      ? `Draft saved ${formatTime(new Date(autosave.savedAt).toISOString()).slice(0, 5)}`
      : '';

  return (
    <div className="finding-console">
      <form ref={formRef} className="log-finding-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Log finding">
        <p className="shortcut-hint small" id={shortcutsId}>
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submit · <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>9</kbd> toggle the numbered indicators
          {onNextTarget ? (
            <>
              {' '}
              · <kbd>Alt</kbd>+<kbd>N</kbd> next target
            </>
          ) : null}{' '}
          · <kbd>Enter</kbd> in an identifier adds it · drafts are kept in this tab
        </p>
        <div className="form-grid">
          <Field label="Finding type" error={errors.fields.type}>
            {(p) => (
              <select
                {...p}
                ref={firstField}
                autoFocus
                aria-describedby={[p['aria-describedby'], shortcutsId].filter(Boolean).join(' ')}
                value={draft.type}
                onChange={(e) => {
                  set('type', e.target.value as FindingDraft['type']);
                  // The errors were about the other type's fields.
                  setErrors(noErrors);
                }}
              >
                <FindingTypeOptions />
              </select>
            )}
          </Field>
          <p className="muted small align-end">
            {target ? (
              <>
                Target: {TARGET_KIND_LABELS[target.kind]} <span className="target-value">{target.value}</span>
              </>
            ) : (
              'No target: a finding on its own'
            )}
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
                {text('url', 'URL', { inputMode: 'url', placeholder: 'https://…' })}
                {select('category', 'Category', <Options values={PLATFORM_CATEGORIES} labels={CATEGORY_LABELS} />)}
                {text('adCount', 'Number of ads', { type: 'number' })}
                {select('recentActivity', 'Recent activity', <Options values={ACTIVITY} />)}
                {text('priceRange', 'Price range', { placeholder: 'e.g. 100–250 EUR/h' })}
                {select('geographicScope', 'Geographic scope', <Options values={SCOPES} />)}
                {select('advertisedOrigin', 'Advertised origin', <Options values={ORIGINS} />)}
                {text('advertisedOrigins', 'Countries of origin', {
                  placeholder: 'UA, RO, MD',
                  upper: true,
                  hint: 'Country codes, separated by commas',
                  error: listTextError(errors, 'advertisedOrigins', draft),
                })}
                {text('language', 'Language', { maxLength: 3, placeholder: 'en' })}
                {select('adSpace', 'Ad space', <Options values={AD_SPACES} />)}
                {text('companyAffiliation', 'Company affiliation')}
                {area('services', 'Services')}
                {area('lingo', 'Particular lingo')}
                {area('mirrors', 'Mirror sites', {
                  rows: 2,
                  hint: 'One URL per line',
                  placeholder: 'https://mirror.example',
                  error: listTextError(errors, 'mirrors', draft),
                })}
              </>
            ) : null}
            {isLink ? (
              <>
                <SearchableSelect
                  label="From finding"
                  name="from finding"
                  className="span-2"
                  options={findingOptions}
                  value={draft.fromFindingId}
                  onChange={(v) => set('fromFindingId', v)}
                  error={errors.fields.fromFindingId}
                  emptyText={findings.isPending ? 'Loading findings…' : 'No findings yet'}
                />
                <fieldset className="link-to span-2">
                  <legend className="small">Link to</legend>
                  {(['finding', 'target'] as LinkTo[]).map((to) => (
                    <label key={to} className="check">
                      <input type="radio" name="link-to" value={to} checked={draft.linkTo === to} onChange={() => set('linkTo', to)} />
                      {to === 'finding' ? 'another finding' : 'a target'}
                    </label>
                  ))}
                </fieldset>
                {draft.linkTo === 'finding' ? (
                  <SearchableSelect
                    label="To finding"
                    name="to finding"
                    className="span-2"
                    options={findingOptions}
                    value={draft.toFindingId}
                    onChange={(v) => set('toFindingId', v)}
                    error={errors.fields.toFindingId ?? errors.fields.toTargetId}
                    emptyText={findings.isPending ? 'Loading findings…' : 'No findings yet'}
                  />
                ) : (
                  <SearchableSelect
                    label="To target"
                    name="to target"
                    className="span-2"
                    options={targetOptions}
                    value={draft.toTargetId}
                    onChange={(v) => set('toTargetId', v)}
                    error={errors.fields.toTargetId ?? errors.fields.toFindingId}
                    emptyText="No targets loaded"
                  />
                )}
                {area('reason', 'Reason', { placeholder: 'e.g. same phone number in both ads' })}
              </>
            ) : null}
          </div>
        </fieldset>

        <IdentifiersEditor
          value={draft.identifiers}
          pending={draft.pendingIdentifier}
          error={errors.fields.identifiers}
          itemErrors={itemErrors(errors, 'identifiers')}
          onChange={(identifiers, pendingIdentifier) => edit({ identifiers, pendingIdentifier })}
        />

        <IndicatorPicker
          catalogue={indicators.items}
          visible={visibleIndicators}
          query={indicatorQuery}
          onQueryChange={setIndicatorQuery}
          selected={draft.indicators}
          onChange={(next) => set('indicators', next)}
          error={errors.fields.indicators}
          fallback={indicators.fallback && !indicators.isPending}
        />

        <EvidencePicker
          value={draft.evidence}
          onChange={(update) => {
            setDraft((d) => ({ ...d, evidence: update(d.evidence) }));
            setCleared(null);
          }}
          onBusyChange={setEvidenceBusy}
          error={errors.fields.evidence}
          itemErrors={itemErrors(errors, 'evidence')}
        />

        <Field
          label="Notes"
          error={errors.fields.notes}
          hint={
            <span className={notesLength > LIMITS.notes ? 'field-error' : notesLength > LIMITS.notes * 0.9 ? 'warn' : undefined}>
              {formatNumber(notesLength)} / {formatNumber(LIMITS.notes)} characters
            </span>
          }
        >
          {(p) => <textarea {...p} rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />}
        </Field>

        <ErrorMessage error={errors.message} other={errors.other} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Submit finding
          </Button>
          <Button onClick={discard}>Clear form</Button>
          {cleared ? <Button onClick={undoClear}>Undo clear</Button> : null}
          {onClose ? (
            <Button variant="link" onClick={onClose}>
              Hide form
            </Button>
          ) : null}
          <span className={`${status?.tone ?? 'ok'} small`} role="status" aria-live="polite">
            {status?.text}
          </span>
          <span className="muted small draft-saved" role="status" aria-live="polite">
            {savedText}
          </span>
          <span className="sr-only" aria-live="polite">
            {announce}
          </span>
        </div>
      </form>
      <PendingFindings
        {...outbox}
        online={online}
        onRetryNow={outbox.retryNow}
        onRetry={outbox.retry}
        editBlocker={editBlocker}
        onEdit={editPending}
        onDiscard={(clientId) => outbox.take(clientId)}
      />
    </div>
  );
}
