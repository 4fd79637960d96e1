/**
 * Opening a workspace, in this process: `openWorkspace` (the look that writes nothing: identity mark,
 * quick check, migration record against the shipped migrations; then the connection's settings, the
 * history guards' check) and `openSession` (that, plus the housekeeping writes opening may need, the
 * identity and the handler registry), each opened and closed again. Baseline: better-sqlite3 opening
 * the same file, `PRAGMA quick_check` and reading user_version, which any safe open has to do.
 * The quick check alone is printed too: it reads every page, so it grows with the file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { openWorkspace } from '@db/client';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { time, type Section } from '../lib';

const section: Section = async ({ file, iterations, report }) => {
  const runs = Math.max(5, Math.min(iterations, 15));
  const baseline = await time(() => {
    const db = new Database(file, { fileMustExist: true });
    try {
      if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('quick_check failed');
      db.pragma('user_version', { simple: true });
    } finally {
      db.close();
    }
  }, runs);
  const base = { label: 'better-sqlite3 open + PRAGMA quick_check + user_version', samples: baseline };
  const megabytes = fs.statSync(file).size / 1024 / 1024;
  report.add('open', 'PRAGMA quick_check alone (better-sqlite3)', baseline, { detail: `${megabytes.toFixed(0)} MB file` });
  report.add('open', 'openWorkspace: open + migration check + quick check', await time(() => openWorkspace(file).close(), runs), {
    baseline: base,
    target: { median: 300 },
  });
  report.add(
    'open',
    'openSession: openWorkspace + housekeeping + registry',
    await time(() => openSession(file, { log: silentLogger, actor: 'bench' }).close(), runs),
    { baseline: base, target: { median: 300 } },
  );
};

export default section;
