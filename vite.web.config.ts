// Builds the renderer for the browser harness (`npm run web`, E2E tests): same code as in Electron.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { aliases } from './aliases.config';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  resolve: { alias: aliases },
  build: { outDir: '../out/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
