import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { parseOrThrow } from './zod-pipe';

const schema = z.object({ alias: z.string(), notes: z.array(z.string()).optional() });

function details(value: unknown): unknown {
  try {
    parseOrThrow(schema, value);
  } catch (e) {
    if (e instanceof BadRequestException) return (e.getResponse() as { details: unknown }).details;
    throw e;
  }
  return 'accepted';
}

describe('parseOrThrow: text PostgreSQL cannot store is a 400 naming the field', () => {
  it('refuses the NUL character and a lone surrogate, wherever they are', () => {
    expect(details({ alias: 'a\u0000b' })).toEqual([{ path: 'alias', message: 'must not contain the NUL character (\\u0000)' }]);
    expect(details({ alias: 'ok', notes: ['fine', 'n\ud800'] })).toEqual([{ path: 'notes.1', message: 'must be valid Unicode text (it holds a lone surrogate)' }]);
    expect(details({ alias: '\udc00x' })).toEqual([{ path: 'alias', message: 'must be valid Unicode text (it holds a lone surrogate)' }]);
    expect(details({ alias: 'x', ['k\ud800']: 1 })).toEqual([{ path: 'k\ufffd', message: 'must be valid Unicode text (it holds a lone surrogate)' }]);
  });

  it('accepts every real character, emoji (surrogate pairs) included', () => {
    expect(details({ alias: 'Київ 🚓 👍🏽 Ω', notes: ['𝐀'] })).toBe('accepted');
  });
});
