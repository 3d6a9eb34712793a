import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.PORT ?? 3100);
const root = join(__dirname, '../..');

export default defineConfig({
  testDir: join(__dirname, 'src'),
  outputDir: join(__dirname, 'artifacts/results'),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], [join(__dirname, 'summary-reporter.cjs')]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: `node --enable-source-maps ${join(root, 'dist/apps/api/main.js')}`,
    cwd: root,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
