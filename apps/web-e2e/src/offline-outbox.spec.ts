import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './sign-in';

const root = join(__dirname, '../../..');
const QUEUED = 20;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * A second API on the same database as the suite's, with access tokens that last 30 s (the
 * least allowed): an officer offline long enough comes back with an expired one.
 */
async function shortTokenApi(): Promise<{ base: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ACCESS_TOKEN_TTL: '30', DEMO: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  proc.stdout?.on('data', (d) => (said = (said + String(d)).slice(-2000)));
  proc.stderr?.on('data', (d) => (said = (said + String(d)).slice(-2000)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120 && proc.exitCode === null; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, proc };
    await new Promise((r) => setTimeout(r, 500));
  }
  proc.kill();
  throw new Error(`the short-token API did not start: ${said.trim().slice(-1500)}`);
}

test('an officer offline for 10 minutes with 20 findings queued: each arrives once when the browser is back', async ({ browser }) => {
  test.setTimeout(180_000);
  const api = await shortTokenApi();
  const context = await browser.newContext({ baseURL: api.base });
  try {
    const page = await context.newPage();
    // The page's clock, so that ten minutes of its timers (the outbox's backoff, the socket's
    // reconnects, the token's refresh) can pass without waiting for them.
    await page.clock.install();
    await signIn(page, 'officer.de.1@demo.example');
    await expect(page.getByRole('heading', { name: /^My queue/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /^(Take|Log finding)$/ }).first()).toBeVisible();
    const inProgress = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Log finding' }) });
    if ((await inProgress.count()) === 0) await page.getByRole('button', { name: 'Take' }).first().click();
    await inProgress.first().getByRole('button', { name: 'Log finding' }).click();
    const form = page.getByRole('form', { name: 'Log finding' });
    await form.getByLabel('Finding type').selectOption('suspect');

    const stamp = Date.now().toString(36);
    await context.setOffline(true);
    for (let i = 0; i < QUEUED; i++) {
      await page.getByLabel('Alias').fill(`E2E offline ${stamp} #${i}`);
      await page.keyboard.press('Control+Enter');
      await expect(page.getByTestId('pending-count')).toHaveText(String(i + 1));
    }
    // Ten minutes offline as the page lives them: every retry fails, the backoff grows.
    await page.clock.fastForward('10:00');
    await expect(page.getByTestId('pending-count')).toHaveText(String(QUEUED));
    await page.screenshot({ path: join(__dirname, '../artifacts/offline-outbox-20-pending.png'), fullPage: true });
    // And on the server's clock, long enough for the access token to expire.
    await page.waitForTimeout(32_000);

    await context.setOffline(false);
    const pending = page.getByRole('list', { name: 'Pending findings' });
    await expect(pending).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByRole('status').filter({ hasText: /Sent \d+ pending findings?/ }).first()).toBeVisible();

    // Every one of them once on the server, as the coordinator reads the operation.
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'coordinator@demo.example', password: DEMO_PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string; memberships?: unknown }>);
    const headers = { authorization: `Bearer ${login.accessToken}` };
    const operations = (await fetch(`${api.base}/api/v1/operations`, { headers }).then((r) => r.json())) as { items: { id: string; name: string }[] };
    const demo = operations.items.find((o) => /demo/i.test(o.name));
    if (!demo) throw new Error('the coordinator sees no demo operation');
    const aliases: string[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = (await fetch(`${api.base}/api/v1/operations/${demo.id}/findings?type=suspect&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers }).then((r) => r.json())) as {
        items: { details: { alias?: string } }[];
        nextCursor: string | null;
      };
      for (const f of page.items) if (f.details.alias?.startsWith(`E2E offline ${stamp}`)) aliases.push(f.details.alias);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(aliases.sort()).toEqual(Array.from({ length: QUEUED }, (_, i) => `E2E offline ${stamp} #${i}`).sort());
  } finally {
    await context.close();
    api.proc.kill('SIGTERM');
  }
});
