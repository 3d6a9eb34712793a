import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { apiPaths, LIVE_NAMESPACE, type Finding, type Target } from '@actionday/contracts';
import { io } from 'socket.io-client';
import { UsersService } from '../src/auth/users.service';
import { COMPRESS_FROM_BYTES } from '../src/common/compress-responses';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { PASSWORD, TestApp } from './support/test-app';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came, not decoded (fetch would decode them). */
  body: Buffer;
}

/** The path is sent as written: a URL would resolve its dot segments (%2e%2e too) first. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const decode = (r: Raw): Buffer =>
  r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body;

/** A web build in miniature, precompressed by the build's own step (tools/build/precompress.mjs). */
async function webFixture(): Promise<{ dir: string; script: Buffer; tiny: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'actionday-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><title>Action Day</title><script type="module" src="/assets/app-abc123.js"></script></head><body>${'<div id="root"></div>'.repeat(40)}</body></html>`);
  const script = Buffer.from(Array.from({ length: 2000 }, (_, i) => `export const value${i} = ${JSON.stringify(`item ${i} of the bundle`)};\n`).join(''));
  writeFileSync(join(dir, 'assets/app-abc123.js'), script);
  // Too small to gain from compression: the build keeps no variant of it.
  const tiny = Buffer.from('export{};');
  writeFileSync(join(dir, 'assets/tiny-def456.js'), tiny);
  // Tests run from the repository root (as every suite here assumes).
  const build = join(process.cwd(), 'tools/build/precompress.mjs');
  const { precompress } = (await import(build)) as { precompress: (dir: string) => Promise<unknown> };
  await precompress(dir);
  return { dir, script, tiny };
}

