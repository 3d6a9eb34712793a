/**
 * `npm run openapi [-- --out <file>]`: writes the OpenAPI document of API v1 (the one served at
 * /api/docs/openapi.json) to a file, default `openapi.json`, without a database or a server:
 * the application is built in preview mode, its routes and contracts without their providers.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { createApp } from '../create-app';
import { buildOpenApiDocument } from './openapi-document';

const USAGE = 'usage: npm run openapi [-- --out <file>]';

async function main(): Promise<void> {
  let out: string;
  try {
    const { values } = parseArgs({ options: { out: { type: 'string', default: 'openapi.json' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    out = resolve(values.out);
  } catch (e) {
    process.stderr.write(`openapi: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // Only the route table matters: no database, Redis or web build is touched in preview mode.
  const config = loadConfig({ ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined });
  const app = await createApp({ ...config, redisUrl: null, webDist: '/nonexistent' }, 'postgres://preview.invalid/none', false, { preview: true });
  const document = buildOpenApiDocument(app);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length, 0);
  process.stdout.write(`openapi: ${operations} operations on ${Object.keys(document.paths).length} paths written to ${out}\n`);
  await app.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`openapi: ${e instanceof ConfigError ? `configuration error: ${e.message}` : e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
