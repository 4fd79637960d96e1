import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { aliases } from './aliases.config';

/** electron-builder's real packaging of the app (tests/packaging/asar.test.ts). */
const PACKAGE_RUN = 'tests/packaging/asar.test.ts';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: aliases },
  test: {
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    // One report per run: `test:package` names its own (--outputFile.json); scripts/test-totals.mjs totals them.
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/rpc/**/*.test.ts', 'tests/packaging/**/*.test.ts'],
          // The real packaging run has a project of its own (below): it builds and packs for minutes.
          exclude: [...configDefaults.exclude, PACKAGE_RUN],
          pool: 'forks',
          // Each db test opens and migrates real SQLite files; generous on a shared machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // `npm run test:package`, after the other suites: alone on the machine, it cannot slow their tests into timeouts.
          name: 'package',
          environment: 'node',
          include: [PACKAGE_RUN],
          pool: 'forks',
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['tests/ui/**/*.test.tsx'],
          setupFiles: ['tests/ui/setup.ts'],
          // Typing into jsdom forms takes seconds on a busy 2-core machine; the default 5 s timed out there.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