describe('compression: the precompressed web app and JSON by Accept-Encoding, never the sign-in answers', () => {
  let t: TestApp;
  let s: Scenario;
  let web: Awaited<ReturnType<typeof webFixture>>;
  const script = '/assets/app-abc123.js';

  beforeAll(async () => {
    web = await webFixture();
    t = await TestApp.start({ webDist: web.dir });
    s = await scenario(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(web.dir, { recursive: true, force: true });
  });

  it('serves a script in brotli, gzip or as it is, by Accept-Encoding, with the same bytes and cache headers', async () => {
    const br = await raw(t.baseUrl + script, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    const gzip = await raw(t.baseUrl + script, { headers: { 'accept-encoding': 'gzip' } });
    const identity = await raw(t.baseUrl + script);
    expect([br.status, gzip.status, identity.status]).toEqual([200, 200, 200]);
    expect([br.headers['content-encoding'], gzip.headers['content-encoding'], identity.headers['content-encoding']]).toEqual(['br', 'gzip', undefined]);
    for (const r of [br, gzip, identity]) {
      expect(decode(r).equals(web.script)).toBe(true);
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
    }
    expect(br.body.length).toBeLessThan(gzip.body.length);
    expect(gzip.body.length).toBeLessThan(web.script.length / 4);
    // The variants are files of their own: their own validators.
    expect(new Set([br.headers.etag, gzip.headers.etag, identity.headers.etag]).size).toBe(3);
    // The CSP and the other security headers stay.
    expect(br.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers HEAD like GET without a body, and a range on a variant with the whole variant', async () => {
    const head = await raw(t.baseUrl + script, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    const get = await raw(t.baseUrl + script, { headers: { 'accept-encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);

    const range = await raw(t.baseUrl + script, { headers: { 'accept-encoding': 'br', range: 'bytes=0-99' } });
    expect(range.status).toBe(200);
    expect(range.headers['content-range']).toBeUndefined();
    expect(decode(range).equals(web.script)).toBe(true);
    // As it is, a range is still a range.
    const plain = await raw(t.baseUrl + script, { headers: { range: 'bytes=0-99' } });
    expect(plain.status).toBe(206);
    expect(plain.body.equals(web.script.subarray(0, 100))).toBe(true);
  });

  it('revalidates a variant by its ETag', async () => {
    const first = await raw(t.baseUrl + script, { headers: { 'accept-encoding': 'br' } });
    const again = await raw(t.baseUrl + script, { headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('serves a file that has no variant as it is', async () => {
    const tiny = await raw(`${t.baseUrl}/assets/tiny-def456.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(tiny.status).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.equals(web.tiny)).toBe(true);
    expect(tiny.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves index.html compressed where the client routes fall back to it, never cached without revalidation', async () => {
    const original = readFileSync(join(web.dir, 'index.html'));
    for (const path of ['/', '/operations/some-id/queue']) {
      const page = await raw(t.baseUrl + path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBe('br');
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(page).equals(original)).toBe(true);
    }
    const plain = await raw(`${t.baseUrl}/operations/some-id/queue`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('lets no request reach a file outside the build, with or without a variant', async () => {
    const answers: string[] = [];
    for (const path of [
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%2findex.html',
      '/assets/..%5c..%5cpackage.json',
      '/assets/%E0%A4%A',
      '/assets/app-abc123.js%00.br',
    ]) {
      const r = await raw(t.baseUrl + path, { headers: { 'accept-encoding': 'br, gzip' } });
      answers.push(`${path} ${r.status} ${r.headers['content-encoding'] ?? 'identity'} ${decode(r).toString().slice(0, 40)}`);
    }
    // 403 is express.static's answer to a path that climbs out of its folder.
    for (const answer of answers) expect(answer).toMatch(/^\S+ (400|403|404) identity \{"statusCode":4/);
  });

  it('compresses a JSON list above the threshold by Accept-Encoding, and leaves a small one', async () => {
    for (let i = 0; i < 12; i++) await createTarget(t, s, { kind: 'platform', value: `https://ads-${i}.example/listing/${randomUUID()}`, category: 'classifieds' });
    const url = t.baseUrl + apiPaths.targets(s.operation.id);
    const auth = { authorization: `Bearer ${s.coordinator.token}` };
    const identity = await raw(url, { headers: auth });
    expect(identity.body.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    expect(identity.headers['content-encoding']).toBeUndefined();
    const list = JSON.parse(identity.body.toString()) as { items: Target[] };
    expect(list.items.length).toBeGreaterThanOrEqual(12);
    for (const coding of ['br', 'gzip']) {
      const r = await raw(url, { headers: { ...auth, 'accept-encoding': coding } });
      expect(r.headers['content-encoding']).toBe(coding);
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.body.length).toBeLessThan(identity.body.length / 2);
      expect(JSON.parse(decode(r).toString())).toEqual(list);
    }
    const small = await raw(t.baseUrl + apiPaths.operation(s.operation.id), { headers: { ...auth, 'accept-encoding': 'br' } });
    expect(small.body.length).toBeLessThan(COMPRESS_FROM_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('never compresses the answers that hold a token (login, refresh): BREACH', async () => {
    // A long name makes the sign-in answer larger than the threshold, as /me shows.
    const email = `long.${randomUUID().slice(0, 8)}@test.example`;
    await t.app.get(UsersService).create({ email, password: PASSWORD, displayName: `Officer ${'with a very long name '.repeat(60)}` });
    const body = JSON.stringify({ email, password: PASSWORD });
    const headers = { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' };
    for (const path of [apiPaths.login, apiPaths.login.toUpperCase(), `${apiPaths.login}/`]) {
      const login = await raw(t.baseUrl + path, { method: 'POST', headers, body });
      expect({ path, status: login.status, encoding: login.headers['content-encoding'] }).toEqual({ path, status: 200, encoding: undefined });
      expect(login.body.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    }
    const login = await raw(t.baseUrl + apiPaths.login, { method: 'POST', headers, body });
    const { accessToken } = JSON.parse(login.body.toString()) as { accessToken: string };
    const cookie = String(login.headers['set-cookie']?.[0]).split(';')[0];
    const refresh = await raw(t.baseUrl + apiPaths.refresh, { method: 'POST', headers: { ...headers, cookie } });
    expect(refresh.status).toBe(200);
    expect(refresh.body.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    expect(refresh.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refresh.body.toString())).toHaveProperty('accessToken');

    const me = await raw(t.baseUrl + apiPaths.me, { headers: { 'accept-encoding': 'br', authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.headers['content-encoding']).toBe('br');
  });

  it('streams exports as they are: downloads are not compressed', async () => {
    await expectStatus(
      t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'Streamed', nationality: 'NL' }, s.officerNl.token),
      201,
    );
    for (const path of [apiPaths.findingsExportFile(s.operation.id, 'csv'), apiPaths.targetsExportFile(s.operation.id, 'json')]) {
      const r = await raw(t.baseUrl + path, { headers: { 'accept-encoding': 'br, gzip', authorization: `Bearer ${s.coordinator.token}` } });
      expect(r.status).toBe(200);
      expect(r.headers['content-disposition']).toMatch(/^attachment/);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.headers['transfer-encoding']).toBe('chunked');
    }
  });

  it('keeps socket.io working over long-polling, which compresses on its own', async () => {
    const handshake = await raw(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(handshake.status).toBe(200);
    expect(decode(handshake).toString()).toMatch(/^0\{"sid":/);

    const socket = io(t.baseUrl + LIVE_NAMESPACE, { auth: { token: s.officerNl.token }, transports: ['polling'], forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit('subscribe', { operationId: s.operation.id }, resolve));
      expect(ack.ok).toBe(true);
      const event = new Promise<{ type: string }>((resolve) =>
        socket.on('events', (frame: { events: { type: string }[] }) => frame.events.some((e) => e.type === 'finding.created') && resolve({ type: 'finding.created' })),
      );
      await expectStatus(
        t.post(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'Polled suspect', nationality: 'NL' }, s.officerNl.token),
        201,
      );
      expect((await event).type).toBe('finding.created');
      expect(socket.io.engine.transport.name).toBe('polling');
    } finally {
      socket.disconnect();
    }
  });
});
