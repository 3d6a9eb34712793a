import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, type APIRequestContext, test } from '@playwright/test';
import { apiPaths, type Operation, type Target, type Team } from '@actionday/contracts';
import { DEMO_PASSWORD } from './sign-in';

const ORGANIZER = 'organizer@demo.example';

/**
 * An operation of this test's own, prepared over the API by the demo organizer: one team, four
 * platforms examined (two suspected, one confirmed), four possible victims and one suspect. The
 * demo operation stays live for the other specs.
 */
async function seedOperation(request: APIRequestContext, name: string): Promise<Operation> {
  const login = await request.post(apiPaths.login, { data: { email: ORGANIZER, password: DEMO_PASSWORD } });
  expect(login.ok(), 'organizer login').toBe(true);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  const post = async <T>(path: string, data: unknown, status = 201): Promise<T> => {
    const res = await request.post(path, { headers, data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
    return (await res.json()) as T;
  };
  const patch = async <T>(path: string, data: unknown): Promise<T> => {
    const res = await request.patch(path, { headers, data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
    return (await res.json()) as T;
  };

  const now = Date.now();
  const op = await post<Operation>(apiPaths.operations, {
    name,
    kind: 'joint_action_day',
    startsAt: new Date(now - 2 * 3_600_000).toISOString(),
    endsAt: new Date(now + 6 * 3_600_000).toISOString(),
    timezone: 'Europe/Amsterdam',
    countries: ['NL', 'UA'],
  });
  const team = await post<Team>(apiPaths.teams(op.id), { name: 'Netherlands', country: 'NL' });
  const stamp = now.toString(36);
  const targets: Target[] = [];
  for (let i = 1; i <= 4; i++) {
    targets.push(await post<Target>(apiPaths.targets(op.id), { kind: 'platform', value: `eod-${stamp}-${i}.example`, category: 'escort' }));
  }
  await post(apiPaths.assignments(op.id), { teamId: team.id, targetIds: targets.map((t) => t.id) }, 200);
  await post(apiPaths.transitions(op.id), { to: 'live' }, 200);

  // Assigned since they were created: their versions moved on.
  const listed = await request.get(apiPaths.targets(op.id), { headers });
  const current = new Map(((await listed.json()) as { items: Target[] }).items.map((t) => [t.id, t]));
  const outcomes = ['suspicious', 'confirmed', 'no_indicators', 'no_indicators'] as const;
  for (const [i, created] of targets.entries()) {
    const t = current.get(created.id) ?? created;
    const taken = await patch<Target>(apiPaths.target(t.id), { status: 'in_progress', version: t.version });
    await patch<Target>(apiPaths.target(t.id), { status: 'done', outcome: outcomes[i], version: taken.version });
  }
  for (let i = 0; i < 4; i++) {
    await post(apiPaths.findings(op.id), { clientId: randomUUID(), type: 'possible_victim', targetId: targets[0].id, nationality: 'UA' });
  }
  await post(apiPaths.findings(op.id), { clientId: randomUUID(), type: 'suspect', targetId: targets[1].id, alias: `E2E suspect ${stamp}` });
  return op;
}

test('an organizer closes the day, publishes with a small count suppressed, and a visitor reads it without signing in', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const name = `E2E end of day ${Date.now().toString(36)}`;
  await seedOperation(request, name);

  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(ORGANIZER);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

  // The dashboard, live: figures, charts and their tables.
  const tabs = page.getByRole('navigation', { name: 'Operation sections' });
  await tabs.getByRole('link', { name: 'Tallies', exact: true }).click();
  const dashboard = page.getByTestId('tallies-page');
  await expect(dashboard.getByTestId('tally-victims-total')).toHaveText('4');
  await expect(dashboard.getByTestId('tally-suspects')).toHaveText('1');
  await expect(dashboard.getByTestId('tally-examined-platforms')).toHaveText('4');
  await expect(dashboard.getByTestId('progress-done')).toHaveText('4');
  await expect(dashboard.locator('.recharts-surface').first()).toBeVisible();
  await expect(dashboard.getByRole('table', { name: 'All figures by target category' })).toContainText('Escort');

  // Publishing waits for the close.
  await tabs.getByRole('link', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Publishing needs the day to be closed' })).toBeVisible();

  // Close the day: asked first, irreversible.
  await page.getByRole('button', { name: 'Close the day' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close the day?' });
  await expect(dialog).toContainText('irreversible');
  await dialog.getByRole('button', { name: 'Close the day' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('operation-status')).toHaveText('closed');

  await tabs.getByRole('link', { name: 'Tallies', exact: true }).click();
  const banner = page.getByTestId('frozen-banner');
  await expect(banner).toContainText('Frozen at');
  await expect(banner).toContainText('Europe/Amsterdam');
  await expect(banner.getByTestId('snapshot-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(dashboard.getByTestId('tally-victims-total')).toHaveText('4');

  // The audit chain of this operation verifies.
  await page.getByRole('button', { name: 'Verify audit chain' }).click();
  await expect(page.getByTestId('audit-verification')).toContainText('The audit chain is intact');
  await page.screenshot({ path: join(__dirname, '../artifacts/end-of-day-frozen.png'), fullPage: true });

  // Publish: the one suspect stays below the threshold of 3, the four victims are shown.
  await tabs.getByRole('link', { name: 'Publish', exact: true }).click();
  const title = `Joint action day results ${Date.now().toString(36)}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await expect(page.getByLabel('Suspects identified', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Exact value of Suspects identified')).not.toBeChecked();
  const preview = page.getByTestId('publication-preview');
  await expect(preview.getByTestId('figure-suspects')).toHaveText('<3');
  await expect(preview.getByTestId('figure-possibleVictims.total')).toHaveText('4');
  await expect(page.getByLabel('Press-release text')).toHaveValue(/4 possible victims/);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const link = page.getByTestId('public-link');
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/p\/[a-z0-9-]+$/);
  await expect(page.getByTestId('publication-list')).toContainText(title);
  await page.screenshot({ path: join(__dirname, '../artifacts/end-of-day-published.png'), fullPage: true });

  // A visitor: a new context, no cookie, no session.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const apiCalls: string[] = [];
  visitor.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) apiCalls.push(url.pathname);
  });
  await visitor.goto(href ?? '/');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(visitor.getByTestId('figure-possibleVictims.total')).toHaveText('4');
  await expect(visitor.getByTestId('figure-suspects')).toHaveText('<3');
  await expect(visitor.getByTestId('figure-examined.platforms')).toHaveText('4');
  await expect(visitor.getByText('Counts below 3 are shown as “<3” to protect the people concerned.')).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'Figures as CSV' })).toHaveAttribute('href', /\.csv$/);
  await expect(visitor.getByRole('link', { name: 'Summary as PDF' })).toHaveAttribute('href', /\.pdf$/);
  await expect(visitor.getByLabel('Password')).toHaveCount(0);
  await expect(visitor.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  expect(new URL(visitor.url()).pathname).toBe(href);
  // Only the publication was asked for: no /me, no refresh, nothing that needs a session.
  expect(apiCalls.every((p) => p.startsWith('/api/v1/public/publications/'))).toBe(true);
  await visitor.screenshot({ path: join(__dirname, '../artifacts/end-of-day-public.png'), fullPage: true });

  // An address never published: a friendly page, still no sign-in.
  await visitor.goto('/p/no-such-summary-anywhere');
  await expect(visitor.getByRole('heading', { name: 'Summary not found' })).toBeVisible();
  await expect(visitor.getByLabel('Password')).toHaveCount(0);
  await visitorContext.close();
});
