import type { DemoResult } from '../demo/demo.service';
import { isToWorker, sendToPrimary } from './messages';

/** How long a worker waits for the primary to answer before it gives up starting. */
const ANSWER_MS = 15_000;

/** A worker's side of its talk with the primary (cluster/primary.ts). */
export interface WorkerChannel {
  /** Where the embedded PostgreSQL the primary started listens (no DATABASE_URL). */
  embeddedPort(): Promise<number>;
  /** Start-up done and listening. */
  ready(demo: DemoResult | null): Promise<void>;
  /** A line every worker would print alike: the primary prints it once. */
  notice(line: string): Promise<void>;
  /** Start-up failed: the primary prints `line`; resolves once it is sent. */
  failed(line: string): Promise<void>;
  /** `fn` runs once if the primary goes away (killed): a worker does not outlive it. */
  onPrimaryGone(fn: () => void): void;
}

export function workerChannel(): WorkerChannel {
  return {
    embeddedPort: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          process.off('message', listener);
          reject(new Error(`the primary did not say where the embedded PostgreSQL is within ${ANSWER_MS / 1000} s`));
        }, ANSWER_MS);
        const listener = (m: unknown) => {
          if (!isToWorker(m) || m.type !== 'actionday:database') return;
          clearTimeout(timer);
          process.off('message', listener);
          const port = m.embeddedPort;
          if (port === null) reject(new Error('the primary runs no embedded PostgreSQL'));
          else resolve(port);
        };
        process.on('message', listener);
        void sendToPrimary({ type: 'actionday:database?' });
      }),
    ready: (demo) => sendToPrimary({ type: 'actionday:ready', demo }),
    notice: (line) => sendToPrimary({ type: 'actionday:notice', line }),
    failed: (line) => sendToPrimary({ type: 'actionday:failed', line }),
    onPrimaryGone: (fn) => process.once('disconnect', fn),
  };
}
