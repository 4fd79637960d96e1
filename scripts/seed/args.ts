/**
 * The command line of `npm run seed`: reads `--sites N --workspace FILE [--seed S] [--append]
 * [--batch N]`, and on bad input prints what is wrong and how to write it, then exits with code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SEED_BATCH_SITES } from './batches';

/** The workspace file (its folder created) and the seed's options, or the process ends with code 2. */
export function seedArgs(): { file: string; sites: number; seed: number; append: boolean; batchSites: number } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        sites: { type: 'string', default: '200' },
        workspace: { type: 'string', short: 'w' },
        seed: { type: 'string', default: '1' },
        append: { type: 'boolean', default: false },
        batch: { type: 'string', default: String(SEED_BATCH_SITES) },
      },
    }));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const sites = Number(values.sites);
  if (!Number.isInteger(sites) || sites < 1 || sites > 200_000) {
    console.error('--sites must be a whole number from 1 to 200000.');
    process.exit(2);
  }
  const batchSites = Number(values.batch);
  if (!Number.isInteger(batchSites) || batchSites < 1) {
    console.error('--batch must be a whole number of sites per transaction, 1 or more.');
    process.exit(2);
  }
  if (!values.workspace) {
    console.error('--workspace FILE is required.');
    process.exit(2);
  }
  const file = path.resolve(values.workspace);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { file, sites, seed: Number(values.seed) || 1, append: values.append, batchSites };
}
