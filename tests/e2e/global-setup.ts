/**
 * Seeds each template portfolio once per run, before any test starts, so no test pays for seeding
 * inside its own timeout: a test that wants N seeded sites gets a copy of `seed-N.sqlite`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedTemplate, TEMPLATE_SIZES } from './templates';

export default function globalSetup() {
  // RW_E2E_TEMPLATE_CACHE keeps the templates between local runs (seeded when missing, never in CI).
  const cache = process.env.RW_E2E_TEMPLATE_CACHE;
  if (cache) {
    fs.mkdirSync(cache, { recursive: true });
    process.env.RW_E2E_TEMPLATES = cache;
    for (const sites of TEMPLATE_SIZES) if (!fs.existsSync(path.join(cache, `seed-${sites}.sqlite`))) seedTemplate(cache, sites);
    return () => {};
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-templates-'));
  process.env.RW_E2E_TEMPLATES = dir;
  for (const sites of TEMPLATE_SIZES) seedTemplate(dir, sites);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
