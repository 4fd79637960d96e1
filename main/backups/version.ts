/**
 * The app's version, from its package.json: found by walking up from this code, which sits two or
 * three folders below it from the sources (main/backups/), the compiled CLI (out/cli/) and Electron's
 * bundle (out/main/, app.asar), so every program reports the same version Electron's app.getVersion() does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'rollout-workbench';
let cached: string | null = null;

export function appVersion(): string {
  if (cached !== null) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up += 1) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // No package.json here (or not ours): look one folder up.
    }
    dir = path.dirname(dir);
  }
  return (cached = 'unknown');
}
