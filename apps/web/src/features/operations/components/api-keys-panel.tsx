import { useRef, useState, type FormEvent } from 'react';
import { createApiKeyRequestSchema, type ApiKey, type CreatedApiKey, type Operation, type Team } from '@actionday/contracts';
import { Badge, Button, ConfirmDialog, DataTable, ErrorMessage, Field, QueryState } from '../../../shared/ui';
import { formatDateTime, zonedLocalToIso } from '../../../shared/format';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { TeamOptions } from '../../../entities/operations';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys';

const KEY_FIELDS = ['name', 'teamId', 'expiresAt'] as const;

type KeyState = 'active' | 'expired' | 'revoked';

export function keyState(k: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = Date.now()): KeyState {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && Date.parse(k.expiresAt) <= now) return 'expired';
  return 'active';
}

const STATE_LABEL: Record<KeyState, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };
const STATE_TONE: Record<KeyState, string> = { active: 'live', expired: 'closed', revoked: 'rejected' };

/** Copies to the clipboard; where it is unavailable (plain http), selects the text for Ctrl+C. */
async function copyText(text: string, element: HTMLElement | null): Promise<string> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch {
    const selection = window.getSelection();
    if (!element || !selection) return 'Select the key and copy it';
    const range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
    return 'Selected: press Ctrl+C (⌘C) to copy';
  }
}

/** The secret of a key just made: shown here once, kept nowhere (not in the query cache, not on reload). */
function NewSecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const ref = useRef<HTMLElement>(null);
  const [status, setStatus] = useState('');
  return (
    <div className="new-api-key" role="region" aria-label="New API key">
      <p>
        <strong>Copy this key now: it is shown only once.</strong> The tool sends it as <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      <div className="snapshot-hash">
        <code ref={ref} data-testid="api-key-secret" tabIndex={0}>
          {created.secret}
        </code>
        <Button size="small" onClick={() => void copyText(created.secret, ref.current).then(setStatus)}>
          Copy
        </Button>
        <span role="status" className="muted small">
          {status}
        </span>
      </div>
      <Button size="small" onClick={onDone}>
        Done, I have copied it
      </Button>
    </div>
  );
}

function CreateKeyForm({ operation, teams, onCreated }: { operation: Operation; teams: Team[]; onCreated: (created: CreatedApiKey) => void }) {
  const create = useCreateApiKey(operation.id);
  const empty = { name: '', teamId: '', expiresAt: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = (key: keyof typeof form, value: string) => setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const expiresAt = form.expiresAt ? (zonedLocalToIso(form.expiresAt, operation.timezone) ?? form.expiresAt) : undefined;
    const parsed = createApiKeyRequestSchema.safeParse({ name: form.name, teamId: form.teamId, expiresAt });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, KEY_FIELDS));
      return;
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        setForm(empty);
        onCreated(created);
      },
      onError: (err) => setErrors(formErrorsFrom(err, KEY_FIELDS)),
    });
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Create API key">
      <Field label="Key name" error={errors.fields.name}>
        {(p) => <input {...p} value={form.name} placeholder="Detection tool" onChange={(e) => set('name', e.target.value)} required />}
      </Field>
      <Field label="Acts as officer of" error={errors.fields.teamId}>
        {(p) => (
          <select {...p} value={form.teamId} onChange={(e) => set('teamId', e.target.value)} required>
            <option value="">Choose a team</option>
            <TeamOptions teams={teams} />
          </select>
        )}
      </Field>
      <Field label={`Expires (${operation.timezone})`} error={errors.fields.expiresAt} hint="Optional; a key stops working when the operation closes anyway.">
        {(p) => <input {...p} type="datetime-local" value={form.expiresAt} onChange={(e) => set('expiresAt', e.target.value)} />}
      </Field>
      <Button type="submit" variant="primary" busy={create.isPending}>
        Create API key
      </Button>
      <ErrorMessage error={errors.message} other={errors.other} className="full-row" />
    </form>
  );
}

function KeysTable({ keys, teams, timeZone, onRevoke }: { keys: ApiKey[]; teams: Team[]; timeZone: string; onRevoke: (k: ApiKey) => void }) {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  if (keys.length === 0) return <p className="empty">No API keys yet.</p>;
  const when = (iso: string | null, none: string) => (iso ? formatDateTime(iso, timeZone) : none);
  return (
    <DataTable
      aria-labelledby="api-keys-title"
      columns={[
        { key: 'name', header: 'Name', minWidth: '8rem', cell: (k: ApiKey) => k.name, sortValue: (k: ApiKey) => k.name },
        { key: 'prefix', header: 'Key', nowrap: true, cell: (k: ApiKey) => <code>{k.prefix}…</code> },
        { key: 'team', header: 'Team', cell: (k: ApiKey) => teamName.get(k.teamId) ?? '—', sortValue: (k: ApiKey) => teamName.get(k.teamId) },
        { key: 'created', header: 'Created', nowrap: true, cell: (k: ApiKey) => when(k.createdAt, '—'), sortValue: (k: ApiKey) => k.createdAt },
        { key: 'used', header: 'Last used', nowrap: true, cell: (k: ApiKey) => when(k.lastUsedAt, 'never'), sortValue: (k: ApiKey) => k.lastUsedAt },
        { key: 'expires', header: 'Expires', nowrap: true, cell: (k: ApiKey) => when(k.expiresAt, 'at close'), sortValue: (k: ApiKey) => k.expiresAt },
        {
          key: 'state',
          header: 'State',
          cell: (k: ApiKey) => {
            const state = keyState(k);
            return <Badge tone={STATE_TONE[state]}>{STATE_LABEL[state]}</Badge>;
          },
        },
        {
          key: 'actions',
          header: <span className="sr-only">Actions</span>,
          cell: (k: ApiKey) =>
            k.revokedAt ? null : (
              <Button size="small" variant="danger" onClick={() => onRevoke(k)} aria-label={`Revoke ${k.name}`}>
                Revoke
              </Button>
            ),
        },
      ]}
      rows={keys}
      rowKey={(k) => k.id}
    />
  );
}

export interface ApiKeysPanelProps {
  operation: Operation;
  teams: Team[];
}

/**
 * Coordinators' API keys for automated tools: each acts as an officer of one team in this
 * operation. A new key's secret is shown once, with a copy button; the list never has it.
 */
export function ApiKeysPanel({ operation, teams }: ApiKeysPanelProps) {
  const keys = useApiKeys(operation.id);
  const revoke = useRevokeApiKey(operation.id);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const open = operation.status !== 'closed';
  return (
    <section className="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys for tools</h2>
      <p className="muted">
        A key lets an automated tool log findings as an officer of one team, in this operation only. Every use is in the audit log.
      </p>
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      {open ? <CreateKeyForm operation={operation} teams={teams} onCreated={setCreated} /> : <p className="muted">The operation is closed: its keys no longer work.</p>}
      <QueryState query={keys} label="Loading API keys…">
        {(list) => <KeysTable keys={list} teams={teams} timeZone={operation.timezone} onRevoke={setRevoking} />}
      </QueryState>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke API key"
        confirmLabel="Revoke"
        tone="danger"
        busy={revoke.isPending}
        error={revoke.error}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) });
        }}
      >
        <p>
          The tool using <strong>{revoking?.name}</strong> ({revoking?.prefix}…) is refused from its next request. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
