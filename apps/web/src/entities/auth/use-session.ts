import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession, type SessionState } from '../../shared/session';

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}
