import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, type APIRequestContext, test } from '@playwright/test';
import { apiPaths, type Finding } from '@actionday/contracts';
import { DEMO_PASSWORD, signIn } from './sign-in';

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post(apiPaths.login, { data: { email, password: DEMO_PASSWORD } });
  expect(res.ok(), `login of ${email}`).toBe(true);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

test('a coordinator works the review queue by keyboard, and a conflicting review is shown, not overwritten', async ({ browser, request }) => {
  test.setTimeout(45_000);
  const page = await (await browser.newContext()).newPage();
  // The page's socket, with a tap that can hold back the operation's events for a while: the
  // coordinator's view then goes stale the way it does on a slow link.
  let holding = false;
  const held: (string | Buffer)[] = [];
  let deliver: (m: string | Buffer) => void = () => undefined;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => (holding && String(m).includes('["events"') ? held.push(m) : ws.send(m)));
    deliver = (m) => ws.send(m);
  });

  await signIn(page, 'coordinator@demo.example');
  const operationId = /\/operations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  const [officer, organizer] = await Promise.all([tokenOf(request, 'officer.nl.1@demo.example'), tokenOf(request, 'organizer@demo.example')]);
  const stamp = Date.now().toString(36);
  const tail = String(Date.now() % 10_000).padStart(4, '0');
  const phone = `+31 6 2345 ${tail}`;
  const log = async (alias: string): Promise<Finding> => {
    const res = await request.post(apiPaths.findings(operationId), {
      headers: { Authorization: `Bearer ${officer}` },
      data: { clientId: randomUUID(), type: 'suspect', alias, identifiers: [{ kind: 'phone', value: phone }] },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as Finding;
  };
  const a = `E2E review A ${stamp}`;
  const b = `E2E review B ${stamp}`;
  const c = `E2E review C ${stamp}`;
  await log(a);
  const findingB = await log(b);
  await log(c);

  await page.getByRole('navigation', { name: 'Operation sections' }).getByRole('link', { name: 'Review', exact: true }).click();
  const queue = page.getByTestId('review-queue');
  await queue.getByLabel('Team').selectOption({ label: 'Netherlands' });
  await queue.getByLabel('Type').selectOption('suspect');
  const row = (alias: string) => queue.getByTestId('review-row').filter({ has: page.getByRole('heading', { name: alias }) });
  await expect(page.getByText('c confirm')).toBeVisible();

  // Select A, confirm it with "c": it leaves the queue and the selection moves on to B.
  await row(a).click();
  await expect(row(a)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('c');
  await expect(page.getByTestId('review-status')).toContainText(`Confirmed: Suspect — Netherlands`);
  await expect(row(a)).toHaveCount(0);
  await expect(row(b)).toHaveAttribute('aria-current', 'true');

  // The organizer rejects B while this page hears nothing; "c" on the stale row gets a 409.
  holding = true;
  const patched = await request.patch(apiPaths.finding(findingB.id), {
    headers: { Authorization: `Bearer ${organizer}` },
    data: { status: 'rejected', version: findingB.version },
  });
  expect(patched.status()).toBe(200);
  await page.keyboard.press('c');
  await expect(row(b).getByTestId('review-conflict')).toContainText('changed by Demo Organizer meanwhile (now rejected');
  await expect(row(b)).toHaveAttribute('data-status', 'submitted');
  // Reload fetches that one finding: it is rejected, so it leaves the queue.
  await row(b).getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('review-status')).toContainText('is now rejected');
  await expect(row(b)).toHaveCount(0);
  holding = false;
  for (const m of held.splice(0)) deliver(m);

  // C shares A's phone: "d" offers A first (B too, but rejected, later); Enter marks C as A's duplicate.
  await row(c).click();
  await page.keyboard.press('d');
  const picker = row(c).getByRole('form', { name: 'Mark as duplicate of another finding' });
  await expect(picker.getByLabel('Duplicate of which finding?')).toBeFocused();
  await expect(picker.getByRole('radio').first()).toBeChecked();
  const first = picker.getByRole('radio').first().locator('..');
  await expect(first).toContainText(a);
  await expect(first).toContainText('same phone');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-status')).toContainText('Marked as duplicate');
  await expect(row(c)).toHaveCount(0);

  // The reviewed list tells who decided what.
  await queue.getByLabel(/Show reviewed/).check();
  await expect(row(a)).toHaveAttribute('data-status', 'confirmed');
  await expect(row(b)).toHaveAttribute('data-status', 'rejected');
  await expect(row(b)).toContainText('Rejected by Demo Organizer');
  await expect(row(c)).toHaveAttribute('data-status', 'duplicate');
  await expect(row(c)).toContainText(`Marked as duplicate by Demo Coordinator`);
  await expect(row(c)).toContainText(`original: Suspect — Netherlands: ${a}`);
  await row(a).click();
  await page.screenshot({ path: join(__dirname, '../artifacts/review-queue.png'), fullPage: true });

  // The coordinator's Matches tab holds the matches those findings raised, identifier shown.
  await page.getByRole('navigation', { name: 'Operation sections' }).getByRole('link', { name: 'Matches', exact: true }).click();
  await expect(page.getByTestId('matches-all').getByTestId('match-row').filter({ hasText: `+3162345${tail}` }).first()).toBeVisible();
  await page.screenshot({ path: join(__dirname, '../artifacts/coordinator-matches.png') });
});
