import { useEffect, useState } from 'react';
import type { ImportProgress } from '@actionday/contracts';
import { getLiveSocket } from '../../shared/socket';
import { nextImportProgress } from './import-progress';

/**
 * The `progress` messages of one import (by its client-chosen importId), from the app's one
 * socket. The operation is already subscribed by useOperationLive on the same page; null until
 * the first message, and while no import is watched.
 */
export function useImportProgress(operationId: string, importId: string | null): ImportProgress | null {
  const [state, setState] = useState<{ importId: string | null; progress: ImportProgress | null }>({ importId: null, progress: null });
  useEffect(() => {
    if (!importId) return;
    const socket = getLiveSocket();
    const onProgress = (message: ImportProgress) =>
      setState((prev) => {
        const current = prev.importId === importId ? prev.progress : null;
        const next = nextImportProgress(current, message, operationId, importId);
        return next === current && prev.importId === importId ? prev : { importId, progress: next };
      });
    socket.on('progress', onProgress);
    return () => {
      socket.off('progress', onProgress);
    };
  }, [operationId, importId]);
  // A state left over from an earlier import is not this import's progress.
  return state.importId === importId ? state.progress : null;
}
