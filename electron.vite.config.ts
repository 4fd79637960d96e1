// Electron build: main (Node side, ESM), preload (CommonJS: sandboxed preloads cannot be ESM), renderer.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devContentSecurityPolicy } from './main/content-security-policy';
import { aliases } from './aliases.config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The dev server (npm run dev) injects an inline React Refresh preamble and talks over a websocket;
 * relax the page's CSP meta tag for that server only, exactly as main relaxes the header in dev.
 * Builds keep the strict policy from index.html.
 */
const devCsp: Plugin = {
  name: 'rollout-workbench-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(
      /(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/,
      (_m, head: string, policy: string) => `${head}${devContentSecurityPolicy(policy)}"`,
    ),
};

export default defineConfig({
  main: {
    resolve: { alias: aliases },
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // The worker thread's entry (main/workers/pool.ts starts out/main/worker.js beside the main bundle).
      rollupOptions: { input: { index: resolve(root, 'main/index.ts'), worker: resolve(root, 'main/workers/worker.ts') } },
    },
  },
  preload: {
    resolve: { alias: aliases },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), devCsp],
    resolve: { alias: aliases },
    build: {
      outDir: 'out/renderer',
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
