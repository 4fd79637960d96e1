/**
 * Seeded template workspaces for the db and rpc tests, as tests/e2e/templates.ts gives the E2E tests:
 * a portfolio is seeded once into a cached file and each test gets a copy, so a test that needs 60
 * sites does not spend a minute seeding them, however busy the machine.
 *
 * The cache is a folder shared by the workers and kept between runs (RW_TEST_TEMPLATE_CACHE, or
 * rw-test-templates in the system's temp folder). A template's name holds its options and a hash of
 * the code that writes it (the seed, the services, the domain rules, the schema), so editing any of
 * them seeds a fresh one. It is written under a temporary name and renamed when complete, so a
 * worker never copies half a template.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedWorkspace } from '../../scripts/seed';
import { seedScale } from '../../scripts/seed/scale';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What a template's data depends on: the seed itself, and the services, rules and schema it writes through. */
const SEED_CODE = ['scripts/seed.ts', 'scripts/seed', 'main/services', 'main/session.ts', 'core/domain', 'core/playbook', 'core/contract', 'db'];

export interface TemplateOptions {
  sites: number;
  seed?: number;
  /** The seed's present (pass the tests' fixed clock, so due dates and verification ages line up). */
  now?: Date;
  /** `demo` (default): the services one record at a time; `scale`: the scale profile. */
  profile?: 'demo' | 'scale';
}

function filesUnder(rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs
    .readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|sql|json)$/.test(f))
    .sort()
    .map((f) => path.join(rel, f));
}

let codeVersion: string | null = null;
/** A short hash of every file the seeded data depends on, worked out once per worker. */
export function seedCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = crypto.createHash('sha256');
  for (const rel of SEED_CODE.flatMap(filesUnder))
    hash
      .update(rel)
      .update('\0')
      .update(fs.readFileSync(path.join(root, rel)))
      .update('\0');
  codeVersion = hash.digest('hex').slice(0, 12);
  return codeVersion;
}

export function templateCacheDir(): string {
  return process.env.RW_TEST_TEMPLATE_CACHE ?? path.join(os.tmpdir(), 'rw-test-templates');
}

/** The cached template for these options, seeded first when there is none. */
export function templateFile(opts: TemplateOptions): string {
  const profile = opts.profile ?? 'demo';
  const when = opts.now ? opts.now.toISOString().replace(/[:.]/g, '') : 'now';
  const dir = templateCacheDir();
  const file = path.join(dir, `${profile}-${opts.sites}-seed${opts.seed ?? 1}-${when}-${seedCodeVersion()}.sqlite`);
  if (fs.existsSync(file)) return file;
  if (!opts.now) throw new Error('A template workspace needs a fixed `now`: the same options must always give the same data.');
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.partial`;
  try {
    if (profile === 'scale') seedScale(partial, { sites: opts.sites, seed: opts.seed, now: opts.now });
    else seedWorkspace(partial, { sites: opts.sites, seed: opts.seed, now: opts.now });
    // Closing checkpointed the write-ahead log into the file: the file alone is the whole workspace.
    if (fs.existsSync(`${partial}-wal`)) throw new Error(`${partial}-wal was left behind: the template would be copied incomplete.`);
    fs.renameSync(partial, file);
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}.activity.jsonl`]) fs.rmSync(leftover, { force: true });
  }
  return file;
}

/** A fresh copy of the seeded template in `dir`: the test's own workspace file. */
export function templateWorkspace(dir: string, opts: TemplateOptions): string {
  const copy = path.join(dir, 'ws.sqlite');
  fs.copyFileSync(templateFile(opts), copy);
  return copy;
}
