import type { TargetKind } from '@actionday/contracts';
import { normalizeIdentifier, type NormalizeOptions } from '@actionday/identifiers';

/**
 * Remembers every value handed out, by its normalized form, so that two spellings of one
 * identifier never both become targets (the API would reject the second as a duplicate).
 */
export class UniqueValues {
  private readonly normalized = new Set<string>();
  private readonly numbers = new Set<string>();

  /** Takes the value if nothing equivalent was taken before; false when it was. */
  claim(kind: TargetKind, value: string, opts: NormalizeOptions = {}): boolean {
    const key = normalizeIdentifier(kind, value, opts).normalized;
    if (this.normalized.has(key)) return false;
    this.normalized.add(key);
    return true;
  }

  /** Takes a phone number (E.164) so that it is used once across phones and messaging ids. */
  claimNumber(e164: string): boolean {
    if (this.numbers.has(e164)) return false;
    this.numbers.add(e164);
    return true;
  }
}

/** Calls `make` until it yields a value `accept` takes; the pools are large, so this ends fast. */
export function drawUnique<T>(make: () => T, accept: (value: T) => boolean, attempts = 10_000): T {
  for (let i = 0; i < attempts; i++) {
    const value = make();
    if (accept(value)) return value;
  }
  throw new RangeError('ran out of unique fictitious values; ask for fewer targets');
}
