import { evidenceSchema } from '@actionday/contracts';
import {
  addEvidence,
  capturedAtOf,
  evidenceFileProblem,
  evidenceFromFile,
  formatBytes,
  MAX_EVIDENCE_BYTES,
  readWithProgress,
  sha256Hex,
  toHex,
} from './evidence';
import { isoToLocalInput, zonedLocalToIso } from '../../shared/format';

// The web project compiles without Node's types; node:crypto is loaded untyped, as the reference.
type NodeCrypto = { createHash: (alg: 'sha256') => { update: (b: Uint8Array) => { digest: (enc: 'hex') => string } } };
let createHash: NodeCrypto['createHash'];
beforeAll(async () => {
  const builtin = 'crypto';
  createHash = ((await import(`node:${builtin}`)) as NodeCrypto).createHash;
});
const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('sha256Hex', () => {
  it('matches node:crypto for a known buffer, and the published vectors', async () => {
    const bytes = new TextEncoder().encode('screenshot of ad #1234\n');
    expect(await sha256Hex(bytes)).toBe(nodeSha(bytes));
    expect(await sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('hashes only the bytes of a view, not its whole underlying buffer', async () => {
    const whole = new TextEncoder().encode('xxabcxx');
    const view = whole.subarray(2, 5);
    expect(await sha256Hex(view)).toBe(nodeSha(new TextEncoder().encode('abc')));
    expect(await sha256Hex(view.slice().buffer)).toBe(nodeSha(new TextEncoder().encode('abc')));
  });
  it('gives a value the contract accepts', async () => {
    const sha256 = await sha256Hex(new Uint8Array([1, 2, 3]));
    expect(evidenceSchema.safeParse({ capturedAt: '2025-03-01T08:00:00.000Z', sha256 }).success).toBe(true);
  });
});

describe('toHex', () => {
  it('pads every byte', () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff');
  });
});

describe('readWithProgress', () => {
  it('reads a blob in chunks and reports progress up to 1', async () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    const progress: number[] = [];
    const read = await readWithProgress(new Blob([bytes]), (p) => progress.push(p));
    expect(nodeSha(read)).toBe(nodeSha(bytes));
    expect(progress[progress.length - 1]).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });
});

describe('evidenceFileProblem', () => {
  it('rejects files over 512 MB with a clear message', () => {
    expect(evidenceFileProblem({ name: 'dump.mp4', size: MAX_EVIDENCE_BYTES + 1 })).toMatch(/^dump\.mp4 \(512 MB\) is over the 512 MB limit/);
    expect(evidenceFileProblem({ name: 'ok.png', size: MAX_EVIDENCE_BYTES })).toBeNull();
  });
  it('rejects a 51st reference', () => {
    const fifty = Array.from({ length: 50 }, () => ({ fileName: 'x' }));
    expect(evidenceFileProblem({ name: 'a', size: 1 }, fifty)).toMatch(/At most 50/);
  });
});

describe('evidenceFromFile / addEvidence', () => {
  const sha = 'b'.repeat(64);
  it('takes the capture time from lastModified, else now', () => {
    expect(capturedAtOf({ lastModified: Date.UTC(2025, 2, 1, 8) })).toBe('2025-03-01T08:00:00.000Z');
    expect(capturedAtOf({ lastModified: 0 }, () => Date.UTC(2025, 0, 1))).toBe('2025-01-01T00:00:00.000Z');
    expect(evidenceFromFile({ name: 'ad.png', size: 12, lastModified: Date.UTC(2025, 2, 1) }, sha, 'k')).toEqual({
      key: 'k',
      fileName: 'ad.png',
      size: 12,
      sha256: sha,
      capturedAt: '2025-03-01T00:00:00.000Z',
      url: '',
    });
  });
  it('does not list the same capture twice', () => {
    const one = addEvidence([], evidenceFromFile({ name: 'a.png', size: 1 }, sha, 'k1'));
    expect(one.duplicate).toBe(false);
    const two = addEvidence(one.list, evidenceFromFile({ name: 'copy.png', size: 1 }, sha, 'k2'));
    expect(two.duplicate).toBe(true);
    expect(two.list).toBe(one.list);
  });
});

describe('capture time in a datetime-local input', () => {
  it('shows the instant in the zone and reads it back', () => {
    expect(isoToLocalInput('2025-03-01T08:05:09.000Z', 'Europe/Amsterdam')).toBe('2025-03-01T09:05:09');
    expect(isoToLocalInput('2025-07-01T23:30:00.000Z', 'Europe/Amsterdam')).toBe('2025-07-02T01:30:00');
    expect(zonedLocalToIso(isoToLocalInput('2025-03-01T08:05:09.000Z', 'Europe/Amsterdam'), 'Europe/Amsterdam')).toBe('2025-03-01T08:05:09.000Z');
    expect(isoToLocalInput('garbage')).toBe('');
  });
});

describe('formatBytes', () => {
  it('reads well', () => {
    expect([512, 2048, 1536 * 1024, 512 * 1024 * 1024].map(formatBytes)).toEqual(['512 B', '2.0 KB', '1.5 MB', '512 MB']);
  });
});
