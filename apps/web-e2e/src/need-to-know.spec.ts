import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, type APIRequestContext, test } from '@playwright/test';
import { apiPaths, type Operation, type Team } from '@actionday/contracts';
import { DEMO_PASSWORD } from './sign-in';

async function as(request: APIRequestContext, email: string) {
  const login = await request.post(apiPaths.login, { data: { email, password: DEMO_PASSWORD } });
  expect(login.ok(), `login of ${email}`).toBe(true);
  const headers = { Authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  return {
    post: async <T>(path: string, data: unknown, status = 201): Promise<T> => {
      const res = await request.post(path, { headers, data });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
      return (await res.json()) as T;
    },
    delete: async (path: string) => {
      const res = await request.delete(path, { headers });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(204);
    },
  };
}

/**
 * What an observer and an officer of another team see of possible victims, on screen: the
 * operation's victim figures as released (never per team, never one write's change), and a
 * member who is removed while the page is open loses it at once, without a reload.
 */
test('an observer sees released victim figures only, and a removed officer is told at once', async ({ browser, request }) => {
  test.setTimeout(60_000);
  const organizer = await as(request, 'organizer@demo.example');
  const now = Date.now();
  const op = await organizer.post<Operation>(apiPaths.operations, {
    name: `Need to know ${now.toString(36)}`,
    kind: 'joint_action_day',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 6 * 3_600_000).toISOString(),
    timezone: 'Europe/Amsterdam',
    countries: ['NL', 'UA'],
  });
  const nl = await organizer.post<Team>(apiPaths.teams(op.id), { name: 'Netherlands', country: 'NL' });
  await organizer.post(apiPaths.members(op.id), { email: 'observer@demo.example', role: 'observer' });
  await organizer.post(apiPaths.members(op.id), { email: 'officer.nl.1@demo.example', role: 'officer', teamId: nl.id });
  const removed = await organizer.post<{ userId: string }>(apiPaths.members(op.id), { email: 'officer.ua.1@demo.example', role: 'officer' });
  await organizer.post(apiPaths.transitions(op.id), { to: 'live' }, 200);
  const officer = await as(request, 'officer.nl.1@demo.example');
  for (const nationality of ['UA', 'UA', 'MD']) {
    await officer.post(apiPaths.findings(op.id), { clientId: randomUUID(), type: 'possible_victim', nationality, alias: `Alias ${nationality} ${randomUUID()}` });
  }

  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill('observer@demo.example');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: op.name })).toBeVisible();
  await page.goto(`/operations/${op.id}/tallies`);
  await expect(page.getByTestId('tallies-page')).toBeVisible();
  // The first release of an operation's victim figures is due as soon as it has victims (the
  // release round runs at least every minute): either state may be on screen, never more.
  const note = page.getByTestId('victim-release-note');
  await expect(note).toContainText(/not released yet|as released at/);
  const released = (await note.innerText()).includes('as released at');
  await expect(page.getByTestId('tally-victims-total').first()).toHaveText(released ? /^(<3|3)$/ : '—');
  await expect(page.getByTestId('tally-suspects').first()).toHaveText('0');
  await page.screenshot({ path: join(test.info().outputDir, 'observer-tallies.png'), fullPage: true });

  // The officer who is removed keeps the page open: it says so at once, and shows nothing more.
  const other = await (await browser.newContext()).newPage();
  await other.goto('/login');
  await other.getByLabel('Email').fill('officer.ua.1@demo.example');
  await other.getByLabel('Password').fill(DEMO_PASSWORD);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('link', { name: op.name })).toBeVisible();
  await other.goto(`/operations/${op.id}/findings`);
  await expect(other.getByRole('heading', { level: 1 })).toContainText('Need to know');
  await expect(other.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  await organizer.delete(apiPaths.member(op.id, removed.userId));
  await expect(other.getByText('You are no longer a member of this operation.')).toBeVisible({ timeout: 5000 });
  await other.screenshot({ path: join(test.info().outputDir, 'removed-officer.png'), fullPage: true });
});
