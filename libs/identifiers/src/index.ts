export type { NormalizedValue } from './normalized-value';
export { normalizePhone, toCountryCode } from './phone';
export { normalizeEmail } from './email';
export { normalizeUrl } from './url';
export { normalizePlatform, normalizePlatformName } from './platform';
export { normalizeUsername } from './username';
export { normalizeMessaging, normalizeAppName } from './messaging';
export { normalizeOther } from './other';
export { normalizeIdentifier, type NormalizeOptions } from './normalize-identifier';
export {
  looksLikeWebAddress,
  parseWebAddress,
  registrableDomain,
  type WebAddress,
} from './web-address';
export { matchKey, matchKindOf, type MatchKind } from './match-key';
