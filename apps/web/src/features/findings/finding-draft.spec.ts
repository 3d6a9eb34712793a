import { createFindingRequestSchema } from '@actionday/contracts';
import {
  addIdentifier,
  clearDraft,
  draftKey,
  draftToRequest,
  isDraftEmpty,
  loadDraft,
  newDraft,
  parseDraft,
  saveDraft,
  splitCountries,
  splitUrls,
  type KeyValueStorage,
} from './finding-draft';

const CLIENT = '7d3c9a52-2f4e-4b8e-9a51-0c1d2e3f4a5b';
const OP = '11111111-1111-4111-8111-111111111111';
const TARGET = '22222222-2222-4222-8222-222222222222';
const SHA = 'a'.repeat(64);

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('newDraft', () => {
  it('prefills a site assessment from a platform or URL target', () => {
    const d = newDraft(CLIENT, { kind: 'platform', value: 'escort.example', category: 'escort' });
    expect(d).toMatchObject({ type: 'site_assessment', siteName: 'escort.example', category: 'escort', url: '' });
    expect(newDraft(CLIENT, { kind: 'url', value: 'https://a.example/ad/1', category: null }).url).toBe('https://a.example/ad/1');
    expect(newDraft(CLIENT, { kind: 'phone', value: '+31600000000', category: null }).type).toBe('possible_victim');
    expect(newDraft(CLIENT).type).toBe('possible_victim');
  });
});

describe('isDraftEmpty', () => {
  const target = { kind: 'platform' as const, value: 'x.example', category: null };
  it('is true for a new draft, whatever its type', () => {
    expect(isDraftEmpty(newDraft(CLIENT, target), target)).toBe(true);
    expect(isDraftEmpty({ ...newDraft(CLIENT, target), type: 'suspect' }, target)).toBe(true);
    expect(isDraftEmpty({ ...newDraft(CLIENT), pendingIdentifier: { kind: 'email', value: '', platform: '' } })).toBe(true);
  });
  it('is false as soon as something is typed', () => {
    expect(isDraftEmpty({ ...newDraft(CLIENT, target), notes: 'x' }, target)).toBe(false);
    expect(isDraftEmpty({ ...newDraft(CLIENT), pendingIdentifier: { kind: 'phone', value: '+3', platform: '' } })).toBe(false);
    expect(isDraftEmpty({ ...newDraft(CLIENT), indicators: ['virginity_auction'] })).toBe(false);
  });
});

describe('lists typed as text', () => {
  it('splits country codes on commas, semicolons and spaces, upper-cased', () => {
    expect(splitCountries(' ua, ro;md\npl  ')).toEqual(['UA', 'RO', 'MD', 'PL']);
    expect(splitCountries('')).toEqual([]);
  });
  it('splits URLs one per line (commas and spaces too)', () => {
    expect(splitUrls('https://a.example\n\n https://b.example, c.example ')).toEqual(['https://a.example', 'https://b.example', 'c.example']);
  });
});

describe('addIdentifier', () => {
  it('skips blanks and duplicates and drops the platform where it does not apply', () => {
    const one = addIdentifier([], { kind: 'phone', value: ' +31 6 1 ', platform: 'x' });
    expect(one).toEqual([{ kind: 'phone', value: '+31 6 1', platform: '' }]);
    expect(addIdentifier(one, { kind: 'phone', value: '+31 6 1', platform: '' })).toBe(one);
    expect(addIdentifier(one, { kind: 'email', value: '  ', platform: '' })).toBe(one);
  });
});

