import { LIMITS } from '@actionday/contracts';
import type { DraftEvidence } from './finding-draft';

/**
 * Evidence is referenced, never uploaded: the browser reads the officer's local capture, hashes
 * it with SHA-256 and keeps only {fileName, size, sha256, capturedAt, url?}.
 *
 * crypto.subtle.digest has no streaming interface, so the whole file is held in memory once while
 * it is hashed; 512 MB is the ceiling that a workstation browser handles without trouble.
 */
export const MAX_EVIDENCE_BYTES = 512 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** Why a file cannot be used as evidence, or null when it can. */
export function evidenceFileProblem(
  file: { name: string; size: number },
  existing: readonly Pick<DraftEvidence, 'fileName'>[] = [],
): string | null {
  if (file.size > MAX_EVIDENCE_BYTES) {
    return `${file.name} (${formatBytes(file.size)}) is over the ${formatBytes(MAX_EVIDENCE_BYTES)} limit for hashing in the browser: hash it with a forensic tool and note the value in the notes.`;
  }
  if (existing.length >= LIMITS.evidence) return `At most ${LIMITS.evidence} evidence references per finding.`;
  return null;
}

export function toHex(buffer: ArrayBuffer | Uint8Array): string {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 of the bytes, lower-case hex. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<string> {
  // A view is copied into an ArrayBuffer of its own: digest() reads the whole underlying buffer.
  const input = data instanceof Uint8Array ? data.slice().buffer : data;
  return toHex(await subtle.digest('SHA-256', input));
}

/** The bytes of a file read in chunks, reporting progress (0..1); one allocation of the file's size. */
export async function readWithProgress(
  blob: Pick<Blob, 'size' | 'stream' | 'arrayBuffer'>,
  onProgress: (fraction: number) => void,
): Promise<Uint8Array> {
  if (typeof blob.stream !== 'function') return new Uint8Array(await blob.arrayBuffer());
  const out = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (offset + value.byteLength > out.byteLength) throw new Error('the file changed while it was read');
    out.set(value, offset);
    offset += value.byteLength;
    onProgress(blob.size ? offset / blob.size : 1);
  }
  if (offset !== out.byteLength) throw new Error('the file changed while it was read');
  return out;
}

/** The ISO time a file was last modified (its capture time unless the officer says otherwise). */
export function capturedAtOf(file: { lastModified?: number }, now: () => number = Date.now): string {
  const t = typeof file.lastModified === 'number' && file.lastModified > 0 ? file.lastModified : now();
  return new Date(t).toISOString();
}

export function evidenceFromFile(
  file: { name: string; size: number; lastModified?: number },
  sha256: string,
  key: string,
  now?: () => number,
): DraftEvidence {
  return { key, fileName: file.name.slice(0, 255), size: file.size, sha256, capturedAt: capturedAtOf(file, now), url: '' };
}

/** Adds the evidence unless the same capture (same hash) is already listed. */
export function addEvidence(list: DraftEvidence[], item: DraftEvidence): { list: DraftEvidence[]; duplicate: boolean } {
  if (list.some((e) => e.sha256 === item.sha256)) return { list, duplicate: true };
  return { list: [...list, item], duplicate: false };
}
