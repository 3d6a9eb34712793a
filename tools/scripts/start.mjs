// `npm start`: builds the API and the web app when their sources changed (Nx cache), then runs
// the API, which serves the built web app on the same port. Whatever fails ends with one line
// saying what and what to do, never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const fail = (line) => {
  console.error(`actionday: ${line}`);
  process.exit(1);
};
const started = Date.now();
const nx = join(root, 'node_modules/.bin/nx');
const bundle = join(root, 'dist/apps/api/main.js');

if (!existsSync(nx)) {
  // `npm ci` with NODE_ENV=production leaves out the build tools.
  if (!existsSync(bundle)) fail('cannot build: the build tools are not installed (node_modules/.bin/nx is missing); run `npm ci` without NODE_ENV=production');
  console.log('the build tools are not installed (was `npm ci` run with NODE_ENV=production?): starting the existing build in dist/');
} else {
  console.log('building the API and the web app ...');
  const build = spawnSync(nx, ['run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.error) fail(`cannot run the build (${build.error.message}); run \`npm ci\` again`);
  if (build.status !== 0) {
    if (build.stdout) process.stdout.write(build.stdout);
    if (build.stderr) process.stderr.write(build.stderr);
    fail(`the build failed (exit ${build.status ?? build.signal}; its output is above)`);
  }
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const api = spawn(process.execPath, ['--enable-source-maps', bundle], { cwd: root, stdio: 'inherit' });
api.on('error', (e) => fail(`cannot start the API: ${e.message}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
