/**
 * The result of normalizing one identifier. `normalized` is the value duplicates and matches are
 * compared on; when `valid` is false it is the raw value, tidied only as far as is safe, so that
 * nothing the officer typed is lost and the UI can flag it.
 */
export type NormalizedValue = {
  normalized: string;
  valid: boolean;
  /** The registrable domain or app the identifier lives on, when there is one. */
  platform: string | null;
};
