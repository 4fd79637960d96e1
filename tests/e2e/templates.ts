/**
 * Template workspaces for the E2E tests: seeded once by global-setup.ts, copied per test.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tsx = path.join(root, 'node_modules/.bin/tsx');

/** The portfolio sizes tests may ask for with `test.use({ seedSites: N })`. */
export const TEMPLATE_SIZES = [2000] as const;

function templateFile(dir: string, sites: number) {
  return path.join(dir, `seed-${sites}.sqlite`);
}

export function seedTemplate(dir: string, sites: number): void {
  const file = templateFile(dir, sites);
  const r = spawnSync(tsx, [path.join(root, 'scripts/seed.ts'), '--sites', String(sites), '--workspace', file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seeding the ${sites}-site template failed: ${r.stdout}\n${r.stderr}`);
  // The seed closes its connection, which checkpoints the WAL into the file: one file is the whole workspace.
  if (fs.existsSync(`${file}-wal`)) throw new Error(`${file}-wal was left behind: the template would be copied incomplete.`);
  // A large portfolio's copy would otherwise take its automatic daily backup as each test opens it,
  // competing with the test for the machine; tests/e2e/backups.spec.ts covers that backup on its own workspace.
  const db = new Database(file);
  try {
    db.prepare(`INSERT OR REPLACE INTO workspace_meta (key, value, updated_at) VALUES ('setting.backupAutomatic', 'false', ?)`).run(new Date().toISOString());
  } finally {
    db.close();
  }
}

/** Copies the seeded template of `sites` sites to `workspace`. */
export function copyTemplate(workspace: string, sites: number): void {
  const dir = process.env.RW_E2E_TEMPLATES;
  if (!dir) throw new Error('RW_E2E_TEMPLATES is not set: run the E2E tests through playwright.config.ts, whose global setup seeds the templates.');
  const file = templateFile(dir, sites);
  if (!fs.existsSync(file)) throw new Error(`No ${sites}-site template: add ${sites} to TEMPLATE_SIZES in tests/e2e/templates.ts.`);
  fs.copyFileSync(file, workspace);
}
