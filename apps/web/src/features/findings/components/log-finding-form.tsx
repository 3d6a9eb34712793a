import { useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS, type Target } from '@actionday/contracts';
import { FindingTypeOptions, summarizeFinding, useFindings, useIndicators } from '../../../entities/findings';
import { useCachedTargets } from '../../../entities/targets';
import { Button, ErrorMessage, Field } from '../../../shared/ui';
import { noErrors } from '../../../shared/form-errors';
import { FINDING_TYPE_LABELS, TARGET_KIND_LABELS, targetText } from '../../../shared/labels';
import { formatNumber, formatTime, shortId } from '../../../shared/format';
import { NO_TARGET, type FindingDraft } from '../finding-draft';
import { itemErrors } from '../finding-form-errors';
import { altDigitIndex, filterIndicators, labelOf, toggleCode } from '../indicator-filter';
import { useDraftAutosave } from '../use-draft-autosave';
import { useFindingForm } from '../use-finding-form';
import { useOnline } from '../use-finding-outbox';
import { EvidencePicker } from './evidence-picker';
import { FindingTypeFields } from './finding-type-fields';
import { IdentifiersEditor } from './identifiers-editor';
import { IndicatorPicker } from './indicator-picker';
import { PendingFindings } from './pending-findings';
import type { SelectOption } from './searchable-select';

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

function FindingForm({ operationId, target = null, onClose, onNextTarget }: LogFindingFormProps) {
  const targetId = target?.id ?? null;
  const form = useFindingForm(operationId, target);
  const { draft, errors, status, cleared, outbox, set, edit, submit, indicatorQuery } = form;
  const online = useOnline();
  const indicators = useIndicators(operationId);
  const [announce, setAnnounce] = useState('');
  const shortcutsId = useId();
  const autosave = useDraftAutosave(operationId, targetId, target, draft);

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

  const notesLength = draft.notes.trim().length;
  const savedText = autosave.storageFailed
    ? 'This browser does not store drafts: keep this page open until you submit.'
    : autosave.savedAt
      ? `Draft saved ${formatTime(new Date(autosave.savedAt).toISOString()).slice(0, 5)}`
      : '';

  return (
    <div className="finding-console">
      <form ref={form.formRef} className="log-finding-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Log finding">
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
                ref={form.firstField}
                autoFocus
                aria-describedby={[p['aria-describedby'], shortcutsId].filter(Boolean).join(' ')}
                value={draft.type}
                onChange={(e) => {
                  set('type', e.target.value as FindingDraft['type']);
                  // The errors were about the other type's fields.
                  form.setErrors(noErrors);
                }}
              >
                <FindingTypeOptions />
              </select>
            )}
          </Field>
          <p className="muted small align-end">
            {target ? (
              <>
                Target: {TARGET_KIND_LABELS[target.kind]} <span className="target-value">{targetText(target)}</span>
              </>
            ) : (
              'No target: a finding on its own'
            )}
          </p>
        </div>

        <fieldset className="type-fields">
          <legend>{FINDING_TYPE_LABELS[draft.type]}</legend>
          <div className="form-grid">
            <FindingTypeFields
              key={draft.type}
              draft={draft}
              errors={errors}
              set={set}
              findingOptions={findingOptions}
              findingsPending={findings.isPending}
              targetOptions={targetOptions}
            />
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
          onQueryChange={form.setIndicatorQuery}
          selected={draft.indicators}
          onChange={(next) => set('indicators', next)}
          error={errors.fields.indicators}
          fallback={indicators.fallback && !indicators.isPending}
        />

        <EvidencePicker
          value={draft.evidence}
          onChange={(update) => {
            form.setDraft((d: FindingDraft) => ({ ...d, evidence: update(d.evidence) }));
            form.setCleared(null);
          }}
          onBusyChange={form.setEvidenceBusy}
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
          <Button type="submit" variant="primary" busy={form.submitting}>
            Submit finding
          </Button>
          <Button onClick={form.discard}>Clear form</Button>
          {cleared ? <Button onClick={form.undoClear}>Undo clear</Button> : null}
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
        editBlocker={form.editBlocker}
        onEdit={form.editPending}
        onDiscard={(clientId) => outbox.take(clientId)}
      />
    </div>
  );
}
