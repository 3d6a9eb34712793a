import type { ClientToServerEvents, ServerToClientEvents } from '@actionday/contracts';
import type { Socket } from 'socket.io';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import type { InterServerEvents } from './live.publisher';

export interface SocketData {
  user: AuthUser;
  /**
   * Operation id -> the access the socket is subscribed with. A plain object, not a Map: with the
   * Redis adapter, presence reads the sockets of other instances, and their data arrives as JSON.
   */
  subscriptions: Record<string, OperationAccess>;
}

export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
