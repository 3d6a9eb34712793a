import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/**
 * Name-based ids for the MISP and STIX exports: the same record gives the same id in every
 * download, so a closed operation exports byte for byte the same file, and a receiving system
 * updates what it imported before instead of duplicating it.
 */

/** The namespace STIX 2.1 (section 2.9) prescribes for the ids of cyber-observable objects. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** The platform's own namespace for everything else it names (SDOs, SROs, MISP uuids). Fixed forever. */
export const ACTIONDAY_NAMESPACE = '2da1006a-477d-4f9c-8595-1c61d5598ead';

/** A version-5 UUID (RFC 9562: SHA-1 of the namespace and the name). */
export function uuidV5(name: string, namespace: string = ACTIONDAY_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a STIX cyber-observable: UUIDv5 in the STIX namespace of the canonical JSON of its
 * id-contributing properties (e.g. `{"value":"example.com"}` for a domain-name), as section 2.9
 * of STIX 2.1 says, so that any producer names the same observable the same way. For objects of
 * strings, canonicalJson's key order (UTF-16 code units) and JSON.stringify's escaping are RFC 8785 (JCS).
 */
export function stixScoId(type: string, idContributing: Record<string, string | undefined>): string {
  return `${type}--${uuidV5(canonicalJson(idContributing), STIX_SCO_NAMESPACE)}`;
}

/** The id of a STIX object of the platform's own making, from the stable key of what it describes. */
export function stixId(type: string, key: string): string {
  return `${type}--${uuidV5(`stix/${type}/${key}`)}`;
}

/** A MISP uuid from the stable key of what it describes. */
export function mispUuid(key: string): string {
  return uuidV5(`misp/${key}`);
}
