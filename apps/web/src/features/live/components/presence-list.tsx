import type { Presence, Team } from '@actionday/contracts';

/** Who is online now, by team. */
export function PresenceList({ online, teams }: { online: Presence['online']; teams: Team[] }) {
  const users = new Map<string, string | null>();
  for (const o of online) users.set(o.userId, o.teamId);
  const byTeam = new Map<string | null, number>();
  for (const teamId of users.values()) byTeam.set(teamId, (byTeam.get(teamId) ?? 0) + 1);
  const rows = [...byTeam.entries()]
    .map(([teamId, count]) => ({ name: teamId ? (teams.find((t) => t.id === teamId)?.name ?? 'Team') : 'No team', count }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section className="card presence" aria-labelledby="presence-title">
      <h2 id="presence-title">
        Online <span className="count" data-testid="presence-count">{users.size}</span>
      </h2>
      {rows.length ? (
        <ul className="presence-list">
          {rows.map((r) => (
            <li key={r.name}>
              <span>{r.name}</span> <span className="count">{r.count}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
