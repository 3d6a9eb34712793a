import type { Match } from '@actionday/contracts';

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

/** What members outside the two teams learn: two teams met, not on which identifier. */
export const redactMatch = (m: Match): Match => ({ ...m, normalized: null, redacted: true });

/** The teams whose officers see the identifier of a match. */
export const matchTeamIds = (m: Match): string[] => [...new Set(m.sides.map((s) => s.teamId).filter((t): t is string => t !== null))];
