import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { apiPaths, type Operation, type Target } from '@actionday/contracts';
import { DEMO_PASSWORD, signIn } from './sign-in';

const ORGANIZER = 'organizer@demo.example';

interface Fit {
  table: string;
  scrollWidth: number;
  clientWidth: number;
  /** What sticks out furthest: the culprit to look at. */
  widest?: string;
}

/**
 * Every table on the page, measured against its container (DataTable's scroll box) and the
 * document: none may be wider. Wrapping cells must keep a width where a word reads (no URL one
 * letter per line).
 */
async function measure(page: Page): Promise<{ overflowing: Fit[]; narrow: string[]; tables: number; page: Fit }> {
  return page.evaluate(() => {
    const name = (t: HTMLTableElement, i: number) =>
      t.getAttribute('aria-label') ?? t.caption?.textContent?.trim() ?? (t.className ? `${t.className} #${i}` : `table #${i}`);
    const tables = Array.from(document.querySelectorAll('table'));
    const overflowing: Fit[] = [];
    const narrow: string[] = [];
    tables.forEach((t, i) => {
      const box = t.parentElement ?? document.documentElement;
      if (box.scrollWidth > box.clientWidth) {
        let widest: Element = t;
        for (const el of Array.from(t.querySelectorAll('*'))) if (el.getBoundingClientRect().right > widest.getBoundingClientRect().right) widest = el;
        const what = `${widest.tagName.toLowerCase()}.${Array.from(widest.classList).join('.')} "${(widest.textContent ?? '').slice(0, 40)}"`;
        overflowing.push({ table: name(t, i), scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, widest: what });
      }
      for (const cell of Array.from(t.querySelectorAll<HTMLElement>('td.cell-wrap'))) {
        if ((cell.textContent ?? '').trim().length > 3 && cell.clientWidth < 48) narrow.push(`${name(t, i)}: ${cell.clientWidth}px "${cell.textContent?.slice(0, 30)}"`);
      }
    });
    const doc = document.documentElement;
    return { overflowing, narrow, tables: tables.length, page: { table: 'document', scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth } };
  });
}

async function expectTablesFit(page: Page, label: string, minTables: number): Promise<void> {
  await expect.poll(async () => (await measure(page)).tables, { message: `tables on ${label}` }).toBeGreaterThanOrEqual(minTables);
  const m = await measure(page);
  expect(m.overflowing, `tables wider than their container on ${label}`).toEqual([]);
  expect(m.narrow, `cells too narrow to read on ${label}`).toEqual([]);
  expect(m.page.scrollWidth, `the document scrolls sideways on ${label}`).toBeLessThanOrEqual(m.page.clientWidth);
}

