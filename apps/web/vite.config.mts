import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressPlugin } from '../../tools/build/precompress.mjs';

const appRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root: appRoot,
  // .br and .gz next to each JS/CSS/HTML file, served by the API by Accept-Encoding.
  plugins: [react(), precompressPlugin()],
  resolve: {
    alias: {
      '@actionday/contracts': `${repoRoot}libs/contracts/src/index.ts`,
      '@actionday/tallies': `${repoRoot}libs/tallies/src/index.ts`,
      '@actionday/identifiers': `${repoRoot}libs/identifiers/src/index.ts`,
    },
  },
  build: {
    outDir: `${repoRoot}dist/apps/web`,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks cache better.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            // recharts and what it brings: loaded with the tallies page only (see tallies-page.tsx).
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|react-redux|redux|redux-thunk|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)[\\/]/,
            },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 4200,
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true },
    },
  },
  preview: { port: 4200 },
});
