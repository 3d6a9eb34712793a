import type { DemoResult } from '../demo/demo.service';

/**
 * What the primary of WORKERS > 1 and its workers tell each other over node:cluster's IPC
 * channel. The socket.io adapter's own messages travel on the same channel (workers-adapter.ts).
 */
export type ToWorker =
  /** The answer to `database?`: where the embedded PostgreSQL the primary started listens (null: DATABASE_URL). */
  | { type: 'actionday:database'; embeddedPort: number | null }
  /** Every live worker's private entry for engine.io requests of its sessions (session-affinity.ts). */
  | { type: 'actionday:session-ports'; ports: Record<string, number> };

export type ToPrimary =
  | { type: 'actionday:database?' }
  /** Start-up done and listening; `demo` when this worker seeded the demo (its logins are printed once). */
  | { type: 'actionday:ready'; demo: DemoResult | null }
  /** Start-up failed: the one line to print; the worker exits 1 next. */
  | { type: 'actionday:failed'; line: string }
  /** A line every worker would print alike (a warning about the database role): printed once. */
  | { type: 'actionday:notice'; line: string }
  | { type: 'actionday:session-port'; port: number };

function isMessage(m: unknown): m is { type: string } {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('actionday:');
}

export const isToWorker = (m: unknown): m is ToWorker => isMessage(m);
export const isToPrimary = (m: unknown): m is ToPrimary => isMessage(m);

/** To the primary; resolves once the message is handed to the channel (or the channel is gone). */
export function sendToPrimary(message: ToPrimary): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}