test('at 1280 px no table overflows its container, and long URLs break sensibly', async ({ browser, request }, testInfo) => {
  test.setTimeout(60_000);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, ORGANIZER);
  const demoId = /\/operations\/([^/]+)/.exec(page.url())?.[1] ?? '';
  expect(demoId).not.toBe('');

  // The long URLs (the kind that used to stretch the findings table) go into an operation of this
  // test's own, so that the demo operation's findings stay as the other specs expect them; the
  // demo operation's full tallies and members are only read.
  const login = await request.post(apiPaths.login, { data: { email: ORGANIZER, password: DEMO_PASSWORD } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  const post = async <T>(path: string, data: unknown, status = 201): Promise<T> => {
    const res = await request.post(path, { headers, data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
    return (await res.json()) as T;
  };
  const stamp = Date.now().toString(36);
  const now = Date.now();
  const op = await post<Operation>(apiPaths.operations, {
    name: `Tables fit ${stamp}`,
    kind: 'joint_action_day',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 6 * 3_600_000).toISOString(),
    timezone: 'Europe/Amsterdam',
    countries: ['NL'],
  });
  const operationId = op.id;
  await post(apiPaths.teams(operationId), { name: 'Netherlands', country: 'NL', language: 'nl' });
  await post(apiPaths.transitions(operationId), { to: 'live' }, 200);
  const longUrl = `https://classifieds-${stamp}.example/escort/amsterdam/listing/${'a1b2c3d4e5'.repeat(8)}?ref=${'x'.repeat(60)}`;
  const target = await post<Target>(apiPaths.targets(operationId), { kind: 'url', value: longUrl, category: 'escort', country: 'NL', tags: ['e2e', 'long-url'] });
  await post(apiPaths.findings(operationId), {
    clientId: randomUUID(),
    type: 'suspect',
    targetId: target.id,
    alias: `E2E long ${stamp}`,
    identifiers: [{ kind: 'url', value: `${longUrl}&profile=${'y'.repeat(40)}` }],
  });
  await page.goto(`/operations/${operationId}/board`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Tables fit ${stamp}`);

  const tabs = page.getByRole('navigation', { name: 'Operation sections' });
  const open = async (tab: string) => {
    await tabs.getByRole('link', { name: tab, exact: true }).click();
    await expect(tabs.getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
  };

  await open('Findings');
  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByRole('row').filter({ hasText: `E2E long ${stamp}` })).toBeVisible();
  await expectTablesFit(page, 'findings', 1);
  // The target column truncates: one line, the full value on hover and in the row's details.
  const row = findings.getByRole('row').filter({ hasText: `E2E long ${stamp}` });
  await expect(row.locator('td.value-cell .truncate')).toHaveAttribute('title', longUrl);
  await row.getByRole('button', { name: /Show the full text of/ }).click();
  await expect(findings.locator('tr.data-table-details').getByText(longUrl)).toBeVisible();
  await expectTablesFit(page, 'findings with details open', 1);
  // Sorting by keyboard on the real page.
  const created = findings.getByRole('columnheader', { name: 'Created' });
  await created.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(created).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Enter');
  await expect(created).toHaveAttribute('aria-sort', 'descending');
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('findings-1280.png'), fullPage: false });

  await open('Board');
  await expect(page.getByRole('row').filter({ hasText: longUrl }).first()).toBeVisible();
  await expectTablesFit(page, 'board', 1);
  await page.getByRole('row').filter({ hasText: longUrl }).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('board-1280.png') });

  // The import report (a broken file: errors; a clean one with a long URL: the preview) and the auto-assign proposal.
  const header = 'kind,value,platform,category,country,language,tags,priority,notes';
  await page.getByLabel('CSV file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\nfax,123,,,,,,,\nurl,${longUrl}-dup,,no-such-category,UA,uk,,,\n`),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('table', { name: 'Errors' })).toBeVisible();
  await expectTablesFit(page, 'board, import errors', 2);
  await page.getByLabel('CSV file').setInputFiles({
    name: 'clean.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\nurl,${longUrl.replace('classifieds-', 'import-')},,escort,UA,uk,e2e;long-url,2,\nurl,${longUrl},,escort,UA,uk,,,\n`),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('table', { name: 'Targets to create' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Duplicates (skipped)' })).toBeVisible();
  await expectTablesFit(page, 'board, import preview', 3);
  await page.getByRole('button', { name: 'Auto-assign…' }).click();
  await expect(page.getByRole('table', { name: 'Proposal' })).toBeVisible();
  await expectTablesFit(page, 'board, auto-assign proposal', 3);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // The demo operation: twenty teams' tallies, its members and teams.
  await page.goto(`/operations/${demoId}/board`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/demo/i);
  await open('Tallies');
  await expect(page.getByRole('table', { name: 'All figures by team' })).toBeVisible();
  await expectTablesFit(page, 'tallies', 3);
  await page.getByRole('table', { name: 'All figures by team' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('tallies-1280.png') });

  await open('Team & members');
  await expect(page.getByRole('table', { name: 'Members' })).toBeVisible();
  await expectTablesFit(page, 'team & members', 3);

  await open('Publish');
  await expectTablesFit(page, 'publish', 0);
});
