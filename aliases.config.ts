// The path aliases (@core/*, @db/*, @main/*, @renderer/*) for the Vite-based tools (vite.web.config.ts,
// electron.vite.config.ts, vitest.config.ts). They are declared once, in tsconfig.base.json, which
// TypeScript, tsx and Playwright read directly; this turns them into Vite's resolve.alias.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

type Base = { compilerOptions: { paths: Record<string, string[]> } };

function readAliases(): { find: RegExp; replacement: string }[] {
  const base = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')) as Base;
  return Object.entries(base.compilerOptions.paths).map(([key, targets]) => {
    const target = targets[0];
    if (!key.endsWith('/*') || target === undefined || !target.endsWith('/*')) {
      throw new Error(`tsconfig.base.json: the path alias "${key}" must have the form "@name/*": ["./folder/*"].`);
    }
    return { find: new RegExp(`^${key.slice(0, -2)}/`), replacement: `${resolve(root, target.slice(0, -2))}/` };
  });
}

export const aliases = readAliases();
