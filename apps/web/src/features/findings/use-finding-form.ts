import { useRef, useState } from 'react';
import { createFindingRequestSchema, type CreateFindingRequest, type Target } from '@actionday/contracts';
import { ApiError, isApiError } from '../../shared/api-client';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../shared/form-errors';
import { FINDING_TYPE_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/format';
import { newUuid } from '../../shared/uuid';
import { useCreateFinding } from './api/create-finding';
import { clearDraft, draftToRequest, isDraftEmpty, loadDraft, newDraft, saveDraft, type FindingDraft } from './finding-draft';
import { findingKnownFields } from './finding-form-errors';
import { errorMessage, shouldQueue, type OutboxEntry } from './outbox';
import { useFindingOutbox } from './use-finding-outbox';

export type FormStatus = { text: string; tone: 'ok' | 'warn' } | null;

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/**
 * The log-finding form's draft and what happens to it: edits, submission (sent, or kept in the
 * outbox when offline or the server cannot be reached), a 409 that re-keys the draft, clearing with
 * undo, and a refused outbox entry taken back into the form. One draft per operation and target.
 */
export function useFindingForm(operationId: string, target: Target | null) {
  const targetId = target?.id ?? null;
  const create = useCreateFinding(operationId);
  const outbox = useFindingOutbox(operationId);
  const [initial] = useState(() => {
    const saved = loadDraft(operationId, targetId);
    return { draft: saved ?? newDraft(newUuid(), target), restored: saved !== null && !isDraftEmpty(saved, target) };
  });
  const [draft, setDraft] = useState<FindingDraft>(initial.draft);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [status, setStatus] = useState<FormStatus>(initial.restored ? { text: 'Unsent draft restored.', tone: 'ok' } : null);
  const [indicatorQuery, setIndicatorQuery] = useState('');
  const [evidenceBusy, setEvidenceBusy] = useState(false);
  const [cleared, setCleared] = useState<FindingDraft | null>(null);
  const firstField = useRef<HTMLSelectElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const latestDraft = useRef(draft);
  latestDraft.current = draft;

  const edit = (patch: Partial<FindingDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setCleared(null);
  };
  const set = <K extends keyof FindingDraft>(key: K, value: FindingDraft[K]) => edit({ [key]: value } as Partial<FindingDraft>);
  const focusFirst = () => requestAnimationFrame(() => firstField.current?.focus());
  const focusFirstInvalid = () => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  /** After a submission was taken care of (sent, or queued): a fresh draft, focus on top. */
  const afterSubmit = (submitted: FindingDraft, message: FormStatus) => {
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

  /** Why a refused outbox entry cannot be opened in this form, or null. */
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

  return {
    draft,
    setDraft,
    errors,
    setErrors,
    status,
    cleared,
    setCleared,
    indicatorQuery,
    setIndicatorQuery,
    setEvidenceBusy,
    submitting: create.isPending,
    outbox,
    firstField,
    formRef,
    edit,
    set,
    submit,
    discard,
    undoClear,
    editBlocker,
    editPending,
  };
}
