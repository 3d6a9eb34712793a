import { LIMITS } from './common';
import { tagSchema } from './targets';

describe('tagSchema', () => {
  it('stores tags lower-cased, and checks the length and the pattern of what is stored', () => {
    expect(tagSchema.parse('  Telegram ')).toBe('telegram');
    // Turkish capital dotted I lower-cases to i and a combining dot: a letter, so a valid tag.
    expect(tagSchema.parse('İstanbul')).toBe('i\u0307stanbul');
    // Fits before lower-casing, not after: refused rather than stored over the limit.
    expect(tagSchema.safeParse('İ'.repeat(LIMITS.tagLength)).success).toBe(false);
    expect(tagSchema.safeParse('-leading-dash').success).toBe(false);
  });
});
