/**
 * Automatic update checks, per device, in the host's config folder: on by default, off is kept, a
 * damaged file means on and is written again whole, and fields a newer app wrote are kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '@main/rpc/context';
import { UPDATE_SETTINGS_FILE, UpdateSetting } from '@main/updates/setting';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function folder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-update-setting-'));
  dirs.push(dir);
  const warnings: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => warnings.push(m), error: () => {} };
  return { dir, file: path.join(dir, UPDATE_SETTINGS_FILE), log, warnings };
}

describe('the automatic-updates setting', () => {
  it('is on when nothing was chosen, and writes nothing until it is changed', () => {
    const { dir, file, log } = folder();
    expect(new UpdateSetting(dir, log).automatic()).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('off is kept for the next start, in the config folder, with no temporary file left', () => {
    const { dir, file, log } = folder();
    new UpdateSetting(dir, log).setAutomatic(false);
    expect(new UpdateSetting(dir, log).automatic()).toBe(false);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, automatic: false });
    expect(fs.readdirSync(dir)).toEqual([UPDATE_SETTINGS_FILE]);
    new UpdateSetting(dir, log).setAutomatic(true);
    expect(new UpdateSetting(dir, log).automatic()).toBe(true);
  });

  it('a damaged file means on, is said in the log, and is written again whole', () => {
    for (const damaged of ['{"automatic": fal', '[false]', 'null', '']) {
      const { dir, file, log, warnings } = folder();
      fs.writeFileSync(file, damaged);
      expect(new UpdateSetting(dir, log).automatic()).toBe(true);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, automatic: true });
      expect(warnings.join('\n')).toMatch(/was damaged: automatic update checks are on/);
    }
  });

  it('a value that is not true or false counts as on', () => {
    const { dir, file, log } = folder();
    fs.writeFileSync(file, JSON.stringify({ automatic: 'no' }));
    expect(new UpdateSetting(dir, log).automatic()).toBe(true);
  });

  it('keeps fields it does not know when it writes', () => {
    const { dir, file, log } = folder();
    fs.writeFileSync(file, JSON.stringify({ version: 2, automatic: true, channel: 'beta', lastPrompt: { at: 'x' } }));
    new UpdateSetting(dir, log).setAutomatic(false);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 2, automatic: false, channel: 'beta', lastPrompt: { at: 'x' } });
  });
});
