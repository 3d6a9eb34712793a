import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { signIn } from './sign-in';

const count = async (page: Page, testId: string) => Number(await page.getByTestId(testId).first().innerText());

test('a coordinator assigns, an officer logs a finding, and the coordinator sees the tally change live', async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  const officer = await (await browser.newContext()).newPage();
  await signIn(coordinator, 'coordinator@demo.example');
  await signIn(officer, 'officer.nl.1@demo.example');

  const value = `e2e-${Date.now().toString(36)}.example`;
  await expect(coordinator.getByTestId('tally-victims-total').first()).toBeVisible();
  const victimsBefore = await count(coordinator, 'tally-victims-total');

  // The coordinator adds a target and assigns it to the officer's team.
  await coordinator.getByLabel('Kind', { exact: true }).selectOption('platform');
  await coordinator.getByLabel('Value', { exact: true }).fill(value);
  await coordinator.getByRole('button', { name: 'Add target' }).click();
  await coordinator.getByLabel(`Select ${value}`).check();
  await coordinator.getByLabel('Assign to team').selectOption({ label: 'Netherlands' });
  await coordinator.getByRole('button', { name: 'Assign selected' }).click();

  // The officer's queue shows it without a reload; the officer takes it and logs a possible victim.
  const row = officer.getByRole('row').filter({ hasText: value });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Take' }).click();
  await row.getByRole('button', { name: 'Log finding' }).click();
  await officer.getByLabel('Finding type').selectOption('possible_victim');
  await officer.getByLabel('Alias').fill('E2E person');
  await officer.getByLabel('Nationality').fill('UA');
  await officer.getByLabel('Minor').check();
  await officer.getByRole('button', { name: 'Submit finding' }).click();

  // The coordinator's figure follows, live.
  await expect(coordinator.getByTestId('tally-victims-total').first()).toHaveText(String(victimsBefore + 1));
  await coordinator.screenshot({ path: join(__dirname, '../artifacts/coordinator-after-live-finding.png') });
});
