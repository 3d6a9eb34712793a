import { EUROPEAN_SAMPLES } from '../../test/support/european-samples';
import { drawableText, type PdfFace } from './pdf-fonts';

const FACES: PdfFace[] = ['regular', 'bold', 'oblique'];

describe('text as the PDF faces can draw it', () => {
  it.each(FACES)('keeps Latin with its extensions, Greek and Cyrillic as they are in the %s face', (face) => {
    for (const sample of Object.values(EUROPEAN_SAMPLES)) expect(drawableText(sample, face)).toBe(sample);
    // Every letter of Latin-1, Latin Extended-A and -B, Greek and Cyrillic.
    const letters = Array.from({ length: 0x525 - 0xc0 + 1 }, (_, i) => String.fromCodePoint(0xc0 + i))
      .filter((ch) => /\p{L}/u.test(ch))
      // Spaced, as words are: a run of a thousand letters gets break opportunities (below).
      .join(' ');
    expect(drawableText(letters, face)).toBe(letters.normalize('NFC'));
  });

  it('gives a very long word break opportunities, and leaves names and URLs of ordinary length intact', () => {
    const url = `https://t.me/${'verylongchannelname'.repeat(7)}`;
    expect(drawableText(url, 'regular')).toBe(url);
    const word = 'x'.repeat(400);
    const drawn = drawableText(`${word} and ${word}`, 'regular');
    expect(drawn.replaceAll('\u200b', '')).toBe(`${word} and ${word}`);
    expect(drawn.split(' ').map((w) => w.split('\u200b').map((part) => part.length))).toEqual([[150, 150, 100], [3], [150, 150, 100]]);
  });

  it('turns control characters into spaces, keeping line breaks only where lines are allowed', () => {
    expect(drawableText('a\tb\r\nc\u0085d', 'regular')).toBe('a b \nc d');
    expect(drawableText('a\nb', 'bold', false)).toBe('a b');
  });

  it('draws a character without a glyph as its plain form when the face has that, else as one U+FFFD per character read', () => {
    // Full-width and mathematical letters: DejaVu has the plain ones.
    expect(drawableText('ｆｕｌｌ 𝐀', 'regular')).toBe('full A');
    // An emoji with a skin tone, a flag made of tag characters, CJK, a currency sign newer than the font.
    expect(drawableText('👍🏽 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} 警察 ₾5', 'regular')).toBe('\ufffd \ufffd \ufffd\ufffd \ufffd5');
    // An invisible format character the face has no glyph for is left out, not shown as a sign.
    expect(drawableText('a\u180eb', 'oblique')).toBe('ab');
  });
});