describe('draftToRequest', () => {
  it('builds a valid site assessment with every OSCE field', () => {
    const body = draftToRequest(
      {
        ...newDraft(CLIENT),
        type: 'site_assessment',
        siteName: 'Escort board',
        url: 'https://board.example',
        category: 'escort',
        adCount: '120',
        recentActivity: 'high',
        services: 'escort, massage',
        priceRange: '100-200 EUR',
        geographicScope: 'international',
        advertisedOrigin: 'foreign',
        advertisedOrigins: 'ua, ro',
        language: 'EN',
        adSpace: 'rented',
        companyAffiliation: 'Example Media Ltd',
        lingo: 'new girl',
        mirrors: 'https://m1.example\nhttps://m2.example',
        alias: 'ignored: not a site field',
      },
      TARGET,
    );
    expect(body).toEqual({
      clientId: CLIENT,
      type: 'site_assessment',
      targetId: TARGET,
      siteName: 'Escort board',
      url: 'https://board.example',
      category: 'escort',
      adCount: 120,
      recentActivity: 'high',
      services: 'escort, massage',
      priceRange: '100-200 EUR',
      geographicScope: 'international',
      advertisedOrigin: 'foreign',
      advertisedOrigins: ['UA', 'RO'],
      language: 'EN',
      adSpace: 'rented',
      companyAffiliation: 'Example Media Ltd',
      lingo: 'new girl',
      mirrors: ['https://m1.example', 'https://m2.example'],
    });
    expect(createFindingRequestSchema.safeParse(body).success).toBe(true);
  });

  it('adds the identifier typed but not added, indicators, evidence and notes', () => {
    const body = draftToRequest({
      ...newDraft(CLIENT),
      type: 'suspect',
      alias: 'Boss',
      nationality: 'RO',
      role: 'controller',
      identifiers: [{ kind: 'username', value: 'boss', platform: 'telegram' }],
      pendingIdentifier: { kind: 'phone', value: '+40 700 000 000', platform: '' },
      indicators: ['third_party_control'],
      evidence: [{ key: 'k', fileName: 'ad.png', size: 10, sha256: SHA, capturedAt: '2025-03-01T08:00:00.000Z', url: '' }],
      notes: '  seen twice  ',
    });
    expect(body).toEqual({
      clientId: CLIENT,
      type: 'suspect',
      alias: 'Boss',
      nationality: 'RO',
      role: 'controller',
      identifiers: [
        { kind: 'username', value: 'boss', platform: 'telegram' },
        { kind: 'phone', value: '+40 700 000 000' },
      ],
      indicators: ['third_party_control'],
      evidence: [{ fileName: 'ad.png', size: 10, sha256: SHA, capturedAt: '2025-03-01T08:00:00.000Z' }],
      notes: 'seen twice',
    });
    expect(createFindingRequestSchema.safeParse(body).success).toBe(true);
  });

  it('sends only the chosen end of a link', () => {
    const base = { ...newDraft(CLIENT), type: 'link' as const, fromFindingId: OP, toFindingId: TARGET, toTargetId: OP, reason: 'same phone' };
    expect(draftToRequest({ ...base, linkTo: 'finding' })).toMatchObject({ toFindingId: TARGET });
    expect(draftToRequest({ ...base, linkTo: 'finding' })).not.toHaveProperty('toTargetId');
    expect(draftToRequest({ ...base, linkTo: 'target' })).toMatchObject({ toTargetId: OP });
    expect(draftToRequest({ ...base, linkTo: 'target' })).not.toHaveProperty('toFindingId');
  });

  it('keeps garbage for the schema to reject (nothing typed is silently dropped)', () => {
    const body = draftToRequest({ ...newDraft(CLIENT), type: 'possible_victim', ageMin: 'abc', minor: true });
    expect(body.ageMin).toBeNaN();
    const r = createFindingRequestSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['ageMin']);
  });
});

describe('draft storage', () => {
  it('saves, loads and clears per operation and target ("no target" has a slot of its own)', () => {
    const s = memoryStorage();
    const d = { ...newDraft(CLIENT), alias: 'Anna' };
    expect(saveDraft(OP, TARGET, d, null, s)).toBe(true);
    expect(saveDraft(OP, null, { ...d, alias: 'Other' }, null, s)).toBe(true);
    expect(loadDraft(OP, TARGET, s)).toEqual(d);
    expect(loadDraft(OP, null, s)?.alias).toBe('Other');
    expect([...s.data.keys()].sort()).toEqual([draftKey(OP, null), draftKey(OP, TARGET)].sort());
    expect(draftKey(OP, null)).toBe(`actionday:finding-draft:${OP}:no-target`);
    clearDraft(OP, TARGET, s);
    expect(loadDraft(OP, TARGET, s)).toBeNull();
  });

  it('removes the slot instead of storing an empty draft', () => {
    const s = memoryStorage();
    saveDraft(OP, TARGET, { ...newDraft(CLIENT), notes: 'x' }, null, s);
    saveDraft(OP, TARGET, newDraft(CLIENT), null, s);
    expect(s.data.size).toBe(0);
  });

  it('survives a storage that throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(saveDraft(OP, TARGET, { ...newDraft(CLIENT), notes: 'x' }, null, broken)).toBe(false);
    expect(loadDraft(OP, TARGET, broken)).toBeNull();
    expect(() => clearDraft(OP, TARGET, broken)).not.toThrow();
    expect(saveDraft(OP, TARGET, newDraft(CLIENT), null, null)).toBe(false);
  });

  it('reads drafts of an older form: missing fields filled, arrays turned into text', () => {
    const old = JSON.stringify({ clientId: CLIENT, type: 'site_assessment', identifiers: [], mirrors: ['https://a.example', 'https://b.example'], advertisedOrigins: ['UA'] });
    const d = parseDraft(old);
    expect(d).toMatchObject({ clientId: CLIENT, mirrors: 'https://a.example\nhttps://b.example', advertisedOrigins: 'UA', evidence: [], linkTo: 'finding' });
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft(JSON.stringify({ clientId: CLIENT, type: 'bogus', identifiers: [] }))).toBeNull();
  });
});
