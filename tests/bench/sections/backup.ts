/**
 * Backups of the seeded workspace (main/backups/): a plain and an encrypted backup (the online copy in
 * a worker thread, the container streamed beside it), and extracting each (checksum or tag, then
 * SQLite's integrity check). Baseline: better-sqlite3's online backup of the same file in one step,
 * which any consistent copy has to do; the targets are ratios to it (wrapping the copy adds one
 * sequential pass, and encryption that pass's cipher). A few runs only: each reads and writes the whole file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { appVersion, createBackup, extractBackup } from '@main/backups/index';
import { closeWorkers } from '@main/workers/index';
import { time, type Section } from '../lib';

const PASSPHRASE = 'bench passphrase, long enough';

const section: Section = async ({ file, dir, session, iterations, report }) => {
  const runs = Math.max(3, Math.min(iterations, 5));
  const megabytes = fs.statSync(file).size / 1024 / 1024;
  const detail = `${megabytes.toFixed(0)} MB workspace`;
  const folder = path.join(dir, 'backups');
  const options = { folder, reason: 'manual' as const, appVersion: appVersion(), schemaVersion: session.workspace.schemaVersion };
  let n = 0;
  const baseline = await time(
    async () => {
      const target = path.join(dir, `baseline-${(n += 1)}.sqlite`);
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        await db.backup(target, { progress: () => 0x7fffffff });
      } finally {
        db.close();
      }
      fs.rmSync(target, { force: true });
    },
    runs,
    1,
  );
  const base = { label: 'better-sqlite3 online backup in one step', samples: baseline };
  try {
    const made: Record<'plain' | 'encrypted', string> = { plain: '', encrypted: '' };
    for (const kind of ['plain', 'encrypted'] as const) {
      const samples = await time(
        async () => {
          const info = await createBackup(file, { ...options, now: new Date(), ...(kind === 'encrypted' ? { passphrase: PASSPHRASE } : {}) });
          if (made[kind]) fs.rmSync(made[kind], { force: true });
          made[kind] = info.file;
        },
        runs,
        1,
      );
      report.add('backup', `createBackup, ${kind}`, samples, { baseline: base, detail, target: { ratio: kind === 'plain' ? 1.5 : 2 } });
    }
    for (const kind of ['plain', 'encrypted'] as const) {
      const out = path.join(dir, `extract-${kind}`);
      const samples = await time(
        async () => {
          const restored = await extractBackup(made[kind], { dir: out, ...(kind === 'encrypted' ? { passphrase: PASSPHRASE } : {}) });
          fs.rmSync(restored, { force: true });
        },
        runs,
        1,
      );
      report.add('backup', `extractBackup (verify, unpack, integrity check), ${kind}`, samples, { detail });
    }
  } finally {
    await closeWorkers();
  }
};

export default section;
