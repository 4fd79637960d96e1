/**
 * The activity import under a hostile review: imports racing on one site, a site or operator archived
 * while a file is read, row keys and the mask setting, CSV quotes never closed, very long JSON Lines
 * lines, secrets in bad rows' reasons and in unmatched actors, JSON exports wrapped in an object, UTF-16
 * and binary files, uploads of another workspace, sizes and names of uploads, and a saved source
 * replaced by name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityMapping } from '@core/contract/activity';
import { ErrorCode } from '@core/errors';
import { newId } from '@db/ids';
import { readLimits, MAX_RECORD_CHARS } from '@main/activity/text';
import { deriveContext, writerOf } from '@main/rpc/context';
import { importActivity } from '@main/services/activity';
import { openTestWorkspace, type TestWorkspace } from './helpers';

const SITE_URL = 'https://shop.northwind.test';

afterEach(() => {
  readLimits.maxRecordChars = MAX_RECORD_CHARS;
});

/** Sends `text` through uploads.* as the page does (declaring its UTF-8 size unless told); answers the upload id. */
async function upload(ws: TestWorkspace, text: string, opts: { fileName?: string; size?: number; chunk?: number } = {}): Promise<string> {
  const chunk = opts.chunk ?? 256 * 1024;
  const { uploadId } = await ws.call('uploads.begin', { fileName: opts.fileName ?? 'week.csv', size: opts.size ?? Buffer.byteLength(text) });
  for (let i = 0, seq = 0; i < text.length; i += chunk, seq++) await ws.call('uploads.append', { uploadId, seq, text: text.slice(i, i + chunk) });
  await ws.call('uploads.finish', { uploadId });
  return uploadId;
}

async function setup(ws = openTestWorkspace()) {
  const { buildSite, buildPerson, buildOperator } = ws.factories;
  const site = await buildSite({ name: 'Northwind Shop', productionUrl: SITE_URL });
  const anaP = await buildPerson({ name: 'Ana Lopez', email: 'ana.lopez@northwind.test', organisation: 'client', clientId: site.clientId });
  const ana = await buildOperator({ siteId: site.id, personId: anaP.id, role: 'support_agent' });
  return { ws, siteId: site.id, ana };
}

/** Time, Actor, Event, Prompt (comma CSV); JSON files use the same keys. */
const mapping = (format: ActivityMapping['format'] = 'csv'): ActivityMapping => ({
  format,
  delimiter: format === 'csv' ? ',' : null,
  timeZone: 'UTC',
  dateOrder: 'ymd',
  eventTypes: [],
  columns: {
    time: 'Time',
    actor: 'Actor',
    eventType: 'Event',
    actorName: null,
    role: null,
    planId: null,
    risk: null,
    status: null,
    text: 'Prompt',
    affectedRecords: null,
    reviewerNote: null,
    escalatedTo: null,
    site: null,
  },
});

const csv = (rows: number, actor = 'ana.lopez@northwind.test') => {
  const lines = ['Time,Actor,Event,Prompt'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `2026-11-02T${String(8 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z,${actor},copilot_question,Which orders of ticket ${i} are late?`,
    );
  return lines.join('\n') + '\n';
};

const snapshot = (ws: TestWorkspace) => ({
  imports: ws.count('activity_imports'),
  events: ws.count('activity_events'),
  findings: ws.count('findings'),
  sources: ws.count('activity_sources'),
  matches: ws.count('activity_actor_matches'),
  log: ws.count('change_log'),
});

const importInput = (siteId: string, uploadId: string, m = mapping()) => ({ jobId: newId(), siteId, uploadId, mapping: m, actors: [], saveSourceAs: null });

/** Imports through the service with a hook run as the import starts writing (after the whole file was read). */
function importWithHook(ws: TestWorkspace, siteId: string, uploadId: string, beforeWriting: () => void, m = mapping()) {
  const ctx = deriveContext(writerOf(ws.session.ctx), {
    emit: (event, payload) => {
      if (event === 'import.progress' && (payload as { phase: string }).phase === 'writing') beforeWriting();
    },
  });
  return importActivity(ctx, importInput(siteId, uploadId, m));
}

