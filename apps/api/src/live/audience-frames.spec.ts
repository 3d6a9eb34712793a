import type { LiveEvent } from '@actionday/contracts';
import type { JournalEntry } from '../journal/event-sink';
import { sameForAll, type EventVersions } from '../policy/event-versions';
import { audienceFrames } from './audience-frames';
import { rooms } from './rooms';

const entry = (seq: number, versions: EventVersions<unknown>): JournalEntry => ({
  event: { operationId: 'op', seq, type: 'finding.created', at: 'now', actorId: 'u', data: versions.observer } as LiveEvent,
  versions,
});
const restricted = (teamId: string): EventVersions<unknown> => ({
  observer: { alias: null },
  officer: { alias: null },
  team: { alias: 'Lena' },
  teamIds: [teamId],
  full: { alias: 'Lena' },
});
const data = (frame: { events: { data: unknown }[] }) => frame.events.map((e) => e.data);

describe('audienceFrames', () => {
  it('sends events that read the same for everyone as one frame to the whole operation', () => {
    const frames = audienceFrames('op', [entry(1, sameForAll({ n: 1 })), entry(2, sameForAll({ n: 2 }))]);
    expect(frames).toEqual([
      {
        to: [rooms.all('op')],
        except: [],
        frame: { operationId: 'op', events: [1, 2].map((n) => ({ seq: n, type: 'finding.created', at: 'now', actorId: 'u', data: { n } })) },
      },
    ]);
  });

  it('gives each audience one frame with its own version of every event, in seq order, and keeps the officers version from the restricted team', () => {
    const frames = audienceFrames('op', [entry(1, restricted('t1')), entry(2, sameForAll({ n: 2 }))]);
    const byRooms = Object.fromEntries(frames.map((f) => [f.to.join('+'), f]));
    // Coordinators and the restricted team read the same: one frame to both rooms.
    const full = byRooms[`${rooms.full('op')}+${rooms.team('op', 't1')}`];
    expect(data(full.frame)).toEqual([{ alias: 'Lena' }, { n: 2 }]);
    expect(full.except).toEqual([]);
    const others = byRooms[`${rooms.observers('op')}+${rooms.officers('op')}`];
    expect(data(others.frame)).toEqual([{ alias: null }, { n: 2 }]);
    expect(others.except).toEqual([rooms.team('op', 't1')]);
    expect(frames).toHaveLength(2);
  });

  it('compares versions by content: equal copies do not split a frame', () => {
    const copies: EventVersions<unknown> = { observer: { a: 1 }, officer: { a: 1 }, team: { a: 1 }, teamIds: [], full: { a: 1 } };
    expect(audienceFrames('op', [entry(1, copies)]).map((f) => f.to)).toEqual([[rooms.all('op')]]);
  });

  it('gives the officers of two restricted teams each their own frame', () => {
    const frames = audienceFrames('op', [entry(1, restricted('t1')), entry(2, restricted('t2'))]);
    const team1 = frames.find((f) => f.to.includes(rooms.team('op', 't1')));
    const team2 = frames.find((f) => f.to.includes(rooms.team('op', 't2')));
    expect(data(team1!.frame)).toEqual([{ alias: 'Lena' }, { alias: null }]);
    expect(data(team2!.frame)).toEqual([{ alias: null }, { alias: 'Lena' }]);
    const officers = frames.find((f) => f.to.includes(rooms.officers('op')));
    expect(officers!.except.sort()).toEqual([rooms.team('op', 't1'), rooms.team('op', 't2')].sort());
    // Each socket is reached by one frame: the rooms of the frames do not overlap.
    const all = frames.flatMap((f) => f.to);
    expect(new Set(all).size).toBe(all.length);
  });
});
