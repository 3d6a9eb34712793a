import type { Member, Operation, OperationCore, Role, Team } from '@actionday/contracts';
import type { OperationEntity } from './operation.entity';
import type { TeamEntity } from './team.entity';

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

export interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  country: string | null;
  role: Role;
  team_id: string | null;
  version: number;
}

export const toMemberDto = (m: MemberRow): Member => ({
  userId: m.user_id,
  email: m.email,
  displayName: m.display_name,
  country: m.country,
  role: m.role,
  teamId: m.team_id,
  version: m.version,
});
