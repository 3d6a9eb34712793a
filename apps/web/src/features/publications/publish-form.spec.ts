import { createPublicationRequestSchema, PUBLICATION_FIGURES, type Publication, type Tallies } from '@actionday/contracts';
import { draftPressRelease, emptyTallies, publishFigures } from '@actionday/tallies';
import { upsertPublication } from './publication-cache';
import {
  DEFAULT_FIGURES,
  editedText,
  exposedFigures,
  initialPublishForm,
  isTextEdited,
  parseThreshold,
  previewOptions,
  shownText,
  toggleExact,
  toggleFigure,
  toPublicationRequest,
} from './publish-form';

const OP = '00000000-0000-4000-8000-000000000001';

function frozen(patch: Partial<Tallies> = {}): Tallies {
  const t = emptyTallies({
    operationId: OP,
    frozen: true,
    closedAt: '2026-11-23T18:00:00.000Z',
    snapshotSha256: 'ab'.repeat(32),
    asOfSeq: 40,
    participants: { experts: 85, countries: 20 },
    teams: [],
    countries: ['NL', 'UA'],
  });
  return { ...t, examined: { platforms: 114, usernames: 9, communications: 30 }, suspects: 2, possibleVictims: { total: 45, minors: 1, byNationality: { UA: 25, NL: 2 } }, ...patch };
}

const op = { kind: 'joint_action_day' as const, startsAt: '2026-11-23T07:00:00.000Z', endsAt: '2026-11-23T19:00:00.000Z', timezone: 'Europe/Amsterdam' };

describe('publish form', () => {
  it('starts with the headline figures checked, in the contract order, nothing exact, threshold 3', () => {
    const s = initialPublishForm('EMPACT JAD');
    expect(s.figures).toEqual(PUBLICATION_FIGURES.filter((f) => DEFAULT_FIGURES.includes(f)));
    expect(s.figures).toContain('suspects');
    expect(s.figures).not.toContain('possibleVictims.minors');
    expect(s.exact).toEqual([]);
    expect(s.suppressBelow).toBe('3');
    expect(s.title).toBe('EMPACT JAD');
    expect(isTextEdited(s)).toBe(false);
  });

  it('keeps the figure order when checking, and drops the exact flag with the figure', () => {
    let s = toggleFigure(initialPublishForm(), 'possibleVictims.minors', true);
    expect(s.figures.indexOf('possibleVictims.minors')).toBe(s.figures.indexOf('possibleVictims.total') + 1);
    s = toggleExact(s, 'possibleVictims.minors', true);
    expect(s.exact).toEqual(['possibleVictims.minors']);
    s = toggleFigure(s, 'possibleVictims.minors', false);
    expect(s.figures).not.toContain('possibleVictims.minors');
    expect(s.exact).toEqual([]);
    // Exact cannot be set on a figure that is not published.
    expect(toggleExact(s, 'platforms.referred', true).exact).toEqual([]);
  });

  it('reads the threshold as a whole number of at least 1; the preview falls back to 3 meanwhile', () => {
    expect(parseThreshold(' 5 ')).toBe(5);
    expect(parseThreshold('1')).toBe(1);
    for (const bad of ['', '0', '2.5', '-1', 'x', '1001']) expect(parseThreshold(bad)).toBeNull();
    expect(previewOptions({ ...initialPublishForm(), suppressBelow: '' }).suppressBelow).toBe(3);
    expect(previewOptions({ ...initialPublishForm(), suppressBelow: '10' }).suppressBelow).toBe(10);
  });

  it('follows the draft until the text is edited, and again after a redraft or when typed back', () => {
    const t = frozen();
    let s = initialPublishForm('JAD');
    const draft = draftPressRelease(op, publishFigures(t, previewOptions(s)));
    expect(shownText(s, draft)).toBe(draft);
    // Unchecking a figure changes the draft, and the shown text follows.
    s = toggleFigure(s, 'examined.usernames', false);
    const draft2 = draftPressRelease(op, publishFigures(t, previewOptions(s)));
    expect(draft2).not.toBe(draft);
    expect(shownText(s, draft2)).toBe(draft2);
    // Once edited, the organizer's words stay whatever the figures do.
    s = { ...s, text: editedText(`${draft2} Thanks to all teams.`, draft2) };
    expect(isTextEdited(s)).toBe(true);
    s = toggleFigure(s, 'suspects', false);
    expect(shownText(s, 'another draft')).toBe(`${draft2} Thanks to all teams.`);
    // Typing the draft back, or "Redraft" (text: null), follows the figures again.
    expect(editedText(draft2, draft2)).toBeNull();
    expect(shownText({ ...s, text: null }, 'another draft')).toBe('another draft');
  });

  it('warns about exact figures below the threshold, not about zero or large ones', () => {
    const t = frozen();
    let s = toggleFigure(initialPublishForm(), 'possibleVictims.byNationality', true);
    s = toggleExact(s, 'suspects', true); // 2
    s = toggleExact(s, 'possibleVictims.total', true); // 45
    s = toggleExact(s, 'possibleVictims.byNationality', true); // UA 25, NL 2
    s = toggleExact(s, 'platforms.confirmed', true); // 0
    expect(exposedFigures(t, s)).toEqual(['suspects', 'possibleVictims.byNationality']);
    expect(exposedFigures(t, { ...s, suppressBelow: '2' })).toEqual([]);
  });

  it('builds a request the shared schema accepts, and one it rejects field by field', () => {
    const s = toggleExact({ ...initialPublishForm('  EMPACT JAD  '), slug: ' empact-jad-2026 ' }, 'suspects', true);
    const ok = createPublicationRequestSchema.safeParse(toPublicationRequest(s, 'Draft text.'));
    expect(ok.success).toBe(true);
    expect(ok.data).toMatchObject({ title: 'EMPACT JAD', slug: 'empact-jad-2026', text: 'Draft text.', exact: ['suspects'], suppressBelow: 3 });

    const bad = createPublicationRequestSchema.safeParse(
      toPublicationRequest({ ...initialPublishForm(''), slug: 'Not A Slug', suppressBelow: '2.5', figures: [] }, ''),
    );
    expect(bad.success).toBe(false);
    const paths = new Set(bad.error?.issues.map((i) => String(i.path[0])));
    expect([...paths].sort()).toEqual(['figures', 'slug', 'suppressBelow', 'title']);
    // A blank slug and a blank text are left to the API (made from the title, drafted).
    expect(toPublicationRequest({ ...initialPublishForm('T'), text: '  ' }, '')).toMatchObject({ slug: undefined, text: undefined });
  });
});

describe('upsertPublication', () => {
  const pub = (slug: string, publishedAt: string): Publication => ({
    slug,
    title: slug,
    text: '',
    kind: 'joint_action_day',
    startsAt: op.startsAt,
    endsAt: op.endsAt,
    timezone: op.timezone,
    suppressBelow: 3,
    figures: [],
    publishedAt,
  });

  it('adds a publication once, in order of publication, and leaves an unloaded list alone', () => {
    const a = pub('a-summary', '2026-11-23T19:00:00.000Z');
    const b = pub('b-summary', '2026-11-23T20:00:00.000Z');
    expect(upsertPublication([b], a)?.map((p) => p.slug)).toEqual(['a-summary', 'b-summary']);
    const list = [a];
    expect(upsertPublication(list, a)).toBe(list);
    expect(upsertPublication(undefined, a)).toBeUndefined();
  });
});
