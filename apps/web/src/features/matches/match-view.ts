import type { Match, MatchSide } from '@actionday/contracts';
import { IDENTIFIER_KIND_LABELS } from '../../shared/labels';
import { matchInvolvesTeam } from './match-cache';

/** A team's name by id, or null when unknown (not loaded, or not a team). */
export type TeamNameLookup = (teamId: string | null) => string | null;

/** "Netherlands (NL)"; "a team in NL" when the team is not known here; "unassigned target (RO)". */
export function sideLabel(side: MatchSide, teamName: TeamNameLookup): string {
  const name = teamName(side.teamId);
  const country = side.country ? ` (${side.country})` : '';
  if (name) return `${name}${country}`;
  if (side.teamId) return side.country ? `a team in ${side.country}` : 'another team';
  return side.targetId && !side.findingId ? `unassigned target${country}` : `no team${country}`;
}

/** What a screen reader hears when a match arrives: kind, identifier (or that it is hidden), both sides. */
export function matchAnnouncement(match: Match, teamName: TeamNameLookup): string {
  const kind = IDENTIFIER_KIND_LABELS[match.kind].toLowerCase();
  const what = match.normalized ? `${kind} ${match.normalized}` : `${kind} (identifier hidden)`;
  const [a, b] = match.sides;
  return `New ${match.crossBorder ? 'cross-border ' : ''}match on ${what}: ${sideLabel(a, teamName)} and ${sideLabel(b, teamName)}`;
}

export interface MatchViewer {
  /** Coordinators and organizers see every match and are told of each. */
  seesAll: boolean;
  myTeamId: string | null;
}

/** Whether a new match is worth announcing to this viewer: all of them for coordinators, their team's for officers. */
export function concernsViewer(match: Match, viewer: MatchViewer): boolean {
  return viewer.seesAll || matchInvolvesTeam(match, viewer.myTeamId);
}

/**
 * One announcement for the matches that just arrived (newest first): the newest that concerns
 * the viewer, with how many more came with it; null when none concerns them.
 */
export function announcementFor(fresh: readonly Match[], viewer: MatchViewer, teamName: TeamNameLookup): string | null {
  const relevant = fresh.filter((m) => concernsViewer(m, viewer));
  if (relevant.length === 0) return null;
  const first = matchAnnouncement(relevant[0], teamName);
  return relevant.length === 1 ? first : `${relevant.length} new matches. ${first}`;
}

/** An officer's view: their team's matches first and prominent, the others (redacted) apart. */
export function splitByTeam(matches: readonly Match[], teamId: string | null): { mine: Match[]; others: Match[] } {
  const mine: Match[] = [];
  const others: Match[] = [];
  for (const m of matches) (matchInvolvesTeam(m, teamId) ? mine : others).push(m);
  return { mine, others };
}
