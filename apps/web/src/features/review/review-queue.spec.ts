import type { Finding } from '@actionday/contracts';
import { finding } from '../../entities/findings/test-fixtures';
import { TEAM_UA } from '../../entities/operations/test-fixtures';
import { buildReviewQueue, moveSelection, nextSelection } from './review-queue';

const at = (minute: number) => `2025-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
const ids = (list: Finding[]) => list.map((f) => f.id);

describe('buildReviewQueue', () => {
  const findings = [
    finding('new', { createdAt: at(30) }),
    finding('old', { createdAt: at(10), type: 'suspect', teamId: TEAM_UA }),
    finding('mid', { createdAt: at(20) }),
    finding('done-early', { status: 'confirmed', reviewedAt: at(40), createdAt: at(1) }),
    finding('done-late', { status: 'rejected', reviewedAt: at(50), createdAt: at(2) }),
  ];

  it('lists submitted findings oldest first and reviewed ones most recently reviewed first', () => {
    const q = buildReviewQueue(findings);
    expect(ids(q.pending)).toEqual(['old', 'mid', 'new']);
    expect(ids(q.reviewed)).toEqual(['done-late', 'done-early']);
  });

  it('filters by team and type', () => {
    expect(ids(buildReviewQueue(findings, { teamId: TEAM_UA }).pending)).toEqual(['old']);
    expect(ids(buildReviewQueue(findings, { type: 'possible_victim' }).pending)).toEqual(['mid', 'new']);
  });

  it('keeps a pinned finding (an unresolved conflict) in its place even once reviewed', () => {
    const q = buildReviewQueue(findings, {}, new Set(['done-early']));
    expect(ids(q.pending)).toEqual(['done-early', 'old', 'mid', 'new']);
    expect(ids(q.reviewed)).toEqual(['done-late']);
  });
});

describe('nextSelection', () => {
  it('stays on its finding while it is listed', () => {
    expect(nextSelection(['a', 'b', 'c'], ['x', 'a', 'b', 'c'], 'b')).toBe('b');
  });

  it('moves to the row that followed a finding that left, else the one before', () => {
    expect(nextSelection(['a', 'b', 'c'], ['a', 'c'], 'b')).toBe('c');
    expect(nextSelection(['a', 'b', 'c', 'd'], ['a', 'd'], 'b')).toBe('d');
    expect(nextSelection(['a', 'b', 'c'], ['a', 'b'], 'c')).toBe('b');
  });

  it('starts at the top and empties with the list', () => {
    expect(nextSelection([], ['a', 'b'], null)).toBe('a');
    expect(nextSelection(['a'], [], 'a')).toBeNull();
    expect(nextSelection(['a'], ['b'], 'zzz')).toBe('b');
  });
});

describe('moveSelection', () => {
  const list = ['a', 'b', 'c'];
  it('steps and stops at the ends', () => {
    expect(moveSelection(list, 'a', 'next')).toBe('b');
    expect(moveSelection(list, 'c', 'next')).toBe('c');
    expect(moveSelection(list, 'a', 'prev')).toBe('a');
    expect(moveSelection(list, 'b', 'first')).toBe('a');
    expect(moveSelection(list, 'b', 'last')).toBe('c');
    expect(moveSelection(list, null, 'next')).toBe('a');
    expect(moveSelection([], 'a', 'next')).toBeNull();
  });
});
