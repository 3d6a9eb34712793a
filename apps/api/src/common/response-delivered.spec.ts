import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { finished } from 'node:stream/promises';
import { delivered } from './response-delivered';

/** A server whose one response is `respond`; resolves with what delivered() and finished() said. */
async function serve(respond: (req: IncomingMessage, res: ServerResponse) => Promise<void>, client: (port: number) => void) {
  const results: { delivered: boolean; finished: boolean }[] = [];
  const server = createServer((req, res) => {
    const a = delivered(res);
    const b = finished(res).then(
      () => true,
      () => false,
    );
    void respond(req, res).then(async () => results.push({ delivered: await a, finished: await b }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  client((server.address() as AddressInfo).port);
  for (let i = 0; i < 500 && !results.length; i++) await new Promise((r) => setTimeout(r, 10));
  server.closeAllConnections();
  server.close();
  return results[0];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('delivered: whether a response really went out', () => {
  it('is true for a response the client read to the end, and leaves no listener on the kept-alive socket', async () => {
    let sockets: ServerResponse['socket'][] = [];
    const result = await serve(
      async (_req, res) => {
        sockets = [res.socket];
        res.end(Buffer.alloc(1_000_000));
        await once(res, 'finish');
      },
      (port) => request({ port, host: '127.0.0.1' }, (res) => res.resume()).end(),
    );
    expect(result).toEqual({ delivered: true, finished: true });
    expect(sockets[0]?.listenerCount('error')).toBe(1);
  });

  it('is false for a client that went away before the response was written', async () => {
    const result = await serve(
      async (_req, res) => {
        await sleep(200);
        res.end('too late');
      },
      (port) => {
        const req = request({ port, host: '127.0.0.1' });
        req.on('error', () => undefined);
        req.end();
        setTimeout(() => req.destroy(), 50);
      },
    );
    expect(result.delivered).toBe(false);
  });

  it('is false for a client that reset the connection while the body was still queued, where finished() says true', async () => {
    const result = await serve(
      async (_req, res) => {
        // Far more than the socket buffers of both ends hold.
        res.end(Buffer.alloc(64 * 1024 * 1024));
        await once(res, 'close');
      },
      (port) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
          socket.pause();
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on('error', () => undefined);
      },
    );
    expect(result).toEqual({ delivered: false, finished: true });
  });
});
