import { roleAtLeast, type Role } from './roles';

/**
 * The need-to-know policy: who may see what, in one table. The API's queries, mappers and event
 * payloads ask it (never the role directly), the web shows what they were given, and the
 * integration matrix test walks every route and event against this same table.
 *
 * "Restricted" is everything that describes one possible victim (PRODUCT.md): the victim
 * finding's details and identifiers, and every record derived from them (a link to it, a target
 * snowballed from its identifiers, the side of a match that points at it, a tally delta of its
 * write). Such a record names the teams it belongs to; they, coordinators and organizers see it.
 */
export const DATA_CLASSES = [
  /** Alias, age, the free type fields of a possible victim; the reason of a link to one. */
  'victim_details',
  /** Nationality, minor flag and indicators of one possible victim. */
  'victim_attributes',
  /**
   * Identifiers of restricted findings and everything derived from them: a snowballed target's
   * value, the target a victim was logged on, the records a match side or a duplicate points to.
   */
  'restricted_identifiers',
  /** Free notes and evidence (URLs, captures, hashes) of any finding. */
  'notes_evidence',
  /** The end-of-day figures other than the victim figures (targets examined, suspects, ...). */
  'aggregate_figures',
  /** Possible victims in total, by nationality, minors, and the indicators of victim findings. */
  'victim_figures',
  /** Members' e-mail addresses. */
  'member_contact',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** The viewer as the policy sees them: a role in the operation and how they relate to the record. */
export const AUDIENCES = ['organizer', 'coordinator', 'officer_own_team', 'officer_other_team', 'observer', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * - `exact`: the record as it is, live.
 * - `released`: only as an operation-wide aggregate, released at most every
 *   VICTIM_FIGURES_SECONDS, each figure moving in steps of at least VICTIM_RELEASE_BATCH, counts
 *   below the suppression threshold shown as "<3": never the delta of one write.
 * - `published`: only what an organizer published, with the publication's own suppression.
 * - `none`: withheld; the record's existence, type, team and time may still show.
 */
export type Grant = 'exact' | 'released' | 'published' | 'none';

export const NEED_TO_KNOW: Readonly<Record<DataClass, Readonly<Record<Audience, Grant>>>> = {
  victim_details: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'exact', officer_other_team: 'none', observer: 'none', public: 'none' },
  victim_attributes: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'exact', officer_other_team: 'none', observer: 'none', public: 'none' },
  restricted_identifiers: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'exact', officer_other_team: 'none', observer: 'none', public: 'none' },
  notes_evidence: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'exact', officer_other_team: 'exact', observer: 'none', public: 'none' },
  aggregate_figures: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'exact', officer_other_team: 'exact', observer: 'exact', public: 'published' },
  victim_figures: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'released', officer_other_team: 'released', observer: 'released', public: 'published' },
  member_contact: { organizer: 'exact', coordinator: 'exact', officer_own_team: 'none', officer_other_team: 'none', observer: 'none', public: 'none' },
};

/**
 * A released victim figure moves only in steps of at least this many (up or down), so that the
 * difference between two releases is never about fewer victims than that.
 */
export const VICTIM_RELEASE_BATCH = 3;

/** A member of the operation as the policy needs them; null is the public (no membership). */
export type Viewer = { role: Role; teamId: string | null } | null;

/**
 * How `viewer` relates to a record owned by `teamIds` (the team that logged it; for a derived
 * record every team it belongs to). Observers never count as a team, whatever team they are in.
 */
export function audienceOf(viewer: Viewer, teamIds: readonly (string | null)[] = []): Audience {
  if (!viewer) return 'public';
  if (viewer.role === 'organizer') return 'organizer';
  if (viewer.role === 'coordinator') return 'coordinator';
  if (viewer.role === 'observer') return 'observer';
  return viewer.teamId !== null && teamIds.includes(viewer.teamId) ? 'officer_own_team' : 'officer_other_team';
}

export function grantFor(viewer: Viewer, dataClass: DataClass, teamIds: readonly (string | null)[] = []): Grant {
  return NEED_TO_KNOW[dataClass][audienceOf(viewer, teamIds)];
}

export function mayRead(viewer: Viewer, dataClass: DataClass, teamIds: readonly (string | null)[] = []): boolean {
  return grantFor(viewer, dataClass, teamIds) === 'exact';
}

/**
 * The same question put to SQL: the viewer reads the class for every record (`all`), or only for
 * records whose team set contains `teamId`. Derived from the table, so a change there reaches
 * every query.
 */
export interface ReadScope {
  all: boolean;
  teamId: string | null;
}

export function readScope(viewer: Viewer, dataClass: DataClass): ReadScope {
  if (!viewer) return { all: false, teamId: null };
  const all = grantFor(viewer, dataClass, []) === 'exact';
  const own = viewer.teamId !== null && grantFor(viewer, dataClass, [viewer.teamId]) === 'exact';
  return { all, teamId: !all && own ? viewer.teamId : null };
}

/** Whether `viewer` may read the personal details of a possible victim logged by `finding.teamId`. */
export function canSeeVictimDetails(viewer: Viewer, finding: { teamId: string | null }): boolean {
  return mayRead(viewer, 'victim_details', [finding.teamId]);
}

/**
 * The live-event audiences, most privileged first: coordinators and organizers, the officers of
 * the teams a restricted record belongs to, every other officer, observers. An event carries one
 * version per audience that sees something different.
 */
export const EVENT_AUDIENCES = ['full', 'team', 'officer', 'observer'] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];

export function eventAudienceOf(viewer: { role: Role; teamId: string | null }, restrictedTeamIds: readonly string[]): EventAudience {
  if (roleAtLeast(viewer.role, 'coordinator')) return 'full';
  if (viewer.role === 'observer') return 'observer';
  return viewer.teamId !== null && restrictedTeamIds.includes(viewer.teamId) ? 'team' : 'officer';
}
