import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface ChaosReport {
  scenario: string;
  ok: boolean;
  error?: string;
  checks: { name: string; ok: boolean; detail: string }[];
  figures?: Record<string, unknown>;
}

/**
 * Runs a fault script of tools/chaos with --json and resolves to its report: the same scenario a
 * person runs by hand, at the size given. The script cleans up after itself and stops by itself.
 */
export function runChaos(script: string, args: string[]): Promise<ChaosReport> {
  return new Promise((resolve) => {
    // The scripts make their databases on the server the tests use (an embedded one when there is no local server).
    const env = { ...process.env, BENCH_DATABASE_URL: process.env.ACTIONDAY_TEST_SERVER_URL };
    execFile(process.execPath, [join(process.cwd(), 'tools/chaos', script), ...args, '--json'], { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ChaosReport);
      } catch {
        resolve({ scenario: script, ok: false, error: `no report (${error?.message ?? 'no output'}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`, checks: [] });
      }
    });
  });
}

/** The checks that failed, named, so that a red test says which invariant broke and how. */
export const failed = (report: ChaosReport) => [...(report.error ? [{ name: 'the run', ok: false, detail: report.error }] : []), ...report.checks.filter((c) => !c.ok)];
