import type { ServerResponse } from 'node:http';

/** Whether the client's connection is gone already: nothing written now would reach it. */
export function connectionGone(res: ServerResponse): boolean {
  return !res.socket || res.socket.destroyed || res.destroyed;
}

/**
 * Resolves once the response is over: true when it finished (all of it handed to the operating
 * system), false when its connection closed or failed first. Ask before writing: a connection
 * already gone is false at once.
 *
 * Neither `res.writableEnded` (true as soon as `end()` was called) nor `finished(res)` from
 * node:stream/promises is enough: when the client resets the connection while the body is still
 * queued, Node emits the socket's error and then still 'finish' on the response (its socket is
 * detached by then), and `finished()` resolves. A socket error before 'finish' is a failure here.
 */
export function delivered(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = res.socket;
    if (!socket || connectionGone(res)) return resolve(false);
    let failed = false;
    const onError = () => {
      failed = true;
    };
    const settle = (ok: boolean) => {
      // The socket outlives the response (keep-alive): leave nothing on it.
      socket.off('error', onError);
      res.off('finish', onFinish);
      res.off('close', onClose);
      resolve(ok);
    };
    const onFinish = () => settle(!failed);
    const onClose = () => settle(false);
    socket.on('error', onError);
    res.once('finish', onFinish);
    res.once('close', onClose);
  });
}
