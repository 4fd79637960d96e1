/**
 * The command line of `npm run seed`: reads `--workspace FILE [--sites N] [--seed S]` with either the
 * demo profile's `[--append] [--batch N]` or `--profile scale`, and on bad input (or `--help`) prints
 * what is wrong and how to write it, then exits (code 2 on bad input).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SEED_BATCH_SITES } from './batches';

export const SEED_PROFILES = ['demo', 'scale'] as const;
export type SeedProfile = (typeof SEED_PROFILES)[number];

export const SEED_HELP = `npm run seed -- --workspace FILE [--sites N] [--seed S] [--profile demo|scale] [--append] [--batch N]

Fills a workspace with a realistic, deterministic portfolio (the same --seed gives the same data).

  --workspace, -w FILE  the workspace file (created when missing)
  --sites N             how many sites (default 200, or 10000 with --profile scale)
  --seed S              the random seed (default 1)
  --profile demo        (default) through the app's services one record at a time, in short
                        transactions with pauses, so the app can keep saving while it runs;
                        --append adds to a workspace that already has sites; --batch N sets the
                        sites per transaction (default ${SEED_BATCH_SITES})
  --profile scale       an agency at full size in seconds, into an empty workspace only: per 10,000
                        sites 2,000 clients, 30,000 people, about 70,000 operators and their history,
                        plus FILE.activity.jsonl with 1,000,000 rows of first-week SophMate activity
                        (one JSON object per line, with a siteUrl field): import a site's rows on
                        its First week tab (the import skips rows of other sites)`;

export interface SeedArgs {
  file: string;
  profile: SeedProfile;
  sites: number;
  seed: number;
  append: boolean;
  batchSites: number;
}

function fail(message: string): never {
  console.error(`${message}\n\n${SEED_HELP}`);
  process.exit(2);
}

/** The workspace file (its folder created) and the seed's options, or the process ends (code 2 on bad input). */
export function seedArgs(argv: string[] = process.argv.slice(2)): SeedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sites: { type: 'string' },
        workspace: { type: 'string', short: 'w' },
        seed: { type: 'string', default: '1' },
        profile: { type: 'string', default: 'demo' },
        append: { type: 'boolean', default: false },
        batch: { type: 'string', default: String(SEED_BATCH_SITES) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(SEED_HELP);
    process.exit(0);
  }
  const profile = values.profile as SeedProfile;
  if (!SEED_PROFILES.includes(profile)) fail(`--profile must be ${SEED_PROFILES.join(' or ')} (got “${values.profile}”).`);
  const sites = Number(values.sites ?? (profile === 'scale' ? 10_000 : 200));
  if (!Number.isInteger(sites) || sites < 1 || sites > 200_000) fail('--sites must be a whole number from 1 to 200000.');
  const batchSites = Number(values.batch);
  if (!Number.isInteger(batchSites) || batchSites < 1) fail('--batch must be a whole number of sites per transaction, 1 or more.');
  if (profile === 'scale' && values.append) fail('--append adds to a workspace through the demo profile; the scale profile fills an empty workspace only.');
  if (!values.workspace) fail('--workspace FILE is required.');
  const file = path.resolve(values.workspace);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { file, profile, sites, seed: Number(values.seed) || 1, append: values.append, batchSites };
}