describe('imports racing on one site (1)', () => {
  it('refuses a second import of the same upload while the first runs, and stores the rows once', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, csv(3000));
    const [a, b] = await Promise.allSettled([
      ws.call('activity.import', importInput(siteId, uploadId)),
      ws.call('activity.import', importInput(siteId, uploadId)),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    expect((b as PromiseRejectedResult).reason.wire).toEqual({
      code: ErrorCode.REFUSED,
      message: 'An import of activity for this site is running: wait for it to end, then import this file.',
    });
    expect(ws.count('activity_events')).toBe(3000);
    expect(ws.count('activity_imports')).toBe(1);
  });

  it('refuses a second import of the same site from another upload of the same file while the first runs', async () => {
    const { ws, siteId } = await setup();
    const text = csv(3000);
    const [one, two] = [await upload(ws, text), await upload(ws, text)];
    const results = await Promise.allSettled([ws.call('activity.import', importInput(siteId, one)), ws.call('activity.import', importInput(siteId, two))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.wire.code).toBe(ErrorCode.REFUSED);
    // Once the first has ended, the second file imports as duplicates.
    const again = await ws.call('activity.import', importInput(siteId, two));
    expect(again).toMatchObject({ imported: 0, duplicates: 3000 });
    expect(ws.count('activity_events')).toBe(3000);
  });

  it('refuses a second import of the same upload into another site while the first runs', async () => {
    const { ws, siteId } = await setup();
    const otherSite = await ws.factories.buildSite({ name: 'Other Shop' });
    const uploadId = await upload(ws, csv(3000));
    const results = await Promise.allSettled([
      ws.call('activity.import', importInput(siteId, uploadId)),
      ws.call('activity.import', importInput(otherSite.id, uploadId)),
    ]);
    expect(results[0]!.status).toBe('fulfilled');
    expect((results[1] as PromiseRejectedResult).reason.wire).toEqual({
      code: ErrorCode.REFUSED,
      message: 'This file is being imported already: wait for that import to end.',
    });
    expect(ws.session.workspace.sqlite.prepare('SELECT count(*) AS n FROM activity_events WHERE site_id = ?').get(otherSite.id)).toEqual({ n: 0 });
  });

  it('counts rows another program stored while the file was read as duplicates instead of failing', async () => {
    const { ws, siteId } = await setup();
    const text = csv(50);
    await ws.call('activity.import', importInput(siteId, await upload(ws, text)));
    const sqlite = ws.session.workspace.sqlite;
    // Take the stored import away, to put it back as another program's import would land mid-read.
    sqlite.exec(`CREATE TEMP TABLE saved_imports AS SELECT * FROM activity_imports;
      CREATE TEMP TABLE saved_events AS SELECT * FROM activity_events;
      DELETE FROM finding_events; DELETE FROM findings; DELETE FROM activity_events; DELETE FROM activity_imports;`);
    const r = await importWithHook(ws, siteId, await upload(ws, csv(60)), () =>
      sqlite.exec('INSERT INTO activity_imports SELECT * FROM saved_imports; INSERT INTO activity_events SELECT * FROM saved_events;'),
    );
    expect(r.importId).not.toBeNull();
    expect(r.imported).toBe(10);
    expect(r.duplicates).toBe(50);
    expect(ws.count('activity_events')).toBe(60);
    const stored = sqlite.prepare('SELECT imported, duplicates FROM activity_imports WHERE id = ?').get(r.importId);
    expect(stored).toEqual({ imported: 10, duplicates: 50 });
  });
});

describe('a site or operator archived while the file is read (2)', () => {
  it('refuses to write to a site archived meanwhile, and writes nothing', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, csv(20));
    const before = snapshot(ws);
    const sqlite = ws.session.workspace.sqlite;
    const err = await importWithHook(ws, siteId, uploadId, () =>
      sqlite.prepare('UPDATE sites SET archived_at = ? WHERE id = ?').run('2026-11-05T00:00:00.000Z', siteId),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.REFUSED, message: '“Northwind Shop” is archived: restore it before importing activity.' });
    expect(snapshot(ws)).toEqual(before);
  });

  it('matches no row to an operator archived meanwhile, and saves no match for it', async () => {
    const { ws, siteId, ana } = await setup();
    const uploadId = await upload(ws, csv(5, 'Ana L.'));
    const sqlite = ws.session.workspace.sqlite;
    const ctx = deriveContext(writerOf(ws.session.ctx), {
      emit: (event, payload) => {
        if (event === 'import.progress' && (payload as { phase: string }).phase === 'writing')
          sqlite.prepare('UPDATE operators SET archived_at = ? WHERE id = ?').run('2026-11-05T00:00:00.000Z', ana.id);
      },
    });
    const r = await importActivity(ctx, { ...importInput(siteId, uploadId), actors: [{ actor: 'Ana L.', operatorId: ana.id }] });
    expect(r.imported).toBe(5);
    expect(r.actors).toEqual([expect.objectContaining({ actor: 'Ana L.', match: null })]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM activity_events WHERE operator_id IS NOT NULL').get()).toEqual({ n: 0 });
    expect(ws.count('activity_actor_matches')).toBe(0);
  });
});

