import type { AccessNotice, LiveFrame, LogHead, Presence } from '@actionday/contracts';
import type { LiveSocket } from '../../shared/socket';

/** What the live session hears from the app's one socket. */
export interface SessionSocketListeners {
  onConnect: () => void;
  onDisconnect: () => void;
  onConnectError: () => void;
  onFrame: (frame: LiveFrame) => void;
  onPresence: (p: Presence) => void;
  onAccess: (notice: AccessNotice) => void;
  onHead: (h: LogHead) => void;
}

/** Attaches the session's listeners to the socket; the returned function detaches them. */
export function listenToSocket(socket: LiveSocket, l: SessionSocketListeners): () => void {
  socket.on('connect', l.onConnect);
  socket.on('disconnect', l.onDisconnect);
  socket.on('connect_error', l.onConnectError);
  socket.on('events', l.onFrame);
  socket.on('presence', l.onPresence);
  socket.on('access', l.onAccess);
  socket.on('head', l.onHead);
  return () => {
    socket.off('connect', l.onConnect);
    socket.off('disconnect', l.onDisconnect);
    socket.off('connect_error', l.onConnectError);
    socket.off('events', l.onFrame);
    socket.off('presence', l.onPresence);
    socket.off('access', l.onAccess);
    socket.off('head', l.onHead);
  };
}
