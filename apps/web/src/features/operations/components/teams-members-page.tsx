import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  addMemberRequestSchema,
  createTeamRequestSchema,
  ROLES,
  type Member,
  type Operation,
  type Role,
  type Team,
} from '@actionday/contracts';
import { Button, DataTable, ErrorMessage, Field, QueryState } from '../../../shared/ui';
import { optionalText } from '../../../shared/format';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { ROLE_LABELS } from '../../../shared/labels';
import { operationPermissions, TeamOptions, useMembers, useOperation, useTeams } from '../../../entities/operations';
import { useAddMember } from '../api/add-member';
import { useCreateTeam } from '../api/create-team';
import { ApiKeysPanel } from './api-keys-panel';

const TEAM_FIELDS = ['name', 'country', 'language', 'focus'] as const;
const MEMBER_FIELDS = ['email', 'role', 'teamId'] as const;

function CreateTeamForm({ operationId }: { operationId: string }) {
  const create = useCreateTeam(operationId);
  const empty = { name: '', country: '', language: '', focus: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = (key: keyof typeof form, value: string) => setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = createTeamRequestSchema.safeParse({
      name: form.name,
      country: optionalText(form.country),
      language: optionalText(form.language),
      focus: optionalText(form.focus),
    });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, TEAM_FIELDS));
      return;
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: () => setForm(empty),
      onError: (err) => setErrors(formErrorsFrom(err, TEAM_FIELDS)),
    });
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Create team">
      <Field label="Team name" error={errors.fields.name}>
        {(p) => <input {...p} value={form.name} onChange={(e) => set('name', e.target.value)} required />}
      </Field>
      <Field label="Country" error={errors.fields.country} className="narrow">
        {(p) => <input {...p} value={form.country} maxLength={2} placeholder="NL" onChange={(e) => set('country', e.target.value)} />}
      </Field>
      <Field label="Language" error={errors.fields.language} className="narrow">
        {(p) => <input {...p} value={form.language} maxLength={3} placeholder="nl" onChange={(e) => set('language', e.target.value)} />}
      </Field>
      <Field label="Focus" error={errors.fields.focus}>
        {(p) => <input {...p} value={form.focus} onChange={(e) => set('focus', e.target.value)} />}
      </Field>
      <Button type="submit" variant="primary" busy={create.isPending}>
        Create team
      </Button>
      <ErrorMessage error={errors.message} other={errors.other} className="full-row" />
    </form>
  );
}

function AddMemberForm({ operationId, teams }: { operationId: string; teams: Team[] }) {
  const add = useAddMember(operationId);
  const [form, setForm] = useState({ email: '', role: 'officer' as Role, teamId: '' });
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = addMemberRequestSchema.safeParse({
      email: form.email.trim(),
      role: form.role,
      teamId: form.teamId || null,
    });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, MEMBER_FIELDS));
      return;
    }
    setErrors(noErrors);
    add.mutate(parsed.data, {
      onSuccess: () => setForm((f) => ({ ...f, email: '' })),
      onError: (err) => setErrors(formErrorsFrom(err, MEMBER_FIELDS)),
    });
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Add member">
      <Field label="Member email" error={errors.fields.email}>
        {(p) => (
          <input {...p} type="email" value={form.email} onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))} required />
        )}
      </Field>
      <Field label="Role" error={errors.fields.role}>
        {(p) => (
          <select {...p} value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}>
            {[...ROLES].reverse().map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Team" error={errors.fields.teamId}>
        {(p) => (
          <select {...p} value={form.teamId} onChange={(e) => setForm((f) => ({ ...f, teamId: e.target.value }))}>
            <option value="">No team</option>
            <TeamOptions teams={teams} />
          </select>
        )}
      </Field>
      <Button type="submit" variant="primary" busy={add.isPending}>
        Add member
      </Button>
      <ErrorMessage error={errors.message} other={errors.other} className="full-row" />
    </form>
  );
}

