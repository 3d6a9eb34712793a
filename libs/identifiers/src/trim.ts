// Trimming in one pass over the string. Patterns like /\s+$/ or /^[\s@]+|\s+$/g look harmless,
// but a regex engine tries `\s+$` from every position of a run of spaces that is followed by
// something else, which is quadratic: 100,000 spaces inside a pasted value took ~12 s.

/** `\s` of a regular expression: ECMAScript WhiteSpace and LineTerminator, the set `trim()` uses. */
const isSpace = (code: number): boolean =>
  code === 0x20 ||
  (code >= 0x09 && code <= 0x0d) ||
  code === 0xa0 ||
  code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 ||
  code === 0x2029 ||
  code === 0x202f ||
  code === 0x205f ||
  code === 0x3000 ||
  code === 0xfeff;

const AT = 0x40;

/**
 * A handle without leading whitespace and `@`s and without trailing whitespace: what
 * `value.replace(/^[\s@]+|\s+$/g, '')` meant, in linear time.
 */
export function trimHandle(value: string): string {
  let start = 0;
  while (start < value.length) {
    const code = value.charCodeAt(start);
    if (code !== AT && !isSpace(code)) break;
    start++;
  }
  // trimEnd() removes exactly the `\s` characters, in one pass from the end.
  return value.slice(start).trimEnd();
}

/** `value` without the trailing repetitions of `char` (one UTF-16 unit): /x+$/ without the backtracking. */
export function trimTrailing(value: string, char: string): string {
  const code = char.charCodeAt(0);
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === code) end--;
  return end === value.length ? value : value.slice(0, end);
}

/**
 * Every "[.]" replaced by "." until none is left ("example[[.]]com" -> "example.com"), as one
 * left-to-right pass with a stack. Replacing again and again until nothing changes took one pass
 * per nesting level: quadratic on "[[[[...[.]...]]]]".
 */
export function refangDots(value: string): string {
  if (!value.includes('[.]')) return value;
  const out: string[] = [];
  for (const c of value) {
    out.push(c);
    const n = out.length;
    // A "." that a replacement leaves can only complete a new "[.]" with a "]" still to come,
    // which this same check handles when that "]" arrives.
    if (n >= 3 && out[n - 1] === ']' && out[n - 2] === '.' && out[n - 3] === '[') {
      out.length = n - 3;
      out.push('.');
    }
  }
  return out.join('');
}
