import { defineConfig } from '@playwright/test';

// Electron smoke tests; run by tests/electron/run-if-available.mjs only where an Electron binary exists.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
});
