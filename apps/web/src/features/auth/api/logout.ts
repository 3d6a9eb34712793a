import { useMutation } from '@tanstack/react-query';
import { apiPaths } from '@actionday/contracts';
import { authRequest } from '../../../shared/api-client';
import { endSession } from '../../../shared/session';

function clearAppStorage(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('actionday:')) sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing to clear.
  }
}

export async function logout(): Promise<void> {
  try {
    await authRequest<void>(apiPaths.logout);
  } finally {
    // Signed out locally whatever the server said: the token only lives in memory. Drafts of
    // findings may hold personal data: they go too (an expired session keeps them).
    clearAppStorage();
    endSession('logout');
  }
}

export function useLogout() {
  return useMutation({ mutationFn: logout });
}
