// Builds the renderer for the browser harness (`npm run web`, E2E tests): same code as in Electron.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../out/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
