import { mayRead, type Match, type MatchSide, type Viewer } from '@actionday/contracts';
import { maySeeRestricted } from '../policy/scopes';

export interface MatchRow {
  id: string;
  operation_id: string;
  kind: Match['kind'];
  match_key: string;
  a_target_id: string | null;
  a_finding_id: string | null;
  a_team_id: string | null;
  a_country: string | null;
  b_target_id: string | null;
  b_finding_id: string | null;
  b_team_id: string | null;
  b_country: string | null;
  cross_border: boolean;
  created_at: Date;
}

export const rowToMatch = (r: MatchRow): Match => ({
  id: r.id,
  operationId: r.operation_id,
  kind: r.kind,
  // The key without its kind prefix: `phone:+31612345678` -> `+31612345678`.
  normalized: r.match_key.slice(r.match_key.indexOf(':') + 1),
  sides: [
    { teamId: r.a_team_id, country: r.a_country, targetId: r.a_target_id, findingId: r.a_finding_id },
    { teamId: r.b_team_id, country: r.b_country, targetId: r.b_target_id, findingId: r.b_finding_id },
  ],
  crossBorder: r.cross_border,
  redacted: false,
  createdAt: r.created_at.toISOString(),
});

const withoutRecords = (s: MatchSide): MatchSide => ({ ...s, targetId: null, findingId: null });

/**
 * What members outside the two teams learn: two teams (and their countries) met, not on which
 * identifier, nor which records: a side's target or finding would name the identifier.
 */
export const redactMatch = (m: Match): Match => ({
  ...m,
  normalized: null,
  redacted: true,
  sides: [withoutRecords(m.sides[0]), withoutRecords(m.sides[1])],
});

/** The teams whose officers see the identifier of a match. */
export const matchTeamIds = (m: Match): string[] => [...new Set(m.sides.map((s) => s.teamId).filter((t): t is string => t !== null))];

/** For each side, the teams its record is restricted to (null: not restricted). */
export type SideRestrictions = readonly [readonly (string | null)[] | null, readonly (string | null)[] | null];

/**
 * A match as `viewer` may see it. The identifier goes to coordinators and to the two teams: it
 * tells each the identifier it already holds, and which team and country it met. An officer
 * sees the records of their own team's side only (never the other team's, restricted or not:
 * a side that hid its records only when restricted would say that it is), and a restricted
 * side's records only if they may see that record.
 */
export function matchForViewer(m: Match, restricted: SideRestrictions, viewer: Viewer): Match {
  if (!mayRead(viewer, 'restricted_identifiers', m.sides.map((s) => s.teamId))) return redactMatch(m);
  const everything = !!viewer && mayRead(viewer, 'restricted_identifiers', []);
  const side = (i: 0 | 1) => {
    const teams = restricted[i];
    const own = everything || (viewer?.teamId != null && m.sides[i].teamId === viewer.teamId);
    return own && (teams === null || maySeeRestricted(viewer, teams)) ? m.sides[i] : withoutRecords(m.sides[i]);
  };
  return { ...m, sides: [side(0), side(1)] };
}

/** The version for the officers of both teams at once: the identifier and the teams, no records (each team reads its own from the list). */
export function matchForParties(m: Match): Match {
  return { ...m, sides: [withoutRecords(m.sides[0]), withoutRecords(m.sides[1])] };
}
