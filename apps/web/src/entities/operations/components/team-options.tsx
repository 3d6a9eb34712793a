import type { Team } from '@actionday/contracts';

/** One <option> per team, by name: the body of every team picker and team filter. */
export function TeamOptions({ teams }: { teams: readonly Pick<Team, 'id' | 'name'>[] | undefined }) {
  return (
    <>
      {(teams ?? []).map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </>
  );
}
