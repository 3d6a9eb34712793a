import { useState, type FormEvent } from 'react';
import type { Team } from '@actionday/contracts';
import { TeamOptions } from '../../../entities/operations';
import { Button, ErrorMessage, Field } from '../../../shared/ui';
import { useAssignTargets } from '../api/assign-targets';

/** The value of the "Unassigned" choice of the team pickers and filters. */
export const UNASSIGNED = 'none';

/** Assigns the selected targets to a team (or unassigns them). */
export function AssignBar({
  operationId,
  teams,
  selected,
  onDone,
}: {
  operationId: string;
  teams: Team[];
  selected: ReadonlySet<string>;
  onDone: () => void;
}) {
  const assign = useAssignTargets(operationId);
  const [teamId, setTeamId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setStatus('');
    if (!teamId) {
      setError('Choose a team (or Unassigned) first');
      return;
    }
    if (selected.size === 0) {
      setError('Select targets first');
      return;
    }
    setError(null);
    const target = teamId === UNASSIGNED ? null : teamId;
    const name = teams.find((t) => t.id === target)?.name;
    assign.mutate(
      { teamId: target, targetIds: [...selected] },
      {
        onSuccess: (res) => {
          const n = res.updated.length;
          setStatus(name ? `Assigned ${n} target${n === 1 ? '' : 's'} to ${name}` : `Unassigned ${n} target${n === 1 ? '' : 's'}`);
          onDone();
        },
        onError: (err) => setError(err),
      },
    );
  };

  return (
    <form className="inline-form assign-bar" onSubmit={onSubmit} aria-label="Assign targets">
      <Field label="Assign to team">
        {(p) => (
          <select {...p} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="" disabled>
              Choose…
            </option>
            <TeamOptions teams={teams} />
            <option value={UNASSIGNED}>Unassigned</option>
          </select>
        )}
      </Field>
      <Button type="submit" variant="primary" busy={assign.isPending} disabled={selected.size === 0}>
        Assign selected
      </Button>
      <span className="muted small" aria-live="polite">
        {selected.size} selected
      </span>
      {selected.size > 0 ? (
        <Button size="small" variant="link" onClick={onDone}>
          Clear selection
        </Button>
      ) : null}
      <span className="ok small" role="status">
        {status}
      </span>
      <ErrorMessage error={error} className="full-row" />
    </form>
  );
}