describe('row keys (3)', () => {
  it('knows the rows again when the mask setting changed between two imports of the same file', async () => {
    const { ws, siteId } = await setup();
    const text = 'Time,Actor,Event,Prompt\n2026-11-02T10:00:00Z,ana.lopez@northwind.test,copilot_question,Where is the order of jane@example.com?\n';
    expect((await ws.call('activity.import', importInput(siteId, await upload(ws, text)))).imported).toBe(1);
    await ws.call('settings.update', { maskActivityOnImport: false } as never);
    const again = await ws.call('activity.import', importInput(siteId, await upload(ws, text)));
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
    expect(ws.count('activity_events')).toBe(1);
  });

  it('keeps two rows that differ only in an email masked the same way', async () => {
    const { ws, siteId } = await setup();
    const text = [
      'Time,Actor,Event,Prompt',
      '2026-11-02T10:00:00Z,ana.lopez@northwind.test,copilot_question,Where is the order of jane@example.com?',
      '2026-11-02T10:00:00Z,ana.lopez@northwind.test,copilot_question,Where is the order of john@example.com?',
    ].join('\n');
    const r = await ws.call('activity.import', importInput(siteId, await upload(ws, text)));
    expect(r).toMatchObject({ imported: 2, duplicates: 0 });
    const texts = ws.session.workspace.sqlite.prepare('SELECT text FROM activity_events').all();
    expect(texts).toEqual([{ text: 'Where is the order of [email removed]?' }, { text: 'Where is the order of [email removed]?' }]);
  });
});

describe('a CSV quote never closed (4)', () => {
  const unclosed = (after: number) => {
    const lines = [
      'Time,Actor,Event,Prompt',
      '2026-11-02T10:00:00Z,ana.lopez@northwind.test,copilot_question,fine',
      '2026-11-02T10:01:00Z,ana.lopez@northwind.test,copilot_question,"never closed',
    ];
    for (let i = 0; i < after; i++) lines.push(`2026-11-02T11:00:00Z,ana.lopez@northwind.test,copilot_question,row ${i}`);
    return lines.join('\n') + '\n';
  };
  const reason =
    'The quote opened on line 3 is never closed, so the rest of the file reads as one cell and was not read: close that quote (a quote inside a cell is written twice, "") and import the file again.';

  it('reports the line the quote opened on once the record passes the limit, and reads no further', async () => {
    const { ws, siteId } = await setup();
    readLimits.maxRecordChars = 64 * 1024;
    const r = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId: await upload(ws, unclosed(20_000)), mapping: mapping() });
    expect(r).toMatchObject({ rows: 2, good: 1, bad: 1 });
    expect(r.problems).toEqual([{ line: 3, reason }]);
  });

  it('reports the same when the file ends inside the quote', async () => {
    const { ws, siteId } = await setup();
    const r = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId: await upload(ws, unclosed(5)), mapping: mapping() });
    expect(r).toMatchObject({ rows: 2, good: 1, bad: 1 });
    expect(r.problems).toEqual([{ line: 3, reason }]);
  });
});

describe('long JSON Lines lines (5)', () => {
  const line = (i: number, text: string) =>
    JSON.stringify({ Time: `2026-11-02T10:00:0${i}Z`, Actor: 'ana.lopez@northwind.test', Event: 'copilot_question', Prompt: text });

  it('makes a line over the limit a bad row with its line, and reads the lines after it', async () => {
    const { ws, siteId } = await setup();
    readLimits.maxRecordChars = 100_000;
    const text = [line(1, 'short'), line(2, 'x'.repeat(300_000)), line(3, 'after')].join('\n');
    const r = await ws.call('activity.dryRun', {
      jobId: newId(),
      siteId,
      uploadId: await upload(ws, text, { fileName: 'w.jsonl', chunk: 64 * 1024 }),
      mapping: mapping('jsonl'),
    });
    expect(r).toMatchObject({ rows: 3, good: 2, bad: 1 });
    expect(r.problems).toEqual([{ line: 2, reason: expect.stringMatching(/^This line is longer than 98 KB: /) }]);
    expect(r.firstRows.map((f) => [f.line, f.text])).toEqual([
      [1, 'short'],
      [3, 'after'],
    ]);
  });

  it('reads a line of several MB, sent in many chunks, as one row', async () => {
    const { ws, siteId } = await setup();
    const big = 'y'.repeat(5 * 1024 * 1024);
    const text = [line(1, big), line(2, 'next')].join('\r\n');
    const r = await ws.call('activity.dryRun', {
      jobId: newId(),
      siteId,
      uploadId: await upload(ws, text, { fileName: 'w.jsonl', chunk: 1024 * 1024 }),
      mapping: mapping('jsonl'),
    });
    expect(r).toMatchObject({ rows: 2, good: 2, bad: 0 });
    expect(r.firstRows[0]!.text!.startsWith('yyyy')).toBe(true);
    expect(r.firstRows[1]).toMatchObject({ line: 2, text: 'next' });
  });
});

