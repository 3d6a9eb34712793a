import { mayRead, type Member, type Operation, type OperationCore, type Role, type Team, type Viewer } from '@actionday/contracts';
import type { MemberRow } from '../auth/memberships.service';
import type { OperationEntity } from './operation.entity';
import type { TeamEntity } from './team.entity';

export type { MemberRow } from '../auth/memberships.service';

export const toOperationCore = (o: OperationEntity): OperationCore => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  status: o.status,
  startsAt: o.startsAt.toISOString(),
  endsAt: o.endsAt.toISOString(),
  timezone: o.timezone,
  countries: o.countries,
  description: o.description,
  lastSeq: Number(o.lastSeq),
  closedAt: o.closedAt?.toISOString() ?? null,
  purgedAt: o.purgedAt?.toISOString() ?? null,
  tlp: o.tlp,
  version: o.version,
});

export const toOperationDto = (o: OperationEntity, me: { role: Role; teamId: string | null }): Operation => ({
  ...toOperationCore(o),
  myRole: me.role,
  myTeamId: me.teamId,
});

export const toTeamDto = (t: TeamEntity): Team => ({
  id: t.id,
  operationId: t.operationId,
  name: t.name,
  country: t.country,
  language: t.language,
  focus: t.focus,
  version: t.version,
});

export const toMemberDto = (m: MemberRow): Member => ({
  userId: m.user_id,
  email: m.email,
  displayName: m.display_name,
  country: m.country,
  role: m.role,
  teamId: m.team_id,
  version: m.version,
});

/** A member as `viewer` sees them: contact data only for those the policy gives it to, and the member themself. */
export function memberForViewer(m: Member, viewer: Viewer, viewerId: string | null): Member {
  return m.userId === viewerId || mayRead(viewer, 'member_contact') ? m : { ...m, email: null };
}
