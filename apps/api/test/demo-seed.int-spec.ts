import { DataSource } from 'typeorm';
import type { AppConfig } from '../src/config/config';
import { DemoService } from '../src/demo/demo.service';
import { TestApp } from './support/test-app';

/**
 * The demo's accounts and passwords are well known: they are seeded on the throwaway embedded
 * database only, or wherever DEMO=on says so, never on a real database given by DATABASE_URL.
 */
describe('the demo seed at start-up', () => {
  const counts = async (t: TestApp) => {
    const [row]: { operations: number; demo_accounts: number }[] = await t.app
      .get(DataSource)
      .query(`SELECT (SELECT count(*)::int FROM operations) AS operations, (SELECT count(*)::int FROM users WHERE email LIKE '%@demo.example') AS demo_accounts`);
    return row;
  };
  const startWith = async (overrides: Partial<AppConfig>, work: (t: TestApp) => Promise<void>) => {
    const t = await TestApp.start(overrides);
    try {
      await work(t);
    } finally {
      await t.close();
    }
  };

  it('seeds nothing on a database given by DATABASE_URL when DEMO is auto (the default)', () =>
    startWith({ demo: 'auto', databaseUrl: 'postgres://actionday@db.example/actionday' }, async (t) => {
      expect(await t.app.get(DemoService).seedIfEmpty()).toBeNull();
      expect(await counts(t)).toEqual({ operations: 0, demo_accounts: 0 });
    }));

  it('seeds the demo day on the embedded database when DEMO is auto, and on any database when DEMO=on, once', async () => {
    for (const overrides of [{ demo: 'auto' as const, databaseUrl: null }, { demo: 'on' as const, databaseUrl: 'postgres://actionday@db.example/actionday' }]) {
      await startWith({ ...overrides, demoPassword: 'demo-seed-test-password' }, async (t) => {
        const demo = t.app.get(DemoService);
        expect(await demo.seedIfEmpty()).not.toBeNull();
        const seeded = await counts(t);
        expect(seeded.operations).toBe(1);
        expect(seeded.demo_accounts).toBeGreaterThan(1);
        // A database that already has a day is never seeded again.
        expect(await demo.seedIfEmpty()).toBeNull();
        expect(await counts(t)).toEqual(seeded);
      });
    }
  }, 60_000);

  it('seeds nothing when DEMO=off, even on the embedded database', () =>
    startWith({ demo: 'off', databaseUrl: null }, async (t) => {
      expect(await t.app.get(DemoService).seedIfEmpty()).toBeNull();
      expect(await counts(t)).toEqual({ operations: 0, demo_accounts: 0 });
    }));
});
