// @ts-check
// A workspace lib (TypeScript, e.g. libs/tallies) loaded into a benchmark, so that it runs the very
// code the API runs rather than a copy. esbuild (the API's own bundler, tools/build/build-api.mjs)
// bundles it with its dependencies into one temporary ES module.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { root } from './api-server.mjs';

/**
 * The module at `entry` (relative to the repository root), e.g. 'libs/tallies/src/index.ts'.
 * @param {string} entry
 * @returns {Promise<any>} its exports, unchecked (the caller knows what it loads)
 */
export async function importWorkspaceLib(entry) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  const file = join(tmpdir(), `actionday-bench-${randomUUID()}.mjs`);
  writeFileSync(file, result.outputFiles[0].contents);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}
