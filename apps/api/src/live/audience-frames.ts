import type { FrameEvent, LiveFrame } from '@actionday/contracts';
import { jsonOf } from '../common/json-once';
import type { JournalEntry } from '../journal/event-sink';
import type { EventVersions } from '../policy/event-versions';
import { rooms } from './rooms';

/** A frame and the sockets it goes to: those in any of `to`, but none in `except`. */
export interface AudienceFrame {
  to: string[];
  except: string[];
  frame: LiveFrame;
}

type Audience = { kind: 'full' | 'observer' | 'officer' } | { kind: 'team'; teamId: string };

function versionFor(v: EventVersions<unknown>, a: Audience): unknown {
  if (a.kind === 'team') return v.teamIds.includes(a.teamId) ? v.team : v.officer;
  return v[a.kind];
}

function roomOf(operationId: string, a: Audience): string {
  if (a.kind === 'team') return rooms.team(operationId, a.teamId);
  return a.kind === 'full' ? rooms.full(operationId) : a.kind === 'observer' ? rooms.observers(operationId) : rooms.officers(operationId);
}

/**
 * The frames of one operation's committed events: one per group of audiences that read every one
 * of these events the same, so that each socket gets exactly one frame, in its audience's version.
 * A socket is in exactly one of the full, observers and officers rooms; an officer is also in
 * their team's room, and the officers of a team restricted in any of the events get the team's
 * frame instead of the officers' one.
 */
export function audienceFrames(operationId: string, entries: readonly JournalEntry[]): AudienceFrame[] {
  const teamIds = [...new Set(entries.flatMap((e) => e.versions.teamIds))];
  const audiences: Audience[] = [{ kind: 'full' }, { kind: 'observer' }, { kind: 'officer' }, ...teamIds.map((teamId) => ({ kind: 'team' as const, teamId }))];

  // Per event, which of its distinct versions each audience reads (compared by content: the
  // journal serialized each version for the log already).
  const keys = audiences.map(() => [] as number[]);
  for (const { versions } of entries) {
    const seen: string[] = [];
    audiences.forEach((a, i) => {
      const json = jsonOf(versionFor(versions, a));
      let id = seen.indexOf(json);
      if (id < 0) id = seen.push(json) - 1;
      keys[i].push(id);
    });
  }
  const groups = new Map<string, Audience[]>();
  audiences.forEach((a, i) => {
    const key = keys[i].join(',');
    groups.set(key, [...(groups.get(key) ?? []), a]);
  });

  return [...groups.values()].map((group) => {
    const events = entries.map(({ event, versions }) => {
      const { seq, type, at, actorId } = event;
      return { seq, type, at, actorId, data: versionFor(versions, group[0]) } as FrameEvent;
    });
    const frame = { operationId, events };
    if (group.length === audiences.length) return { to: [rooms.all(operationId)], except: [], frame };
    const inGroup = new Set(group.map((a) => (a.kind === 'team' ? a.teamId : null)));
    // The officers' version must not reach the officers of a team that reads another one.
    const except = group.some((a) => a.kind === 'officer') ? teamIds.filter((t) => !inGroup.has(t)).map((t) => rooms.team(operationId, t)) : [];
    return { to: group.map((a) => roomOf(operationId, a)), except, frame };
  });
}
