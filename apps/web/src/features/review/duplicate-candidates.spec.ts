import type { Finding, Identifier } from '@actionday/contracts';
import { finding } from '../../entities/findings/test-fixtures';
import { TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { rankDuplicateCandidates, type CandidateLookups } from './duplicate-candidates';

const phone = (value: string, normalized: string): Identifier => ({ kind: 'phone', value, platform: null, normalized, valid: true });
const at = (minute: number) => `2025-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

const lookups: CandidateLookups = {
  targetValue: (id) => (id === 't1' ? 'escort-site.example' : null),
  teamName: (id) => (id === TEAM_NL ? 'Netherlands' : id === TEAM_UA ? 'Ukraine' : null),
  summary: (f: Finding) => String(f.details?.alias ?? '—'),
};

describe('rankDuplicateCandidates', () => {
  const subject = finding('s', { createdAt: at(50), targetId: 't1', identifiers: [phone('06 12 34 56 78', '+31612345678')], details: { alias: 'Mira' } });
  const findings = [
    subject,
    finding('plain', { createdAt: at(1), teamId: TEAM_UA, details: { alias: 'Olena' } }),
    finding('other-type', { createdAt: at(2), type: 'suspect', teamId: TEAM_UA, details: { alias: 'Boss' } }),
    finding('same-target', { createdAt: at(3), targetId: 't1', details: { alias: 'M.' } }),
    finding('same-phone', { createdAt: at(4), teamId: TEAM_UA, identifiers: [phone('+31 6 1234 5678', '+31612345678')], details: { alias: 'Mira K' } }),
    finding('same-phone-dup', { createdAt: at(0), status: 'duplicate', duplicateOf: 'same-phone', identifiers: [phone('0612345678', '+31612345678')] }),
    finding('dup-of-subject', { createdAt: at(5), duplicateOf: 's', status: 'duplicate' }),
  ];

  it('offers the same identifier first, then the same target, never itself, its own duplicates or another type', () => {
    const { items, total } = rankDuplicateCandidates(subject, findings, '', lookups);
    expect(items.map((c) => c.finding.id)).toEqual(['same-phone', 'same-phone-dup', 'same-target', 'plain']);
    expect(total).toBe(4);
    expect(items[0].reasons).toEqual(['same phone +31612345678', 'same type']);
    expect(items[2].reasons).toEqual(['same target', 'same type', 'same team']);
  });

  it('searches every word across type, team, target, identifiers, details and notes', () => {
    const ids = (q: string) => rankDuplicateCandidates(subject, findings, q, lookups).items.map((c) => c.finding.id);
    expect(ids('ukraine suspect')).toEqual([]);
    expect(ids('ukraine olena')).toEqual(['plain']);
    expect(ids('escort-site')).toEqual(['same-target']);
    expect(ids('+31 6 1234')).toEqual(['same-phone', 'same-phone-dup']);
    expect(ids('mira k')).toEqual(['same-phone']);
    expect(ids('OLENA')).toEqual(['plain']);
    expect(ids('nobody')).toEqual([]);
  });

  it('stops at the limit and says how many there are', () => {
    const r = rankDuplicateCandidates(subject, findings, '', lookups, 2);
    expect(r.items).toHaveLength(2);
    expect(r.total).toBe(4);
  });
});
