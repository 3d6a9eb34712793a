import { useId, useMemo } from 'react';
import type { Member, Presence, Team } from '@actionday/contracts';
import { groupPresence, unnamedCount } from '../presence';

export interface PresenceListProps {
  online: Presence['online'];
  teams: Team[];
  /** The operation's members, for display names; counts alone when they are not loaded. */
  members?: Member[];
  myTeamId?: string | null;
}

/** Who is online now, by team (the viewer's own first, then by name, "No team" last), with a count per team. */
export function PresenceList({ online, teams, members = [], myTeamId = null }: PresenceListProps) {
  const titleId = useId();
  const groups = useMemo(() => groupPresence(online, teams, members, myTeamId), [online, teams, members, myTeamId]);
  const total = groups.reduce((n, g) => n + g.count, 0);
  return (
    <section className="card presence" aria-labelledby={titleId}>
      <h2 id={titleId}>
        Online <span className="count" data-testid="presence-count">{total}</span>
      </h2>
      {groups.length ? (
        <ul className="presence-groups" aria-label="Online by team">
          {groups.map((g) => {
            const others = unnamedCount(g);
            return (
              <li key={g.teamId ?? 'none'} className={g.mine ? 'presence-group is-mine' : 'presence-group'} data-testid="presence-group">
                <div className="presence-team">
                  <span className="presence-team-name">
                    {g.name}
                    {g.country ? <span className="muted"> ({g.country})</span> : null}
                    {g.mine ? <span className="muted small"> — your team</span> : null}
                  </span>
                  <span className="count" aria-label={`${g.count} online`}>
                    {g.count}
                  </span>
                </div>
                {g.names.length || others ? (
                  <p className="presence-names small muted">
                    {g.names.join(', ')}
                    {others ? `${g.names.length ? ', ' : ''}${others} other${others === 1 ? '' : 's'}` : ''}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted small">Nobody online right now.</p>
      )}
    </section>
  );
}
