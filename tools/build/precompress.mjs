// Brotli (.br) and gzip (.gz) copies of the web build's text files, made once at build time with
// the slowest, smallest settings: the API then serves them by Accept-Encoding
// (apps/api/src/web-app/precompressed.ts) instead of compressing the same bytes on every request.
// Used by the web build (apps/web/vite.config.mts); `node tools/build/precompress.mjs [dir]` runs
// it on a build by hand.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

// What a browser loads as text. Source maps are left out: only developer tools fetch them, and
// brotli at quality 11 on their megabytes would add seconds to every build.
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const codings = [
  {
    ext: 'br',
    compress: (bytes) =>
      brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
  },
  { ext: 'gz', compress: (bytes) => gz(bytes, { level: constants.Z_BEST_COMPRESSION }) },
];

/**
 * Writes `<file>.br` and `<file>.gz` next to every text file under `dir`. A variant that would not
 * be smaller is not kept (a stale one is removed), so the server sends such a file as it is.
 * Returns the bytes before and after, per coding.
 */
export async function precompress(dir) {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && TEXT.test(e.name));
  const totals = { files: names.length, identity: 0, br: 0, gz: 0 };
  await Promise.all(
    names.map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      const bytes = await readFile(path);
      totals.identity += bytes.length;
      for (const { ext, compress } of codings) {
        const packed = await compress(bytes);
        if (packed.length < bytes.length) {
          await writeFile(`${path}.${ext}`, packed);
          totals[ext] += packed.length;
        } else {
          await rm(`${path}.${ext}`, { force: true });
          totals[ext] += bytes.length;
        }
      }
    }),
  );
  return totals;
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
export const summary = (t) => `precompressed ${t.files} files: ${kb(t.identity)} -> brotli ${kb(t.br)}, gzip ${kb(t.gz)}`;

/** The Vite plugin: runs once the build has written its files (not after a failed build). */
export function precompressPlugin() {
  let outDir = '';
  let logger = null;
  return {
    name: 'actionday-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    async writeBundle(output) {
      logger?.info(summary(await precompress(output.dir ?? outDir)));
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/apps/web'));
  const started = Date.now();
  console.log(`${summary(await precompress(dir))} in ${Date.now() - started} ms`);
}
