/**
 * Faults have names: a full disk, a read-only workspace or folder and a refused permission answer
 * with their own code and a plain message, nothing is half-written, and a bulk export that hits a
 * full disk reports exactly the files it left in place. Real SQLite and real file systems: a small
 * tmpfs (mounted when the tests run as root), SQLite's own page limit, /dev/full.
 */
import { writerOf } from '@main/rpc/context';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import { exportDocuments } from '@main/documents/bulk';
import { classifyFault } from '@main/rpc/faults';
import { runCli } from '@main/cli';
import { stageFile } from '@main/files';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { fixedClock, fullSite, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const DISK_FULL_SAVE = 'The disk is full: nothing was saved. Free some space on the disk that holds the workspace and try again.';
const READ_ONLY_SAVE =
  'This workspace is read-only (the file, its folder or the disk cannot be written, or it was opened read-only): nothing was saved. Open a copy you may write to, or ask for write access.';

// ---------------------------------------------------------------------------------------------
// Small file systems: a tmpfs of a given size, or the reason none can be mounted here.

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.splice(0).reverse()) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    }
    fs.rmSync(m, { recursive: true, force: true });
  }
});

function mountTmpfs(options: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  mounts.push(dir);
  return dir;
}

const cannotMount = ((): string | null => {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
      execFileSync('umount', [probe], { stdio: 'pipe' });
    } finally {
      fs.rmdirSync(probe);
    }
    return null;
  } catch (e) {
    return `mount is not permitted here (${(e as Error).message.split('\n')[0]})`;
  }
})();
if (cannotMount) console.log(`Skipping the tmpfs full-disk and read-only-folder cases: ${cannotMount}.`);

/** Fills the rest of a file system with one file and returns its path (remove it to free the space). */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    // Then the last few bytes, so not even a small page fits.
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(512, 1));
    } catch {
      /* full */
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

async function siteWithDocs(ws: TestWorkspace, sites: number) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const ids: string[] = [];
  for (let i = 0; i < sites; i++)
    ids.push((await ws.call('sites.create', { clientId: client.id, ...fullSite, name: `Shop ${i}`, productionUrl: `https://shop${i}.northwind.test` })).id);
  return ids;
}

/** Files under their final names (not the hidden temporary ones) in every site folder under `out`. */
function finalFiles(out: string): string[] {
  return fs
    .readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.') && d.name !== 'filler.bin')
    .map((d) => path.join(d.parentPath, d.name));
}

function historyRows(ws: TestWorkspace): { file_name: string; site_id: string }[] {
  return ws.session.workspace.sqlite.prepare('SELECT file_name, site_id FROM generated_documents').all() as never;
}

// ---------------------------------------------------------------------------------------------

