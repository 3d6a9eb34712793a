import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './sign-in';

test('an officer logs findings from the keyboard, with evidence, and nothing is lost offline', async ({ page, context }) => {
  await signIn(page, 'officer.nl.2@demo.example');

  // Open the form on one of the team's targets in progress (take one if none is).
  await expect(page.getByRole('heading', { name: /^My queue/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Take|Log finding)$/ }).first()).toBeVisible();
  const inProgress = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Log finding' }) });
  if ((await inProgress.count()) === 0) await page.getByRole('button', { name: 'Take' }).first().click();
  await inProgress.first().getByRole('button', { name: 'Log finding' }).click();

  const form = page.getByRole('form', { name: 'Log finding' });
  const type = form.getByLabel('Finding type');
  await expect(type).toBeFocused();
  await type.selectOption('suspect');

  const stamp = Date.now().toString(36);
  const online = `E2E suspect ${stamp}`;
  const offline = `E2E offline ${stamp}`;

  // A suspect, typed: alias, Tab, nationality; an indicator by filter + Enter, another by Alt+1.
  await form.getByLabel('Alias').focus();
  await page.keyboard.type(online);
  await page.keyboard.press('Tab');
  await page.keyboard.type('ro');
  await expect(form.getByLabel('Nationality')).toHaveValue('RO');
  await form.getByLabel('Filter indicators').focus();
  await page.keyboard.type('pimp');
  await page.keyboard.press('Enter');
  const firstIndicator = (await form.locator('.indicator-options label').first().innerText()).trim();
  await page.keyboard.press('Alt+1');
  const chips = form.getByRole('list', { name: 'Selected indicators' });
  await expect(chips.getByRole('listitem')).toHaveCount(2);
  await expect(chips).toContainText('Third-party control');
  await expect(chips).toContainText(firstIndicator);

  // Evidence: hashed in the browser, never uploaded.
  const capture = Buffer.from(`fictitious capture ${stamp}\n`);
  const sha256 = createHash('sha256').update(capture).digest('hex');
  await form.getByLabel('Evidence file').setInputFiles({ name: 'ad-capture.png', mimeType: 'image/png', buffer: capture });
  await expect(form.getByTestId('evidence-sha256')).toHaveText(sha256);

  // The draft survives a reload.
  await page.waitForTimeout(400);
  await page.reload();
  await expect(page.getByRole('form', { name: 'Log finding' }).getByLabel('Alias')).toHaveValue(online);
  await expect(page.getByTestId('evidence-sha256')).toHaveText(sha256);

  // Ctrl+Enter submits from anywhere; the form resets and focus goes back to the first field.
  await page.getByLabel('Alias').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: /Suspect submitted at/ })).toBeVisible();
  await expect(page.getByLabel('Finding type')).toBeFocused();
  await expect(page.getByLabel('Alias')).toHaveValue('');

  // Offline: the finding goes to "Pending findings" instead of being lost.
  await context.setOffline(true);
  await page.getByLabel('Alias').fill(offline);
  await page.keyboard.press('Control+Enter');
  const pending = page.getByRole('list', { name: 'Pending findings' });
  await expect(pending.getByRole('listitem').filter({ hasText: offline })).toContainText('Waiting');
  await expect(page.getByTestId('pending-count')).toHaveText('1');
  await page.screenshot({ path: join(__dirname, '../artifacts/officer-console-offline.png'), fullPage: true });

  // Back online: sent by itself, once.
  await context.setOffline(false);
  await expect(page.getByRole('status').filter({ hasText: /Sent 1 pending finding/ })).toBeVisible({ timeout: 15_000 });
  await expect(pending).toHaveCount(0);

  await page.getByRole('link', { name: 'Findings', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: offline })).toHaveCount(1);
  const first = page.getByRole('row').filter({ hasText: online });
  await expect(first).toHaveCount(1);
  await first.getByText(/^Show details, 1 evidence/).click();
  await expect(first.locator('code.hash')).toHaveText(sha256);
});
