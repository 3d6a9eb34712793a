import type { ConnectionState } from '../live-store';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  live: '● live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

/** The small pill in the operation header. */
export function LiveStatus({ connection, error }: { connection: ConnectionState; error?: string | null }) {
  return (
    <span className={`live-pill live-pill-${connection}`} data-testid="live-status" data-state={connection} title={error ?? undefined}>
      {TEXT[connection]}
    </span>
  );
}
