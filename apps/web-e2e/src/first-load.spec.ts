import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, expect, test, type CDPSession } from '@playwright/test';
import { signIn } from './sign-in';

/**
 * Officers join from hotel Wi-Fi and mobile data: the officer console, opened cold after sign-in,
 * must cost less than this on the wire (bytes Chromium received, headers included; 1 KB = 1000 B).
 */
const BUDGET_BYTES = 350_000;
/** The API compresses JSON from this size on (apps/api/src/common/compress-responses.ts). */
const COMPRESSED_FROM_BYTES = 1024;

interface Loaded {
  url: string;
  kind: string;
  encoding: string;
  /** Bytes on the wire: CDP's encodedDataLength, response headers included. */
  wire: number;
  /** The decoded body, as the page sees it (for a 304, the cached one). */
  body: number;
}

const kinds: Record<string, string> = { Document: 'HTML', Script: 'JS', Stylesheet: 'CSS', Font: 'fonts', Fetch: 'API JSON', XHR: 'API JSON', Image: 'images' };

/** Records every response of the page from the Network domain until `loaded()` is read. */
async function recordNetwork(cdp: CDPSession) {
  const open = new Map<string, { url: string; kind: string; encoding: string; body: number }>();
  const done: Loaded[] = [];
  let lastActivity = Date.now();
  const socket = { frames: 0, bytes: 0 };

  cdp.on('Network.requestWillBeSent', ({ requestId, request, type }) => {
    lastActivity = Date.now();
    open.set(requestId, { url: request.url, kind: kinds[type ?? ''] ?? String(type ?? 'other'), encoding: 'identity', body: 0 });
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const entry = open.get(requestId);
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    if (entry) entry.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const entry = open.get(requestId);
    if (entry) entry.body += dataLength;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    lastActivity = Date.now();
    const entry = open.get(requestId);
    open.delete(requestId);
    if (entry) done.push({ ...entry, wire: encodedDataLength });
  });
  cdp.on('Network.loadingFailed', ({ requestId }) => {
    lastActivity = Date.now();
    open.delete(requestId);
  });
  // socket.io runs over a websocket (apps/web/src/shared/socket.ts): its frames are counted too.
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    socket.frames += 1;
    socket.bytes += response.payloadData.length;
  });
  await cdp.send('Network.enable');

  return {
    /** Resolves once no request has been open or started for a second. */
    async quiet(): Promise<void> {
      await expect.poll(() => open.size === 0 && Date.now() - lastActivity > 1000, { timeout: 20_000, intervals: [250] }).toBe(true);
    },
    loaded: (): Loaded[] => [...done, ...(socket.frames ? [{ url: 'socket.io frames', kind: 'live socket', encoding: 'identity', wire: socket.bytes, body: socket.bytes }] : [])],
  };
}

function table(loaded: Loaded[]): string {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  const byKind = new Map<string, { n: number; wire: number; body: number; encodings: Set<string> }>();
  for (const l of loaded) {
    const row = byKind.get(l.kind) ?? { n: 0, wire: 0, body: 0, encodings: new Set<string>() };
    row.n += 1;
    row.wire += l.wire;
    row.body += l.body;
    row.encodings.add(l.encoding);
    byKind.set(l.kind, row);
  }
  const rows = [...byKind].sort((a, b) => b[1].wire - a[1].wire);
  const total = loaded.reduce((s, l) => ({ wire: s.wire + l.wire, body: s.body + l.body }), { wire: 0, body: 0 });
  return [
    '| resources | requests | on the wire | decoded | encodings |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map(([kind, r]) => `| ${kind} | ${r.n} | ${kb(r.wire)} | ${kb(r.body)} | ${[...r.encodings].join(', ')} |`),
    `| total | ${loaded.length} | ${kb(total.wire)} | ${kb(total.body)} | |`,
  ].join('\n');
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * Opens the console in a new context (an empty cache, the refresh cookie of `state`) and records
 * what it loads until the network is quiet. Returns the session after it: the refresh cookie
 * rotates on every load, and a reuse of the old one would end the session.
 */
async function coldLoad(browser: Browser, consoleUrl: string, state: StorageState, headers: Record<string, string> = {}) {
  const context = await browser.newContext({ storageState: state, extraHTTPHeaders: headers });
  const page = await context.newPage();
  const network = await recordNetwork(await context.newCDPSession(page));
  await page.goto(consoleUrl);
  await expect(page.getByRole('heading', { name: /^My queue/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Take|Log finding)$/ }).first()).toBeVisible();
  await network.quiet();
  const after = await context.storageState();
  await context.close();
  return { loaded: network.loaded(), state: after };
}

function expectWithinBudget(loaded: Loaded[], label: string, codings: string[]) {
  const summary = table(loaded);
  console.log(`first load of the officer console, ${label}:\n${summary}\n`);
  expect(loaded.filter((l) => l.kind === 'JS').length).toBeGreaterThan(0);
  const uncompressed = loaded.filter(
    (l) => (['HTML', 'JS', 'CSS'].includes(l.kind) || (l.kind === 'API JSON' && !l.url.includes('/auth/'))) && l.body >= COMPRESSED_FROM_BYTES && !codings.includes(l.encoding),
  );
  expect(uncompressed.map((l) => `${l.kind} ${l.url} ${l.encoding}`), label).toEqual([]);
  expect(
    loaded.reduce((sum, l) => sum + l.wire, 0),
    `${label}\n${summary}`,
  ).toBeLessThan(BUDGET_BYTES);
}

test('the officer console, opened cold after sign-in, loads in under 350 KB on the wire', async ({ browser }) => {
  const signedIn = await browser.newContext();
  const first = await signedIn.newPage();
  await signIn(first, 'officer.nl.1@demo.example');
  await expect(first.getByRole('heading', { name: /^My queue/ })).toBeVisible();
  const consoleUrl = first.url();
  const state = await signedIn.storageState();
  await signedIn.close();

  // As Chromium asks (brotli: over https, and on localhost), then as a client or proxy that only
  // takes gzip: the budget holds for both.
  const negotiated = await coldLoad(browser, consoleUrl, state);
  const gzipOnly = await coldLoad(browser, consoleUrl, negotiated.state, { 'Accept-Encoding': 'gzip' });
  mkdirSync(join(__dirname, '../artifacts'), { recursive: true });
  // Every response, for a look at what grew when the budget is missed.
  writeFileSync(join(__dirname, '../artifacts/first-load.json'), JSON.stringify({ consoleUrl, negotiated: negotiated.loaded, gzipOnly: gzipOnly.loaded }, null, 2));

  expectWithinBudget(negotiated.loaded, 'as Chromium negotiates', ['br', 'gzip']);
  expectWithinBudget(gzipOnly.loaded, 'gzip only', ['gzip']);
});
