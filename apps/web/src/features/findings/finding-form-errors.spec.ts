import { createFindingRequestSchema } from '@actionday/contracts';
import { ApiError } from '../../shared/api-client';
import { formErrorsFrom, formErrorsFromZod } from '../../shared/form-errors';
import { draftToRequest, newDraft, type FindingDraft } from './finding-draft';
import { findingKnownFields, itemErrors, listTextError } from './finding-form-errors';

const CLIENT = '7d3c9a52-2f4e-4b8e-9a51-0c1d2e3f4a5b';

const zodErrors = (draft: FindingDraft) => {
  const r = createFindingRequestSchema.safeParse(draftToRequest(draft));
  if (r.success) throw new Error('expected a validation error');
  return formErrorsFromZod(r.error, findingKnownFields(draft));
};

describe('finding form errors', () => {
  it('puts an error next to the identifier it concerns, the one typed but not added included', () => {
    const draft: FindingDraft = {
      ...newDraft(CLIENT),
      type: 'suspect',
      identifiers: [{ kind: 'email', value: 'a@b.example', platform: '' }],
      pendingIdentifier: { kind: 'phone', value: 'x'.repeat(3000), platform: '' },
    };
    const errors = zodErrors(draft);
    expect(Object.keys(itemErrors(errors, 'identifiers'))).toEqual(['1']);
  });

  it('names the bad country of a typed list', () => {
    const draft: FindingDraft = { ...newDraft(CLIENT), type: 'site_assessment', advertisedOrigins: 'UA, R0M, MD' };
    const errors = zodErrors(draft);
    expect(listTextError(errors, 'advertisedOrigins', draft)).toMatch(/^“R0M”: must be an ISO 3166-1 alpha-2 country code/);
    expect(errors.other).toEqual([]);
  });

  it('maps a server 400 with body paths onto the fields and evidence items', () => {
    const draft: FindingDraft = {
      ...newDraft(CLIENT),
      type: 'possible_victim',
      evidence: [
        { key: 'a', fileName: 'a.png', size: 1, sha256: 'a'.repeat(64), capturedAt: '2025-03-01T08:00:00Z', url: '' },
        { key: 'b', fileName: 'b.png', size: 1, sha256: 'b'.repeat(64), capturedAt: '2025-03-01T08:00:00Z', url: '' },
      ],
    };
    const err = new ApiError(400, 'Bad Request', 'Validation failed', [
      { path: 'body.ageMax', message: 'must not be below ageMin' },
      { path: '/evidence/1/capturedAt', message: 'bad time' },
      { path: 'indicators', message: 'unknown indicator code(s): nope' },
      { path: 'somethingElse', message: '?' },
    ]);
    const errors = formErrorsFrom(err, findingKnownFields(draft));
    expect(errors.fields.ageMax).toBe('must not be below ageMin');
    expect(errors.fields.indicators).toMatch(/unknown indicator/);
    expect(itemErrors(errors, 'evidence')).toEqual({ 1: 'bad time' });
    expect(errors.other).toEqual([{ path: 'somethingElse', message: '?' }]);
  });
});