describe('classifyFault names every fault a user can act on', () => {
  it('maps SQLite and file-system codes to BUSY, DISK_FULL, READ_ONLY and PERMISSION with plain messages', () => {
    const cases: [string, ErrorCode, RegExp][] = [
      ['SQLITE_BUSY', ErrorCode.BUSY, /^Another program is writing to this workspace .* Nothing was saved; try again in a moment\.$/],
      ['SQLITE_BUSY_SNAPSHOT', ErrorCode.BUSY, /Nothing was saved/],
      ['SQLITE_LOCKED_SHAREDCACHE', ErrorCode.BUSY, /Nothing was saved/],
      ['SQLITE_FULL', ErrorCode.DISK_FULL, /^The disk is full: nothing was saved\. Free some space/],
      ['SQLITE_IOERR_WRITE', ErrorCode.DISK_FULL, /could not be written to the disk .*nothing was saved/],
      ['SQLITE_READONLY', ErrorCode.READ_ONLY, /^This workspace is read-only .*nothing was saved/],
      ['SQLITE_READONLY_DBMOVED', ErrorCode.READ_ONLY, /nothing was saved/],
      ['SQLITE_READONLY_DIRECTORY', ErrorCode.READ_ONLY, /^The folder that holds this workspace is read-only/],
      ['SQLITE_CANTOPEN', ErrorCode.PERMISSION, /cannot be opened for writing .*nothing was saved/],
      ['SQLITE_PERM', ErrorCode.PERMISSION, /nothing was saved/],
      ['ENOSPC', ErrorCode.DISK_FULL, /^The disk is full: “\/out\/a\.pdf” was not written\. Free some space and try again\.$/],
      ['EDQUOT', ErrorCode.DISK_FULL, /quota is used up: “\/out\/a\.pdf” was not written/],
      ['EROFS', ErrorCode.READ_ONLY, /^The disk is read-only: “\/out\/a\.pdf” was not written\. Choose a folder/],
      ['EACCES', ErrorCode.PERMISSION, /^You may not write there: “\/out\/a\.pdf” was not written\./],
      ['EPERM', ErrorCode.PERMISSION, /You may not write there/],
      ['EBUSY', ErrorCode.BUSY, /in use by another program/],
      ['EMFILE', ErrorCode.BUSY, /^Too many files are open at once/],
      ['EISDIR', ErrorCode.REFUSED, /^“\/out\/a\.pdf” is a folder, so no file was written under its name\. Rename or move that folder/],
      ['ENOTEMPTY', ErrorCode.REFUSED, /^“\/out\/a\.pdf” is a folder, so no file was written/],
      ['ENOTDIR', ErrorCode.REFUSED, /^Part of the path “\/out\/a\.pdf” is a file where a folder is needed, so it was not written\. Move that file away/],
    ];
    for (const [code, expected, message] of cases) {
      const fault = classifyFault(Object.assign(new Error(`raw ${code}`), { code, path: '/out/a.pdf' }));
      expect(fault?.code, code).toBe(expected);
      expect(fault?.message, code).toMatch(message);
      expect(fault?.details?.fault, code).toBe(code);
    }
    // Not a fault: left to the caller (the registry answers INTERNAL and logs it).
    expect(classifyFault(new TypeError('x is undefined'))).toBeNull();
    expect(classifyFault(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull();
  });

  it('names a real ENOSPC (/dev/full)', () => {
    let err: unknown;
    try {
      fs.writeFileSync('/dev/full', Buffer.alloc(1024));
    } catch (e) {
      err = e;
    }
    expect(classifyFault(err)).toMatchObject({
      code: ErrorCode.DISK_FULL,
      message: 'The disk is full: the file was not written. Free some space and try again.',
    });
  });
});

describe('a save on a full disk', () => {
  it('answers DISK_FULL (SQLite page limit) and writes nothing, then saves once there is room', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const sqlite = ws.session.workspace.sqlite;
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    const before = { sites: ws.count('sites'), log: ws.count('change_log'), reviews: ws.count('reviews') };
    // A site with long notes needs new pages, which the limit refuses.
    const err = await ws.fail('sites.create', { clientId: client.id, ...fullSite, notes: 'Long handover notes. '.repeat(400) });
    expect(err).toMatchObject({ code: 'DISK_FULL', message: DISK_FULL_SAVE });
    expect({ sites: ws.count('sites'), log: ws.count('change_log'), reviews: ws.count('reviews') }).toEqual(before);
    sqlite.pragma(`max_page_count = ${pages + 10_000}`);
    await ws.call('sites.create', { clientId: client.id, ...fullSite, notes: 'Long handover notes. '.repeat(400) });
    expect(ws.count('sites')).toBe(before.sites + 1);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it.skipIf(cannotMount)('answers DISK_FULL when the workspace lives on a disk that fills up, and nothing is half-written', async () => {
    const disk = mountTmpfs('size=4m');
    const ws = openTestWorkspace(path.join(disk, 'ws.sqlite'));
    const client = await ws.call('clients.create', { name: 'Northwind' });
    ws.session.workspace.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const filler = fillDisk(disk);
    const before = { sites: ws.count('sites'), log: ws.count('change_log') };
    const errors = [];
    // Big enough to need pages the disk does not have.
    for (let i = 0; i < 3; i++)
      errors.push(
        await ws.fail('sites.create', {
          clientId: client.id,
          ...fullSite,
          name: `Shop ${i}`,
          productionUrl: `https://s${i}.northwind.test`,
          notes: 'Notes. '.repeat(1100),
        }),
      );
    for (const e of errors) expect(e.code).toBe('DISK_FULL');
    expect(errors[0]!.message).toMatch(/^The (disk is full: nothing was saved|workspace could not be written to the disk)/);
    expect({ sites: ws.count('sites'), log: ws.count('change_log') }).toEqual(before);
    // Space freed: the same save goes through, and the file is sound.
    fs.rmSync(filler);
    await ws.call('sites.create', { clientId: client.id, ...fullSite, notes: 'Notes. '.repeat(1100) });
    expect(ws.count('sites')).toBe(before.sites + 1);
    expect(ws.session.workspace.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('a bulk export that fills the disk', () => {
  it.skipIf(cannotMount)('stops with DISK_FULL and reports exactly the files it left, each whole and each in history', async () => {
    const ws = openTestWorkspace();
    const ids = await siteWithDocs(ws, 12);
    const out = mountTmpfs('size=320k');
    const result = await exportDocuments(writerOf(ws.session.ctx), {
      siteIds: ids,
      kinds: ['rollback_plan', 'handover_runbook'],
      formats: ['md', 'html'],
      final: false,
      outDir: out,
    });
    expect(result.stopped?.code).toBe('DISK_FULL');
    expect(result.stopped?.message).toMatch(/^The disk is full: “.*\.(md|html)” was not written\. Free some space and try again\.$/);
    const present = finalFiles(out);
    expect(result.files).toBeGreaterThan(0);
    expect(result.files).toBe(present.length);
    expect(result.sites).toBeLessThan(ids.length);
    // No temporary file is left, and every file under its final name is whole.
    expect(fs.readdirSync(out, { recursive: true }).filter((n) => String(n).endsWith('.tmp'))).toEqual([]);
    for (const f of present.filter((p) => p.endsWith('.html'))) expect(fs.readFileSync(f, 'utf8').trimEnd()).toMatch(/<\/html>$/);
    // History lists the files written, and only them.
    const history = historyRows(ws)
      .map((r) => r.file_name)
      .sort();
    expect(history).toEqual(present.map((p) => path.basename(p)).sort());
  });

  it.skipIf(cannotMount)('rollout-workbench docs says so in the same words, with the true count, and exits 2', async () => {
    const ws = openTestWorkspace();
    await siteWithDocs(ws, 10);
    ws.session.close();
    const out = mountTmpfs('size=256k');
    const lines: string[] = [];
    const errs: string[] = [];
    const code = await runCli(
      ['docs', '--workspace', ws.file, '--all', '--format', 'md,html', '--out', out],
      { out: (l) => lines.push(l), err: (l) => errs.push(l) },
      {},
      fixedClock(),
    );
    expect(code).toBe(2);
    expect(errs).toContainEqual(expect.stringMatching(/^Warning: The disk holding .* has 0\.\d MB free and this export may need about \d+\.\d MB\./));
    expect(errs).toContainEqual(expect.stringMatching(/^Stopped: The disk is full: “.*” was not written\. Free some space and try again\.$/));
    const written = finalFiles(out).length;
    expect(lines.at(-1)).toMatch(new RegExp(`^Stopped: ${written} file\\(s\\) for \\d+ site\\(s\\) in `));
    const check = new Database(ws.file, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM generated_documents').get() as { n: number }).n).toBe(written);
    check.close();
  });

  it.skipIf(cannotMount)('the app’s export job ends with the same message and the true count', async () => {
    const ws = openTestWorkspace();
    const ids = await siteWithDocs(ws, 12);
    const out = mountTmpfs('size=256k');
    const done = new Promise<Record<string, unknown>>((resolve) => {
      ws.session.ctx.emit = (event, payload) => {
        if (event === 'job.done') resolve(payload as Record<string, unknown>);
      };
    });
    ws.session.ctx.chooseFolder = async () => out;
    const started = await ws.call('documents.exportBulk', {
      siteIds: ids,
      kinds: ['rollback_plan', 'handover_runbook'],
      formats: ['md', 'html'],
      final: false,
    });
    expect(started.jobId).toBeTruthy();
    const result = await done;
    expect(result.error).toMatch(/^The disk is full: “.*” was not written\. Free some space and try again\.$/);
    expect(result.files).toBe(finalFiles(out).length);
    expect(result.files).toBeGreaterThan(0);
    expect(historyRows(ws)).toHaveLength(result.files as number);
  });

  it('when the workspace itself is full, the export stops before any file is left unrecorded', async () => {
    const ws = openTestWorkspace();
    const ids = await siteWithDocs(ws, 3);
    const sqlite = ws.session.workspace.sqlite;
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    const out = tempDir();
    const result = await exportDocuments(writerOf(ws.session.ctx), {
      siteIds: ids,
      kinds: ['handover_runbook'],
      formats: ['md', 'html'],
      final: false,
      outDir: out,
    });
    expect(result.stopped).toMatchObject({ code: 'DISK_FULL', message: DISK_FULL_SAVE });
    expect(result.files).toBe(0);
    expect(finalFiles(out)).toEqual([]);
    expect(fs.readdirSync(out, { recursive: true }).filter((n) => String(n).endsWith('.tmp'))).toEqual([]);
    expect(historyRows(ws)).toEqual([]);
  });

  it.skipIf(cannotMount)('when the workspace’s disk fills as the record is committed, the files just renamed into place are removed again', async () => {
    const disk = mountTmpfs('size=4m');
    const ws = openTestWorkspace(path.join(disk, 'ws.sqlite'));
    const ids = await siteWithDocs(ws, 2);
    ws.session.workspace.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    fillDisk(disk);
    const out = tempDir();
    const result = await exportDocuments(writerOf(ws.session.ctx), {
      siteIds: ids,
      kinds: ['handover_runbook'],
      formats: ['md', 'html'],
      final: false,
      outDir: out,
    });
    expect(result.stopped?.code).toBe('DISK_FULL');
    expect(result.files).toBe(0);
    expect(finalFiles(out)).toEqual([]);
    expect(historyRows(ws)).toEqual([]);
  });

  it('a file that cannot be written is never left under its final name', () => {
    const dir = tempDir();
    const target = path.join(dir, 'plan.md');
    fs.writeFileSync(target, 'the earlier, complete version');
    // /dev/full as the folder is impossible; a folder that vanished is the nearest real failure while staging.
    expect(() => stageFile(path.join(dir, 'missing-folder', 'plan.md'), Buffer.from('x'))).toThrow(/ENOENT/);
    const staged = stageFile(target, Buffer.from('the new version'));
    expect(fs.readFileSync(target, 'utf8')).toBe('the earlier, complete version');
    staged.commit();
    expect(fs.readFileSync(target, 'utf8')).toBe('the new version');
    staged.discard();
    expect(fs.readdirSync(dir)).toEqual(['plan.md']);
  });

  it('a file replaced and then taken back is the earlier file again, and nothing else is left', () => {
    const dir = tempDir();
    const earlier = path.join(dir, 'plan.md');
    fs.writeFileSync(earlier, 'the earlier, complete version');
    const fresh = path.join(dir, 'support.md');
    const staged = [stageFile(earlier, Buffer.from('the new version')), stageFile(fresh, Buffer.from('a new file'))];
    for (const s of staged) s.commit();
    expect(fs.readFileSync(earlier, 'utf8')).toBe('the new version');
    for (const s of staged) s.revert();
    for (const s of staged) s.discard();
    expect(fs.readFileSync(earlier, 'utf8')).toBe('the earlier, complete version');
    expect(fs.readdirSync(dir)).toEqual(['plan.md']);
  });
});

describe('an export over the files of an earlier export', () => {
  /** Exports every site's documents once into `out` and returns each file's bytes by path. */
  async function firstExport(ws: TestWorkspace, ids: string[], out: string, formats: ('md' | 'html')[]) {
    const first = await exportDocuments(writerOf(ws.session.ctx), { siteIds: ids, kinds: ['rollback_plan', 'sop_pack'], formats, final: false, outDir: out });
    expect(first.stopped).toBeNull();
    const files = finalFiles(out);
    expect(files).toHaveLength(first.files);
    // Marked, so that what is left afterwards is shown to be the earlier file and not a new one.
    for (const f of files) fs.appendFileSync(f, '\n<!-- earlier export -->\n');
    return new Map(files.map((f) => [f, fs.readFileSync(f)]));
  }

  /** Every file listed in history exists under the site folder it was written to. */
  function historyFilesExist(ws: TestWorkspace, out: string): void {
    const folders = new Map(fs.readdirSync(out).map((d) => [d.slice(-8), d]));
    for (const r of historyRows(ws))
      expect(fs.existsSync(path.join(out, folders.get(r.site_id.slice(-8).toLowerCase())!, r.file_name)), r.file_name).toBe(true);
  }

  it.skipIf(cannotMount)(
    'a re-export that fails on a full workspace disk leaves every earlier file as it was, and history lists only files that exist',
    async () => {
      const disk = mountTmpfs('size=4m');
      const ws = openTestWorkspace(path.join(disk, 'ws.sqlite'));
      const ids = await siteWithDocs(ws, 2);
      const out = tempDir();
      const earlier = await firstExport(ws, ids, out, ['md', 'html']);
      const historyBefore = historyRows(ws);
      ws.session.workspace.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      fillDisk(disk);

      // The same day, the same names: each file is renamed over its earlier copy, then the record cannot be written.
      const again = await exportDocuments(writerOf(ws.session.ctx), {
        siteIds: ids,
        kinds: ['rollback_plan', 'sop_pack'],
        formats: ['md', 'html'],
        final: false,
        outDir: out,
      });
      expect(again.stopped?.code).toBe('DISK_FULL');
      expect(again.files).toBe(0);
      expect(finalFiles(out).sort()).toEqual([...earlier.keys()].sort());
      for (const [f, bytes] of earlier) expect(fs.readFileSync(f).equals(bytes), f).toBe(true);
      expect(fs.readdirSync(out, { recursive: true }).filter((n) => path.basename(String(n)).startsWith('.'))).toEqual([]);
      expect(historyRows(ws)).toEqual(historyBefore);
      historyFilesExist(ws, out);
    },
  );

  it('a folder under a file’s name is refused naming it, and the files written before it in the same step are put back', async () => {
    const ws = openTestWorkspace();
    const ids = await siteWithDocs(ws, 1);
    const out = tempDir();
    const earlier = await firstExport(ws, ids, out, ['md', 'html']);
    const historyBefore = historyRows(ws);
    // The HTML of the first document becomes a folder with something in it.
    const html = [...earlier.keys()].filter((f) => f.endsWith('.html')).sort()[0]!;
    const md = html.replace(/\.html$/, '.md');
    fs.rmSync(html);
    fs.mkdirSync(html);
    fs.writeFileSync(path.join(html, 'keep.txt'), 'someone else’s file');

    const lines: string[] = [];
    const errs: string[] = [];
    ws.session.close();
    const code = await runCli(
      ['docs', '--workspace', ws.file, '--all', '--kind', 'rollback_plan,sop_pack', '--format', 'md,html', '--out', out],
      { out: (l) => lines.push(l), err: (l) => errs.push(l) },
      {},
      fixedClock(),
    );
    expect(code).toBe(2);
    expect(errs).toContain(
      `Stopped: “${html}” is a folder, so no file was written under its name. Rename or move that folder (or choose another folder to write to) and try again.`,
    );
    expect(lines.at(-1)).toMatch(/^Stopped: \d+ file\(s\) for 0 site\(s\) in /);
    // The Markdown renamed over its earlier copy in the same step is the earlier copy again; the folder is untouched.
    expect(fs.readFileSync(md).equals(earlier.get(md)!)).toBe(true);
    expect(fs.readFileSync(path.join(html, 'keep.txt'), 'utf8')).toBe('someone else’s file');
    expect(fs.readdirSync(out, { recursive: true }).filter((n) => path.basename(String(n)).startsWith('.'))).toEqual([]);
    const check = new Database(ws.file, { readonly: true });
    const rows = check.prepare('SELECT file_name, site_id FROM generated_documents').all() as { file_name: string }[];
    check.close();
    const written = Number(/^Stopped: (\d+) file/.exec(lines.at(-1)!)![1]);
    expect(rows.length).toBe(historyBefore.length + written);
  });
});

describe('a read-only workspace or folder', () => {
  it('a workspace opened read-only answers READ_ONLY with its message, and nothing changes', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    ws.session.close();
    const ro = openSession(ws.file, { log: silentLogger, clock: fixedClock(), readonly: true });
    try {
      const r = await ro.dispatch('sites.create', { clientId: client.id, ...fullSite });
      expect(r).toEqual({ ok: false, error: { code: 'READ_ONLY', message: READ_ONLY_SAVE, details: { fault: 'SQLITE_READONLY' } } });
      const list = await ro.dispatch('clients.list', {});
      expect(list.ok).toBe(true);
    } finally {
      ro.close();
    }
  });

  it('a connection that may only read (query_only) answers READ_ONLY too', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    ws.session.workspace.sqlite.pragma('query_only = 1');
    const err = await ws.fail('sites.create', { clientId: client.id, ...fullSite });
    expect(err).toMatchObject({ code: 'READ_ONLY', message: READ_ONLY_SAVE });
    ws.session.workspace.sqlite.pragma('query_only = 0');
    expect(ws.count('sites')).toBe(0);
  });

  it.skipIf(cannotMount)('an export into a read-only disk stops with READ_ONLY, writes nothing and records nothing', async () => {
    const ws = openTestWorkspace();
    const ids = await siteWithDocs(ws, 2);
    const out = mountTmpfs('size=64k,ro');
    const result = await exportDocuments(writerOf(ws.session.ctx), { siteIds: ids, kinds: ['rollback_plan'], formats: ['md'], final: false, outDir: out });
    expect(result.stopped?.code).toBe('READ_ONLY');
    expect(result.stopped?.message).toMatch(/^The disk is read-only: “.*” was not written\. Choose a folder on a disk you may write to\.$/);
    expect(result.files).toBe(0);
    expect(historyRows(ws)).toEqual([]);
  });
});
