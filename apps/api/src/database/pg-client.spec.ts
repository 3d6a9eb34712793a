import { createServer, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { databaseTrouble } from '../common/database-errors';
import { dataSourceOptions } from './data-source';

/** One message of the PostgreSQL wire protocol: its type byte, its length, its body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const AUTHENTICATION_OK = message('R', Buffer.from([0, 0, 0, 0]));
const READY_FOR_QUERY = message('Z', Buffer.from('I'));
const ADMIN_SHUTDOWN = message(
  'E',
  Buffer.from('SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0', 'latin1'),
);

/**
 * What a client of a server that begins its shutdown as the connection opens can read in one
 * chunk: "ready", then the FATAL. No real server produces it on demand; this one always does.
 */
function shuttingDownServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(Buffer.concat([AUTHENTICATION_OK, READY_FOR_QUERY, ADMIN_SHUTDOWN])));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `postgres://api@127.0.0.1:${port}/actionday` });
    }),
  );
}

describe('connections the server ends as they open', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => ({ server, url } = await shuttingDownServer()));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fail the statement that uses them, as a database that is unavailable, instead of ending the process', async () => {
    const ds = new DataSource(dataSourceOptions(url, { poolSize: 2, statementTimeoutMs: 1000, idleInTransactionTimeoutMs: 1000 }));
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', record);
    try {
      // TypeORM asks the server its version on the first connection: that statement fails, and a
      // request that met it would be answered 503 with Retry-After.
      const failure = await ds.initialize().then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(databaseTrouble(failure)).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 5 });
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
      if (ds.isInitialized) await ds.destroy();
    }
  });
});
