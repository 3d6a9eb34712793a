import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, type APIRequestContext, type Page, test } from '@playwright/test';
import { apiPaths } from '@actionday/contracts';
import { DEMO_PASSWORD, signIn } from './sign-in';

/** An access token of a demo account, from the API (the page keeps its own in memory). */
async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post(apiPaths.login, { data: { email, password: DEMO_PASSWORD } });
  expect(res.ok(), `login of ${email}`).toBe(true);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Logs a suspect carrying one phone number, straight through the API as that officer. */
async function logPhone(request: APIRequestContext, token: string, operationId: string, phone: string, alias: string): Promise<void> {
  const res = await request.post(apiPaths.findings(operationId), {
    headers: { Authorization: `Bearer ${token}` },
    data: { clientId: randomUUID(), type: 'suspect', alias, identifiers: [{ kind: 'phone', value: phone }] },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function openMatches(page: Page): Promise<string> {
  await page.getByRole('navigation', { name: 'Operation sections' }).getByRole('link', { name: 'Matches', exact: true }).click();
  await expect(page.getByRole('heading', { name: "Your team's matches" })).toBeVisible();
  const operationId = /\/operations\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(operationId).toBeTruthy();
  return operationId as string;
}

test('two officers in two countries both see their cross-border phone match arrive live', async ({ browser, request }) => {
  test.setTimeout(40_000);
  const nl = await (await browser.newContext()).newPage();
  const de = await (await browser.newContext()).newPage();
  await signIn(nl, 'officer.nl.1@demo.example');
  await signIn(de, 'officer.de.1@demo.example');
  const operationId = await openMatches(nl);
  expect(await openMatches(de)).toBe(operationId);

  // A number nobody has logged yet, in Dutch national format and in international format.
  const tail = String(Date.now() % 10_000).padStart(4, '0');
  const national = `06 12 34 ${tail.slice(0, 2)} ${tail.slice(2)}`;
  const international = `+31 6 1234 ${tail}`;
  const e164 = `+3161234${tail}`;
  const [nlToken, deToken] = await Promise.all([tokenOf(request, 'officer.nl.1@demo.example'), tokenOf(request, 'officer.de.1@demo.example')]);

  await logPhone(request, nlToken, operationId, national, 'E2E NL');
  await logPhone(request, deToken, operationId, international, 'E2E DE');

  // Both officers see it in their team's list without a reload: the identifier, both countries,
  // the cross-border badge, marked new; and it is announced to screen readers.
  for (const page of [nl, de]) {
    const row = page.getByTestId('matches-team').getByTestId('match-row').filter({ hasText: e164 });
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-new', 'true');
    await expect(row.getByTestId('cross-border')).toHaveText('cross-border');
    await expect(row).toContainText('Netherlands (NL)');
    await expect(row).toContainText('Germany (DE)');
    await expect(page.getByTestId('match-announcement')).toContainText(`cross-border match on phone ${e164}`);
    await expect(page.getByTestId('matches-summary').getByTestId('match-row').filter({ hasText: e164 })).toBeVisible();
  }
  await de.screenshot({ path: join(__dirname, '../artifacts/live-match-de.png') });
});