function TeamsTable({ teams, members }: { teams: Team[]; members: Member[] | undefined }) {
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const member of members ?? []) if (member.teamId) m.set(member.teamId, (m.get(member.teamId) ?? 0) + 1);
    return m;
  }, [members]);
  if (teams.length === 0) return <p className="empty">No teams yet.</p>;
  return (
    <DataTable
      aria-labelledby="teams-title"
      columns={[
        { key: 'name', header: 'Team', minWidth: '8rem', cell: (t: Team) => t.name, sortValue: (t: Team) => t.name },
        { key: 'country', header: 'Country', cell: (t: Team) => t.country ?? '—', sortValue: (t: Team) => t.country },
        { key: 'language', header: 'Language', cell: (t: Team) => t.language ?? '—', sortValue: (t: Team) => t.language },
        { key: 'focus', header: 'Focus', minWidth: '8rem', cell: (t: Team) => t.focus ?? '—' },
        {
          key: 'members',
          header: 'Members',
          numeric: true,
          cell: (t: Team) => (members ? (counts.get(t.id) ?? 0) : '—'),
          sortValue: (t: Team) => (members ? (counts.get(t.id) ?? 0) : undefined),
        },
      ]}
      rows={teams}
      rowKey={(t) => t.id}
    />
  );
}

function MembersTable({ members, teams }: { members: Member[]; teams: Team[] }) {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const sorted = [...members].sort((a, b) => a.displayName.localeCompare(b.displayName));
  if (sorted.length === 0) return <p className="empty">No members yet.</p>;
  const teamOf = (m: Member) => (m.teamId ? (teamName.get(m.teamId) ?? '—') : '—');
  return (
    <DataTable
      aria-labelledby="members-title"
      columns={[
        { key: 'name', header: 'Name', minWidth: '8rem', cell: (m: Member) => m.displayName, sortValue: (m: Member) => m.displayName },
        {
          key: 'email',
          header: 'Email',
          minWidth: '12rem',
          cell: (m: Member) => m.email ?? <span className="muted">not shown to your role</span>,
          sortValue: (m: Member) => m.email,
        },
        { key: 'role', header: 'Role', nowrap: true, cell: (m: Member) => ROLE_LABELS[m.role], sortValue: (m: Member) => ROLES.indexOf(m.role) },
        { key: 'team', header: 'Team', cell: teamOf, sortValue: (m: Member) => (m.teamId ? teamName.get(m.teamId) : undefined) },
        { key: 'country', header: 'Country', cell: (m: Member) => m.country ?? '—', sortValue: (m: Member) => m.country },
      ]}
      rows={sorted}
      rowKey={(m) => m.userId}
    />
  );
}

function TeamsMembers({ operation, catalogue }: { operation: Operation; catalogue?: ReactNode }) {
  const can = operationPermissions(operation);
  const teams = useTeams(operation.id);
  const members = useMembers(operation.id, can.seeMembers);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        {can.manageTeams ? <CreateTeamForm operationId={operation.id} /> : null}
        <QueryState query={teams} label="Loading teams…">
          {(list) => <TeamsTable teams={list} members={members.data} />}
        </QueryState>
      </section>
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {can.addMembers ? <AddMemberForm operationId={operation.id} teams={teams.data ?? []} /> : null}
        <QueryState query={members} label="Loading members…">
          {(list) => <MembersTable members={list} teams={teams.data ?? []} />}
        </QueryState>
      </section>
      {can.seeMembers ? <ApiKeysPanel operation={operation} teams={teams.data ?? []} /> : null}
      {can.seeMembers ? catalogue : null}
    </div>
  );
}

export interface TeamsMembersPageProps {
  operationId: string;
  /**
   * Below the teams and members, for those who see the members: the operation's indicator
   * catalogue (the findings feature's), composed by the app.
   */
  catalogue?: ReactNode;
}

export function TeamsMembersPage({ operationId, catalogue }: TeamsMembersPageProps) {
  const operation = useOperation(operationId);
  return <QueryState query={operation}>{(op) => <TeamsMembers operation={op} catalogue={catalogue} />}</QueryState>;
}
