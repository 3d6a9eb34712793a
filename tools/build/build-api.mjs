// Bundles the API into dist/apps/api/main.js. esbuild resolves the workspace libs from their
// TypeScript sources (tsconfig paths) and leaves npm packages external; swc compiles the API's own
// files because NestJS and TypeORM need decorator metadata, which esbuild does not emit.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { transform } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const swcDecorators = {
  name: 'swc-decorators',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('@')) return { contents: source, loader: 'ts' };
      const out = await transform(source, {
        ...swcrc,
        swcrc: false,
        filename: args.path,
        sourceMaps: 'inline',
        module: { type: 'es6' },
        jsc: { ...swcrc.jsc, target: 'es2022' },
      });
      return { contents: out.code, loader: 'js' };
    });
  },
};

const started = Date.now();
await build({
  // The server, and the audit chain check run by `npm run audit:verify`.
  entryPoints: {
    main: join(root, 'apps/api/src/main.ts'),
    'audit-verify': join(root, 'apps/api/src/audit/verify-cli.ts'),
    // A closed operation to one file and back (`npm run archive`, `npm run archive:import`).
    archive: join(root, 'apps/api/src/archive/archive-cli.ts'),
    // The embedded database alone, for the fault scripts in tools/chaos.
    'embedded-db': join(root, 'apps/api/src/database/embedded-cli.ts'),
    // The OpenAPI document to a file (`npm run openapi`).
    openapi: join(root, 'apps/api/src/openapi/openapi-cli.ts'),
  },
  outdir: join(root, 'dist/apps/api'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  tsconfig: join(root, 'tsconfig.base.json'),
  plugins: [swcDecorators],
  logLevel: 'warning',
});
console.log(`api bundled in ${Date.now() - started} ms`);
