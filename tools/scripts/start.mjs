// `npm start`: builds the API and the web app when their sources changed (Nx cache), then runs
// the API, which serves the built web app on the same port.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const started = Date.now();
console.log('building the API and the web app ...');
const build = spawnSync(join(root, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
});
if (build.status !== 0) {
  process.stdout.write(build.stdout);
  console.error('actionday: the build failed (output above)');
  process.exit(1);
}
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const api = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/apps/api/main.js')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
