// Lint rules, including the import direction of the layers (docs/ARCHITECTURE.md):
// renderer -> core; preload -> core; main -> core, db; db -> core; core imports nothing of ours
// and nothing of Node, Electron, SQLite or React. Each layer is reached by its alias (@core/..., @db/...,
// @main/..., @renderer/...); a relative import stays inside its own layer folder.
// Type-aware rules read the tsconfig.json nearest to each file: core/tsconfig.json for core/, the root one elsewhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layers from './tooling/eslint-layer-imports.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'stream', 'events', 'worker_threads'];

/** A layer, by relative path and by alias. */
const layer = (name, alias = `@${name}`) => [`**/${name}/**`, alias, `${alias}/**`];
const mainLayer = layer('main');
const dbLayer = layer('db');
const rendererLayer = layer('renderer');
const preloadLayer = ['**/preload/**'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'native/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { layers },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // React accepts a promise-returning onClick/onSubmit and ignores the promise: allowed in JSX attributes only.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // Imports that leave their layer use the aliases (@core, @db, @main, @renderer): docs/ARCHITECTURE.md, "Imports".
      'layers/no-relative-escape': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The raw better-sqlite3 connection bypasses the write path: only the RPC layer, db/ and the change log hold it.
    files: ['core/**/*.ts', 'main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    ignores: ['main/rpc/**', 'main/services/change-log.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='$client']",
          message: 'Only main/rpc/, db/ and main/services/change-log.ts touch the raw connection ($client); go through a service or a db/ query module.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...mainLayer, ...dbLayer, ...preloadLayer, 'electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', ...nodeBuiltins],
        'The renderer talks to main only through the RPC contract: import from @core/ and @renderer/lib/rpc.',
      ),
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: restrict(
      [
        ...mainLayer,
        ...dbLayer,
        ...rendererLayer,
        ...preloadLayer,
        'electron',
        'better-sqlite3',
        'drizzle-orm',
        'drizzle-orm/*',
        'react',
        'react-dom',
        ...nodeBuiltins,
      ],
      'core/ is pure: zod and small pure libraries only (no Node, Electron, SQLite, React or other layers).',
    ),
  },
  {
    files: ['db/**/*.ts'],
    rules: restrict([...mainLayer, ...rendererLayer, ...preloadLayer, 'electron'], 'db/ may import @core/ only.'),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([...mainLayer, ...dbLayer, ...rendererLayer, 'better-sqlite3'], 'preload/ may import @core/ and electron only.'),
  },
  {
    // Queries live in main/services/ and db/queries/: the CLI, document jobs, the RPC layer and the
    // Electron shell call services (docs/ARCHITECTURE.md, "Reading data"). Types may still be imported.
    files: ['main/**/*.ts'],
    ignores: ['main/services/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*'],
              allowTypeImports: true,
              message: 'No SQL outside main/services/ and db/queries/: move the query into a service (or a db/queries module) and call it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/electron/**'],
    rules: restrict(
      ['electron', ...rendererLayer, ...preloadLayer],
      "Only main/index.ts and main/electron/ may import 'electron'; main never imports the renderer.",
    ),
  },
);
