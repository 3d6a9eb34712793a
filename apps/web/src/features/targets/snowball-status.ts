import type { SnowballResponse } from '@actionday/contracts';

export interface SnowballStatus {
  /** "New target created" or "Already a target", plus what is known of the team. */
  message: string;
  /** The suggested team to offer an assignment to; null when there is none or it is already assigned. */
  assignTo: { id: string; label: string } | null;
}

/**
 * The inline status after snowballing an identifier. `currentTeamId` is the target's team as known
 * now (the cache may be newer than the response); `teamName` resolves a team id from the cache.
 */
export function snowballStatus(
  res: Pick<SnowballResponse, 'created' | 'suggestedTeamId'>,
  currentTeamId: string | null,
  teamName: (id: string) => string | undefined,
): SnowballStatus {
  const head = res.created ? 'New target created' : 'Already a target';
  const name = (id: string) => teamName(id) ?? 'an unknown team';
  const parts = [head];
  if (currentTeamId) parts.push(`assigned to ${name(currentTeamId)}`);
  const suggested = res.suggestedTeamId;
  if (suggested && suggested !== currentTeamId) parts.push(`suggested team: ${name(suggested)}`);
  else if (!suggested && !currentTeamId) parts.push('no team suggested');
  return {
    message: parts.join(' · '),
    assignTo:
      suggested && suggested !== currentTeamId ? { id: suggested, label: `Assign to ${teamName(suggested) ?? 'suggested team'}` } : null,
  };
}
