// Lint rules, including the import direction of DESIGN.md:
// renderer -> core; preload -> core; main -> core, db; db -> core; core imports nothing of ours
// and nothing of Node, Electron, SQLite or React.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'stream', 'events', 'worker_threads'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'native/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['**/main/**', '**/db/**', '**/preload/**', 'electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', ...nodeBuiltins],
        'The renderer talks to main only through the RPC contract: import from core/ and src/lib/rpc.',
      ),
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: restrict(
      ['**/main/**', '**/db/**', '**/renderer/**', '**/preload/**', 'electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'react', 'react-dom', ...nodeBuiltins],
      'core/ is pure: zod and small pure libraries only (no Node, Electron, SQLite, React or other layers).',
    ),
  },
  {
    files: ['db/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**', '**/preload/**', 'electron'], 'db/ may import core/ only.'),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict(['**/main/**', '**/db/**', '**/renderer/**', 'better-sqlite3'], 'preload/ may import core/ and electron only.'),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/electron/**'],
    rules: restrict(['electron', '**/renderer/**', '**/preload/**'], "Only main/index.ts and main/electron/ may import 'electron'; main never imports the renderer."),
  },
);
