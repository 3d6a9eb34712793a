import type { LiveEvent, Target, TargetPatch } from '@actionday/contracts';
import {
  FINDING_STATUS_LABELS,
  FINDING_TYPE_LABELS,
  ROLE_LABELS,
  TARGET_KIND_LABELS,
  TARGET_OUTCOME_LABELS,
  targetText,
  withArticle,
} from '../../shared/labels';

/** What the feed needs to know about the operation when an event arrives (before it is applied). */
export interface FeedLookups {
  teamName: (teamId: string | null) => string | null;
  memberName: (userId: string | null) => string | null;
  /** The target as cached before the event; status and team unknown when describing history. */
  target: (targetId: string | null) => (Pick<Target, 'value' | 'kind'> & Partial<Pick<Target, 'status' | 'teamId' | 'redacted'>>) | null;
  teamExists: (teamId: string) => boolean;
  memberExists: (userId: string) => boolean;
}

/** "Team Netherlands", but a team already called "Team Alpha" stays as it is. */
export function teamLabel(name: string): string {
  return /^team\b/i.test(name) ? name : `Team ${name}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeTargetPatches(patches: TargetPatch[], actor: string, l: FeedLookups): string {
  const team = (id: string | null) => {
    const name = l.teamName(id);
    return name ?? 'a team';
  };
  if (patches.length === 1) {
    const p = patches[0];
    const before = l.target(p.id);
    const value = before ? targetText(before) : 'a target';
    const who = p.teamId && l.teamName(p.teamId) ? teamLabel(team(p.teamId)) : actor;
    switch (p.status) {
      case 'in_progress':
        return before?.status === 'done' ? `${who} reopened ${value}` : `${who} took ${value}`;
      case 'done':
        return `${who} closed ${value}${p.outcome ? ` — ${TARGET_OUTCOME_LABELS[p.outcome].toLowerCase()}` : ''}`;
      case 'assigned':
        if (before && before.status === 'in_progress' && before.teamId === p.teamId) return `${who} released ${value}`;
        return `${value} assigned to ${team(p.teamId)}`;
      case 'unassigned':
        return `${value} unassigned`;
    }
  }
  const assigned = patches.filter((p) => p.status === 'assigned');
  const unassigned = patches.filter((p) => p.status === 'unassigned');
  if (assigned.length === patches.length) {
    const teams = new Set(assigned.map((p) => p.teamId));
    if (teams.size === 1) return `${plural(patches.length, 'target')} assigned to ${team(assigned[0].teamId)}`;
    return `${plural(patches.length, 'target')} assigned to ${teams.size} teams`;
  }
  if (unassigned.length === patches.length) return `${plural(patches.length, 'target')} unassigned`;
  return `${plural(patches.length, 'target')} updated`;
}

/** One human-readable line for the live feed, or null for events not worth a line (tallies). */
export function describeEvent(e: LiveEvent, l: FeedLookups): string | null {
  const actor = l.memberName(e.actorId) ?? 'Someone';
  switch (e.type) {
    case 'finding.created': {
      const f = e.data.finding;
      const teamName = l.teamName(f.teamId);
      const who = teamName ? teamLabel(teamName) : actor;
      const target = l.target(f.targetId);
      return `${who} logged ${withArticle(FINDING_TYPE_LABELS[f.type].toLowerCase())}${target ? ` on ${targetText(target)}` : ''}`;
    }
    case 'finding.updated': {
      const f = e.data.finding;
      const reviewer = l.memberName(e.actorId) ?? 'A coordinator';
      const team = l.teamName(f.teamId);
      const what = `${withArticle(FINDING_TYPE_LABELS[f.type].toLowerCase())}${team ? ` of ${teamLabel(team)}` : ''}`;
      if (f.status === 'duplicate') return `${reviewer} marked ${what} as duplicate`;
      if (f.status === 'submitted') return `${reviewer} reopened ${what}`;
      return `${reviewer} ${FINDING_STATUS_LABELS[f.status].toLowerCase()} ${what}`;
    }
    case 'target.created': {
      const t = e.data.target;
      return t.redacted ? `New ${TARGET_KIND_LABELS[t.kind].toLowerCase()} target (restricted)` : `New target: ${TARGET_KIND_LABELS[t.kind].toLowerCase()} ${t.value}`;
    }
    case 'target.updated':
      return e.data.targets.length ? describeTargetPatches(e.data.targets, actor, l) : null;
    case 'targets.imported':
      return `${plural(e.data.count, 'target')} imported`;
    case 'team.updated': {
      const t = e.data.team;
      return `${teamLabel(t.name)} ${l.teamExists(t.id) ? 'updated' : 'created'}`;
    }
    case 'member.updated': {
      const m = e.data.member;
      const team = l.teamName(m.teamId);
      const where = team ? ` in ${teamLabel(team)}` : '';
      const role = ROLE_LABELS[m.role].toLowerCase();
      return l.memberExists(m.userId) ? `${m.displayName} is now ${role}${where}` : `${m.displayName} joined as ${role}${where}`;
    }
    case 'member.removed':
      return `${l.memberName(e.data.userId) ?? 'A member'} left the operation`;
    case 'operation.updated': {
      const op = e.data.operation;
      if (op.status === 'live') return 'The operation is live';
      if (op.status === 'closed') return 'The operation is closed — tallies frozen';
      return 'Operation details updated';
    }
    case 'correlation.match': {
      const match = e.data.match;
      const [a, b] = match.sides;
      const side = (s: typeof a) => {
        const name = l.teamName(s.teamId);
        if (name) return teamLabel(name);
        return s.country ? `a team in ${s.country}` : 'another team';
      };
      const what = match.normalized ? `${match.kind} ${match.normalized}` : `a ${match.kind}`;
      return `Match: ${what} found by ${side(a)} and ${side(b)}${match.crossBorder ? ' (cross-border)' : ''}`;
    }
    case 'indicator.created':
      return `${actor} added the indicator “${e.data.indicator.label}”`;
    case 'publication.created':
      return `${actor} published the summary “${e.data.publication.title}”`;
    case 'tally.updated':
    case 'tally.released':
      return null;
  }
}
