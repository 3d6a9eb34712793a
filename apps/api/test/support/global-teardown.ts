import { adminQuery } from './database';

export default async function globalTeardown(): Promise<void> {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL;
  const template = process.env.ACTIONDAY_TEST_TEMPLATE_DB;
  if (server && template) await adminQuery(server, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
  await globalThis.__actionday_embedded_stop?.();
}
