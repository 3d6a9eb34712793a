import { TEAM_NL } from '../../entities/operations/test-fixtures';
import { target } from '../../entities/targets/test-fixtures';
import { decodeDrag, draggedIds, encodeDrag, idsToMove } from './drag-selection';

describe('draggedIds', () => {
  it('drags the whole selection when the row is selected, the dragged row first', () => {
    expect(draggedIds('b', new Set(['a', 'b', 'c']))).toEqual(['b', 'a', 'c']);
  });
  it('drags only the row when it is not selected', () => {
    expect(draggedIds('d', new Set(['a', 'b']))).toEqual(['d']);
    expect(draggedIds('d', new Set())).toEqual(['d']);
  });
});

describe('idsToMove', () => {
  const byId = new Map([
    ['a', target('a', { teamId: TEAM_NL, status: 'assigned' })],
    ['b', target('b')],
  ]);
  it('leaves out targets already in the drop team and unknown ids', () => {
    expect(idsToMove(['a', 'b', 'x'], byId, TEAM_NL)).toEqual(['b']);
    expect(idsToMove(['a', 'b'], byId, null)).toEqual(['a']);
  });
});

describe('encodeDrag / decodeDrag', () => {
  it('round-trips and ignores foreign data', () => {
    expect(decodeDrag(encodeDrag(['a', 'b']))).toEqual(['a', 'b']);
    expect(decodeDrag('not json')).toEqual([]);
    expect(decodeDrag('{"a":1}')).toEqual([]);
    expect(decodeDrag('["a",2]')).toEqual(['a']);
  });
});
