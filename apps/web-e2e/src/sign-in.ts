import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'e2e-demo-password';

/** Signs a demo account in and opens the demo operation. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: /demo/i }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/demo/i);
  // The tests read the operation's id from the address.
  await page.waitForURL(/\/operations\/[0-9a-f-]{36}/);
}
