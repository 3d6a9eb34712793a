import { jest } from '@jest/globals';
import { FrameWindow } from './frame-window';

describe('FrameWindow', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    let now = 0;
    const sent: { key: string; items: number[]; at: number }[] = [];
    const w = new FrameWindow<number>(20, (key, items) => sent.push({ key, items, at: now }), () => now);
    const advance = (ms: number) => {
      now += ms;
      jest.advanceTimersByTime(ms);
    };
    return { w, sent, advance };
  }

  it('sends the first items after a quiet time on the next turn, together with what came in the same turn', () => {
    const { w, sent, advance } = setup();
    w.add('op', [1]);
    w.add('op', [2, 3]);
    expect(sent).toEqual([]);
    jest.runOnlyPendingTimers();
    advance(0);
    expect(sent).toEqual([{ key: 'op', items: [1, 2, 3], at: 0 }]);
  });

  it('under load gathers what comes within the window after a batch into the next one, in order', () => {
    const { w, sent, advance } = setup();
    w.add('op', [1]);
    jest.runOnlyPendingTimers();
    advance(5);
    w.add('op', [2]);
    advance(5);
    w.add('op', [3]);
    advance(9);
    expect(sent.map((s) => s.items)).toEqual([[1]]);
    advance(1);
    expect(sent).toEqual([
      { key: 'op', items: [1], at: 0 },
      { key: 'op', items: [2, 3], at: 20 },
    ]);
  });

  it('keeps the windows of different operations apart', () => {
    const { w, sent } = setup();
    w.add('a', [1]);
    w.add('b', [2]);
    jest.runOnlyPendingTimers();
    expect(sent.map((s) => [s.key, s.items])).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
  });

  it('sends everything still waiting when asked to flush', () => {
    const { w, sent, advance } = setup();
    w.add('op', [1]);
    jest.runOnlyPendingTimers();
    advance(1);
    w.add('op', [2]);
    w.flushAll();
    expect(sent.map((s) => s.items)).toEqual([[1], [2]]);
    advance(50);
    expect(sent).toHaveLength(2);
  });
});