describe('what masking covers (6, 7)', () => {
  it("masks a secret a bad row's reason quotes", async () => {
    const { ws, siteId } = await setup();
    const text = 'Time,Actor,Event,Prompt\nsk-live-abcdefghijklmnopqrstuvwxyz123456,ana.lopez@northwind.test,copilot_question,hi\n';
    const r = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId: await upload(ws, text), mapping: mapping() });
    expect(r.bad).toBe(1);
    expect(r.problems[0]!.reason).toMatch(/^Time "\[secret removed\]" cannot be read/);
    expect(JSON.stringify(r.problems)).not.toContain('sk-live-abcdefghijklmnopqrstuvwxyz123456');
  });

  it("names an unmatched actor masked in findings' summaries and history, keeping the actor as written for matching", async () => {
    const { ws, siteId } = await setup();
    const text = [
      'Time,Actor,Event,Prompt',
      '2026-11-02T10:00:00Z,stranger@outside.test,copilot_question,Here is the admin password=Sup3rS3cretValue! please log in',
      '2026-11-02T10:05:00Z,stranger@outside.test,copilot_question,Delete all products and all orders now without approval',
    ].join('\n');
    const dry = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId: await upload(ws, text), mapping: mapping() });
    const r = await ws.call('activity.import', importInput(siteId, await upload(ws, text)));
    expect(r.findings.total).toBeGreaterThan(0);
    expect(r.findings).toEqual(dry.findings);
    const sqlite = ws.session.workspace.sqlite;
    const shown = JSON.stringify([sqlite.prepare('SELECT summary FROM findings').all(), sqlite.prepare('SELECT summary, before, after FROM change_log').all()]);
    expect(shown).not.toContain('stranger@outside.test');
    expect(shown).toContain('[email removed]');
    expect(sqlite.prepare('SELECT DISTINCT actor FROM findings').all()).toEqual([{ actor: 'stranger@outside.test' }]);
    expect(sqlite.prepare('SELECT DISTINCT actor FROM activity_events').all()).toEqual([{ actor: 'stranger@outside.test' }]);
  });
});

describe('JSON exports wrapped in an object (13)', () => {
  const events = [
    { Time: '2026-11-02T10:00:00Z', Actor: 'ana.lopez@northwind.test', Event: 'copilot_question', Prompt: 'one' },
    { Time: '2026-11-02T10:01:00Z', Actor: 'ana.lopez@northwind.test', Event: 'copilot_question', Prompt: 'two' },
  ];

  it('reads the items of the one list, written over several lines or on one line', async () => {
    const { ws, siteId } = await setup();
    for (const text of [JSON.stringify({ exported: '2026-11-08', meta: { count: 2 }, events }, null, 2), JSON.stringify({ events })]) {
      const uploadId = await upload(ws, text, { fileName: 'w.json' });
      const p = await ws.call('activity.preview', { siteId, uploadId });
      expect(p.format).toBe('json');
      expect(p.columns).toEqual(['Time', 'Actor', 'Event', 'Prompt']);
      const r = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId, mapping: mapping('json') });
      expect(r).toMatchObject({ rows: 2, good: 2, bad: 0 });
      expect(r.firstRows.map((f) => [f.line, f.text])).toEqual([
        [1, 'one'],
        [2, 'two'],
      ]);
    }
  });

  it('still reads JSON Lines whose first line is broken as JSON Lines', async () => {
    const { ws, siteId } = await setup();
    const text = ['{"Time": broken', ...events.map((e) => JSON.stringify(e))].join('\n');
    const p = await ws.call('activity.preview', { siteId, uploadId: await upload(ws, text, { fileName: 'w.jsonl' }) });
    expect(p.format).toBe('jsonl');
  });

  it('refuses an object with two lists or none, saying what to export, and writes nothing', async () => {
    const { ws, siteId } = await setup();
    const before = snapshot(ws);
    const two = await ws.fail(
      'activity.import',
      importInput(siteId, await upload(ws, JSON.stringify({ events, users: [{ a: 1 }] }, null, 1)), mapping('json')),
    );
    expect(two).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: 'The file holds more than one list ("events" and "users"): export only the activity, as a JSON array of events or as JSON Lines.',
    });
    const none = await ws.fail('activity.import', importInput(siteId, await upload(ws, '{\n"exported": "2026-11-08"\n}'), mapping('json')));
    expect(none.code).toBe(ErrorCode.INVALID_INPUT);
    expect(none.message).toMatch(/^The file is one JSON object without a list of events: export the activity as a JSON array/);
    expect(snapshot(ws)).toEqual(before);
  });
});

