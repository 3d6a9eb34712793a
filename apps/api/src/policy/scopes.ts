import { mayRead, readScope, type DataClass, type ReadScope, type Viewer } from '@actionday/contracts';

/**
 * What a restricted record holds, by data class: its details (victim_details), the victim's
 * attributes (victim_attributes) and its identifiers and pointers (restricted_identifiers). A
 * viewer sees the record whole only when every one of them is granted.
 */
export const RESTRICTED_CLASSES: readonly DataClass[] = ['victim_details', 'victim_attributes', 'restricted_identifiers'];

export function maySeeRestricted(viewer: Viewer, teamIds: readonly (string | null)[]): boolean {
  return RESTRICTED_CLASSES.every((c) => mayRead(viewer, c, teamIds));
}

/** Several classes asked at once of SQL: granted for all records only if each is, for the own team only if each is. */
export function combinedScope(viewer: Viewer, classes: readonly DataClass[]): ReadScope {
  const scopes = classes.map((c) => readScope(viewer, c));
  const all = scopes.every((s) => s.all);
  const teamId = scopes[0]?.teamId ?? null;
  const ownTeam = !all && teamId !== null && scopes.every((s) => s.all || s.teamId === teamId);
  return { all, teamId: ownTeam ? teamId : null };
}

export const restrictedScope = (viewer: Viewer): ReadScope => combinedScope(viewer, RESTRICTED_CLASSES);
