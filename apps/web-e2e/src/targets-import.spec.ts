import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './sign-in';

test('a coordinator previews a broken CSV, sees its errors, imports a clean one and assigns it by rule', async ({ page }) => {
  await signIn(page, 'coordinator@demo.example');
  const tag = `imp${Date.now().toString(36)}`;
  const header = 'kind,value,platform,category,country,language,tags,priority,notes';

  // A file with errors: nothing can be imported, and the rows at fault are named.
  await page.getByLabel('CSV file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\nfax,123,,,,,,,\nplatform,${tag}-x.example,,no-such-category,UA,uk,,,\n`),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '2 errors in the file' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import \d+ target/ })).toBeDisabled();

  // A clean file: previewed, imported with progress, on the board without a reload.
  const values = [1, 2, 3].map((i) => `${tag}-site-${i}.example`);
  await page.getByLabel('CSV file').setInputFiles({
    name: 'clean.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([header, ...values.map((v) => `platform,${v},,escort,UA,uk,${tag},2,`)].join('\n') + '\n'),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await page.getByRole('button', { name: 'Import 3 targets' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 3 targets' })).toBeVisible();

  await page.getByLabel('Search targets').fill(tag);
  for (const v of values) await page.getByLabel(`Select ${v}`).check();
  await page.getByRole('button', { name: 'Auto-assign…' }).click();
  await page.getByRole('button', { name: 'Apply assignment' }).click();
  for (const v of values) {
    await expect(page.getByRole('row').filter({ hasText: v }).locator('[data-status="assigned"]')).toBeVisible();
  }
  await page.screenshot({ path: join(__dirname, '../artifacts/board-after-import-and-auto-assign.png') });
});

test('a coordinator turns an identifier of a finding into a target and assigns it to the suggested team', async ({ page }) => {
  await signIn(page, 'coordinator@demo.example');
  await page.getByRole('link', { name: 'Findings' }).click();
  const make = page.getByRole('button', { name: /^Make target from / }).first();
  await make.click();
  const status = page.getByRole('status').filter({ hasText: /New target created|Already a target/ }).first();
  await expect(status).toContainText('suggested team:');
  const assign = status.getByRole('button', { name: /^Assign to / });
  const team = (await assign.innerText()).replace(/^Assign to /, '').trim();
  await expect(status).toContainText(`suggested team: ${team}`);
  await assign.click();
  await expect(status).toContainText(`assigned to ${team}`);
});
