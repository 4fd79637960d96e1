import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { aliases } from './aliases.config';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: aliases },
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/rpc/**/*.test.ts'],
          pool: 'forks',
          // Each db test opens and migrates real SQLite files; generous on a shared machine.
          testTimeout: 30_000,
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
