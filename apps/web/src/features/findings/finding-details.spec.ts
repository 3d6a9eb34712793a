import { findingDetailRows } from './finding-details';

describe('findingDetailRows', () => {
  it('lists every site-assessment field that is filled, readable', () => {
    const rows = findingDetailRows({
      type: 'site_assessment',
      redacted: false,
      details: {
        siteName: 'Board',
        category: 'sugar_dating',
        adCount: 0,
        recentActivity: 'high',
        advertisedOrigins: ['UA', 'RO'],
        adSpace: 'rented',
        mirrors: ['https://m.example'],
        services: '',
      },
    });
    expect(rows).toEqual([
      { label: 'Site name', value: 'Board' },
      { label: 'Category', value: 'Sugar dating' },
      { label: 'Number of ads', value: '0' },
      { label: 'Recent activity', value: 'High' },
      { label: 'Countries of origin', value: 'UA, RO' },
      { label: 'Ad space', value: 'Rented' },
      { label: 'Mirror sites', value: 'https://m.example' },
    ]);
  });
  it('shows a victim’s age range and minor flag, a link’s ends', () => {
    expect(findingDetailRows({ type: 'possible_victim', redacted: false, details: { ageMin: 16, ageMax: 19, minor: true } })).toEqual([
      { label: 'Estimated age', value: '16–19' },
      { label: 'Minor', value: 'yes' },
    ]);
    const link = findingDetailRows(
      { type: 'link', redacted: false, details: { fromFindingId: 'abcdef12-0000', toTargetId: 't-1', reason: 'same phone' } },
      (id) => (id === 't-1' ? 'board.example' : undefined),
    );
    expect(link).toEqual([
      { label: 'From finding', value: 'abcdef12' },
      { label: 'To target', value: 'board.example' },
      { label: 'Reason', value: 'same phone' },
    ]);
  });
  it('shows nothing of a redacted finding', () => {
    expect(findingDetailRows({ type: 'suspect', redacted: true, details: { alias: 'x' } })).toEqual([]);
  });
});
