import type { Indicator } from '@actionday/contracts';

/** Lower case without diacritics, underscores as spaces: "Débt_bondage" -> "debt bondage". */
export function searchText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/_/g, ' ');
}

/** The indicators whose label or code holds every word typed, in catalogue order. */
export function filterIndicators<T extends Pick<Indicator, 'code' | 'label'>>(list: readonly T[], query: string): T[] {
  const words = searchText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return list.slice();
  return list.filter((i) => {
    const hay = `${searchText(i.label)} ${searchText(i.code)}`;
    return words.every((w) => hay.includes(w));
  });
}

/** Adds the code when absent, removes it when present; keeps the order of the others. */
export function toggleCode(selected: readonly string[], code: string): string[] {
  return selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code];
}

/** How many of the visible indicators get a shortcut (Alt+1 … Alt+9). */
export const SHORTCUT_COUNT = 9;

/**
 * Alt+1 … Alt+9 (top row or numpad) -> 0 … 8; null for anything else. Read from `code`, not `key`:
 * on macOS Option+digit types a symbol, and other layouts put symbols on the digit keys.
 */
export function altDigitIndex(e: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }): number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  return m ? Number(m[1]) - 1 : null;
}

/** The next highlighted row after an arrow key, wrapping around; -1 for an empty list. */
export function moveHighlight(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0 || current >= length) return delta >= 0 ? 0 : length - 1;
  return (((current + delta) % length) + length) % length;
}

/** The label of a code; an unknown code (e.g. a catalogue that could not load) reads as words. */
export function labelOf(catalogue: readonly Pick<Indicator, 'code' | 'label'>[], code: string): string {
  return catalogue.find((i) => i.code === code)?.label ?? code.replace(/_/g, ' ');
}