describe('files that are not UTF-8 text (14)', () => {
  it('refuses a UTF-16 file as the page sends it, saying to save it as UTF-8', async () => {
    const { ws, siteId } = await setup();
    // The page decodes the file as UTF-8: the UTF-16 mark becomes two U+FFFD, every other byte a NUL.
    const utf16 = '\ufffd\ufffd' + Array.from('Time,Actor,Event\n2026-11-02T10:00:00Z,ana,prompt\n', (c) => `${c}\u0000`).join('');
    const uploadId = await upload(ws, utf16, { size: Buffer.byteLength(utf16) - 2 });
    const err = await ws.fail('activity.preview', { siteId, uploadId });
    expect(err).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: 'The file is saved as UTF-16 (Unicode text), which cannot be read: save it as UTF-8 (in Excel: Save As, "CSV UTF-8"), then choose it again.',
    });
    const before = snapshot(ws);
    expect((await ws.fail('activity.import', importInput(siteId, uploadId))).code).toBe(ErrorCode.INVALID_INPUT);
    expect(snapshot(ws)).toEqual(before);
  });

  it('refuses a binary file (a spreadsheet) with NUL bytes', async () => {
    const { ws, siteId } = await setup();
    const err = await ws.fail('activity.preview', { siteId, uploadId: await upload(ws, 'PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000xl/workbook.xml') });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.message).toMatch(/^The file holds binary data \(NUL bytes\), not text: export the activity as CSV, JSON or JSON Lines/);
  });
});

describe('uploads of another workspace (15)', () => {
  it('answers NOT_FOUND to a workspace that did not begin the upload, and leaves it to the one that did', async () => {
    const { ws, siteId } = await setup();
    const other = await setup(openTestWorkspace());
    const uploadId = await upload(ws, csv(2));
    const gone = { code: ErrorCode.NOT_FOUND, message: 'The file is no longer there: choose it again.' };
    expect(await other.ws.fail('activity.preview', { siteId: other.siteId, uploadId })).toMatchObject(gone);
    expect(await other.ws.fail('activity.import', importInput(other.siteId, uploadId))).toMatchObject(gone);
    expect(await other.ws.fail('uploads.finish', { uploadId })).toMatchObject(gone);
    expect(await other.ws.call('uploads.discard', { uploadId })).toEqual({ discarded: false });
    expect(other.ws.count('activity_events')).toBe(0);
    expect((await ws.call('activity.import', importInput(siteId, uploadId))).imported).toBe(2);
  });
});

describe('a saved source replaced by name (19)', () => {
  it("says in the history that the name's mapping for other columns was replaced", async () => {
    const { ws, siteId } = await setup();
    await ws.call('activity.import', { ...importInput(siteId, await upload(ws, csv(1))), saveSourceAs: 'Audit log' });
    const other = 'When,Who,What,Prompt\n2026-11-03T10:00:00Z,ana.lopez@northwind.test,copilot_question,hi\n';
    const m = mapping();
    m.columns = { ...m.columns, time: 'When', actor: 'Who', eventType: 'What' };
    await ws.call('activity.import', { ...importInput(siteId, await upload(ws, other, { fileName: 'other.csv' }), m), saveSourceAs: 'Audit log' });
    const rows = ws.session.workspace.sqlite
      .prepare("SELECT action, summary, before FROM change_log WHERE entity = 'activity_source' ORDER BY rowid")
      .all() as { action: string; summary: string; before: string | null }[];
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(rows[1]!.summary).toBe(
      'Replaced the saved source “Audit log” (the mapping of a file with the columns “Time”, “Actor”, “Event”, “Prompt”) with the mapping of “other.csv”',
    );
    expect(JSON.parse(rows[1]!.before!)).toMatchObject({ fileColumns: ['Time', 'Actor', 'Event', 'Prompt'], columns: { time: 'Time', actor: 'Actor' } });
    expect(await ws.call('activity.sources', {})).toEqual([expect.objectContaining({ name: 'Audit log', columns: ['When', 'Who', 'What', 'Prompt'] })]);
  });
});
