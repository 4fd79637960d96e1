/**
 * Importing first-week activity through the channels, with real files (tests/fixtures/activity/):
 * preview, dry run and import of messy CSV, a JSON array and JSON Lines; times across a DST change;
 * re-import adds nothing; cancel and failure write nothing; masking on and off; actor matching.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityMapping } from '@core/contract/activity';
import { ErrorCode } from '@core/errors';
import type { Operator } from '@core/contract/operators';
import { newId } from '@db/ids';
import { deriveContext, writerOf } from '@main/rpc/context';
import { importActivity } from '@main/services/activity';
import { importLimits, MAX_IMPORT_ROWS } from '@main/services/activity-read';
import { cancelJob } from '@main/services/jobs';
import { openTestWorkspace, type TestWorkspace } from './helpers';

const FIXTURES = path.join(__dirname, '../fixtures/activity');
const SITE_URL = 'https://shop.northwind.test';

/** Sends a file through uploads.* in small chunks, as the page does; answers the upload id. */
async function upload(ws: TestWorkspace, fileName: string, text?: string, chunk = 97): Promise<string> {
  const content = text ?? fs.readFileSync(path.join(FIXTURES, fileName), 'utf8');
  const { uploadId } = await ws.call('uploads.begin', { fileName, size: Buffer.byteLength(content) });
  for (let i = 0, seq = 0; i < content.length; i += chunk, seq++) await ws.call('uploads.append', { uploadId, seq, text: content.slice(i, i + chunk) });
  await ws.call('uploads.finish', { uploadId });
  return uploadId;
}

interface Setup {
  ws: TestWorkspace;
  siteId: string;
  ana: Operator;
  ben: Operator;
  carla: Operator;
}

async function setup(): Promise<Setup> {
  const ws = openTestWorkspace();
  const { buildSite, buildPerson, buildOperator } = ws.factories;
  const site = await buildSite({ name: 'Northwind Shop', productionUrl: SITE_URL });
  const anaP = await buildPerson({ name: 'Ana Lopez', email: 'ana.lopez@northwind.test', organisation: 'client', clientId: site.clientId });
  const benP = await buildPerson({ name: 'Ben Carter', email: 'ben@northwind.test', organisation: 'client', clientId: site.clientId });
  const carlaP = await buildPerson({ name: 'Carla Diaz', email: 'carla.diaz@agency.test' });
  const ana = await buildOperator({ siteId: site.id, personId: anaP.id, role: 'support_agent' });
  const ben = await buildOperator({ siteId: site.id, personId: benP.id, role: 'store_manager' });
  const carla = await buildOperator({ siteId: site.id, personId: carlaP.id, role: 'administrator' });
  return { ws, siteId: site.id, ana, ben, carla };
}

const csvMapping = (timeZone = 'Europe/London'): ActivityMapping => ({
  format: 'csv',
  delimiter: ';',
  timeZone,
  dateOrder: 'ymd',
  eventTypes: [],
  columns: {
    time: 'Time',
    actor: 'User email',
    eventType: 'Event',
    actorName: 'User name',
    role: 'Role',
    planId: 'Plan ID',
    risk: 'Risk',
    status: 'Status',
    text: 'Prompt',
    affectedRecords: null,
    reviewerNote: null,
    escalatedTo: null,
    site: 'Site',
  },
});

const snapshot = (ws: TestWorkspace) => ({
  imports: ws.count('activity_imports'),
  events: ws.count('activity_events'),
  findings: ws.count('findings'),
  sources: ws.count('activity_sources'),
  matches: ws.count('activity_actor_matches'),
  log: ws.count('change_log'),
});

describe('activity.preview', () => {
  it('detects a semicolon CSV with a BOM and CRLF, lists its columns and suggests the required fields', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, 'excel-semicolon.csv');
    const p = await ws.call('activity.preview', { siteId, uploadId });
    expect(p.format).toBe('csv');
    expect(p.delimiter).toBe(';');
    expect(p.columns).toEqual(['Time', 'User email', 'User name', 'Role', 'Event', 'Status', 'Plan ID', 'Risk', 'Prompt', 'Site']);
    expect(p.sample[0]![8]).toBe('Customer jane.doe@example.com asks "where is my order?"\nShe gave card 4111 1111 1111 1111');
    expect(p.mapping.columns.time).toBe('Time');
    expect(p.mapping.columns.eventType).toBe('Event');
    expect(p.source).toBeNull();
  });

  it('reads a JSON array one level flattened and JSON Lines', async () => {
    const { ws, siteId } = await setup();
    const json = await ws.call('activity.preview', { siteId, uploadId: await upload(ws, 'activity.json') });
    expect(json.format).toBe('json');
    expect(json.columns).toEqual(expect.arrayContaining(['timestamp', 'user.email', 'user.name', 'event', 'details.prompt', 'details.risk', 'plan']));
    const jsonl = await ws.call('activity.preview', { siteId, uploadId: await upload(ws, 'activity.jsonl') });
    expect(jsonl.format).toBe('jsonl');
    expect(jsonl.sample).toHaveLength(2);
  });

  it('answers NOT_FOUND for an upload that is gone', async () => {
    const { ws, siteId } = await setup();
    const err = await ws.fail('activity.preview', { siteId, uploadId: newId() });
    expect(err.code).toBe(ErrorCode.NOT_FOUND);
    expect(err.message).toBe('The file is no longer there: choose it again.');
  });
});

describe('activity.dryRun and activity.import', () => {
  it('imports the good rows of a messy CSV, lists every bad row with its line, and adds nothing on re-import', async () => {
    const { ws, siteId, ana, ben, carla } = await setup();
    const uploadId = await upload(ws, 'excel-semicolon.csv');
    const mapping = csvMapping();
    const dry = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId, mapping, actors: [{ actor: 'carla@agency.test', operatorId: carla.id }] });
    expect(dry.rows).toBe(8);
    expect(dry.otherSite).toBe(1);
    expect(dry.problems.map((p) => p.line)).toEqual([7, 8, 9]);
    expect(dry.problems[0]!.reason).toMatch(/cells/);
    expect(dry.problems[1]!.reason).toMatch(/Time "02\/11\/2026 9:12" cannot be read/);
    expect(dry.problems[2]!.reason).toMatch(/Actor is empty/);
    expect(dry.bad).toBe(3);
    expect(dry.good).toBe(4);
    expect(dry.duplicates).toBe(0);
    expect(dry.masked.email).toBeGreaterThanOrEqual(1);
    expect(dry.masked.card).toBe(1);
    const match = (actor: string) => dry.actors.find((a) => a.actor === actor)?.match;
    expect(match('ana.lopez@northwind.test')).toMatchObject({ operatorId: ana.id, by: 'email' });
    expect(match('Ben Carter')).toMatchObject({ operatorId: ben.id, by: 'name' });
    expect(match('carla@agency.test')).toMatchObject({ operatorId: carla.id, by: 'chosen' });
    expect(ws.count('activity_events')).toBe(0);

    const done = await ws.call('activity.import', {
      jobId: newId(),
      siteId,
      uploadId,
      mapping,
      actors: [{ actor: 'carla@agency.test', operatorId: carla.id }],
      saveSourceAs: 'Northwind audit log',
    });
    expect(done.imported).toBe(4);
    expect(done.importId).not.toBeNull();
    expect({ ...done.findings, rows: done.rows, bad: done.bad, good: done.good }).toEqual({ ...dry.findings, rows: dry.rows, bad: dry.bad, good: dry.good });
    expect(ws.count('activity_events')).toBe(4);
    expect(ws.count('findings')).toBe(done.findings.total);
    // The embedded newline and doubled quotes survive, and the line is where the record starts.
    const events = await ws.call('activity.events', { siteId });
    expect(events.total).toBe(4);
    const first = events.rows.find((r) => r.line === 2)!;
    expect(first.text).toContain('asks "where is my order?"\nShe gave card [card number removed]');
    expect(first.operatorId).toBe(ana.id);
    expect(events.rows.find((r) => r.line === 11)!.operatorId).toBe(carla.id);
    // One history row for the import, one per finding, one for the saved source.
    const sqlite = ws.session.workspace.sqlite;
    const hist = sqlite
      .prepare(`SELECT entity, count(*) AS n FROM change_log WHERE entity IN ('activity_import','finding','activity_source') GROUP BY entity`)
      .all();
    expect(hist).toEqual(
      expect.arrayContaining([
        { entity: 'activity_import', n: 1 },
        { entity: 'activity_source', n: 1 },
      ]),
    );
    expect(ws.count('activity_actor_matches')).toBe(1);
    const imports = await ws.call('activity.imports', { siteId });
    expect(imports[0]).toMatchObject({ fileName: 'excel-semicolon.csv', sourceName: 'Northwind audit log', rows: 8, imported: 4, bad: 3, masked: true });

    // The upload ended with its import; the same file again adds nothing.
    expect((await ws.fail('activity.dryRun', { jobId: newId(), siteId, uploadId, mapping })).code).toBe(ErrorCode.NOT_FOUND);
    const again = await upload(ws, 'excel-semicolon.csv');
    const before = snapshot(ws);
    const second = await ws.call('activity.import', { jobId: newId(), siteId, uploadId: again, mapping });
    expect(second.imported).toBe(0);
    expect(second.duplicates).toBe(4);
    expect(second.findings.total).toBe(0);
    expect(ws.count('activity_events')).toBe(before.events);
    expect(ws.count('findings')).toBe(before.findings);

    // The saved source is found again by the file's columns, with the saved actor match reused.
    const p = await ws.call('activity.preview', { siteId, uploadId: await upload(ws, 'excel-semicolon.csv') });
    expect(p.source?.name).toBe('Northwind audit log');
    expect(p.mapping.columns.site).toBe('Site');
    const third = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId: await upload(ws, 'excel-semicolon.csv'), mapping });
    expect(third.actors.find((a) => a.actor === 'carla@agency.test')?.match).toMatchObject({ operatorId: carla.id, by: 'saved' });
  });

  it('imports a JSON array and JSON Lines with a broken line', async () => {
    const { ws, siteId, ben } = await setup();
    const json: ActivityMapping = {
      format: 'json',
      delimiter: null,
      timeZone: 'UTC',
      dateOrder: 'ymd',
      eventTypes: [],
      columns: {
        time: 'timestamp',
        actor: 'user.email',
        eventType: 'event',
        actorName: 'user.name',
        role: null,
        planId: 'plan',
        risk: 'details.risk',
        status: 'status',
        text: 'details.prompt',
        affectedRecords: null,
        reviewerNote: null,
        escalatedTo: null,
        site: null,
      },
    };
    const r = await ws.call('activity.import', { jobId: newId(), siteId, uploadId: await upload(ws, 'activity.json'), mapping: json });
    expect(r.rows).toBe(4);
    expect(r.imported).toBe(3);
    expect(r.problems).toEqual([{ line: 4, reason: expect.stringMatching(/Time "not a time" cannot be read/) }]);
    const events = (await ws.call('activity.events', { siteId })).rows;
    expect(events.find((e) => e.line === 2)).toMatchObject({ occurredAt: '2026-11-03T07:10:00.000Z', planId: '7', risk: 'high', operatorId: ben.id });

    const jsonl: ActivityMapping = {
      ...json,
      format: 'jsonl',
      columns: {
        ...json.columns,
        time: 'time',
        actor: 'actor',
        eventType: 'type',
        actorName: null,
        planId: null,
        risk: null,
        status: null,
        text: 'text',
        escalatedTo: 'escalated_to',
      },
    };
    const l = await ws.call('activity.import', { jobId: newId(), siteId, uploadId: await upload(ws, 'activity.jsonl'), mapping: jsonl });
    expect(l.rows).toBe(3);
    expect(l.imported).toBe(2);
    expect(l.problems).toEqual([{ line: 2, reason: 'This line is not valid JSON: check its quotes, commas and braces.' }]);
    expect(l.masked.phone).toBe(1);
  });

  it('reads times without a zone in the mapping zone on both sides of a DST change', async () => {
    const { ws, siteId } = await setup();
    const mapping: ActivityMapping = {
      format: 'csv',
      delimiter: ',',
      timeZone: 'Europe/Berlin',
      dateOrder: 'ymd',
      eventTypes: [],
      columns: {
        ...csvMapping().columns,
        time: 'when',
        actor: 'who',
        eventType: 'what',
        text: 'text',
        actorName: null,
        role: null,
        planId: null,
        risk: null,
        status: null,
        site: null,
      },
    };
    await ws.call('activity.import', { jobId: newId(), siteId, uploadId: await upload(ws, 'dst-berlin.csv'), mapping });
    const times = (await ws.call('activity.events', { siteId })).rows.map((r) => [r.text, r.occurredAt]);
    expect(Object.fromEntries(times)).toEqual({
      'before the change': '2026-10-24T23:30:00.000Z',
      'after the change': '2026-10-25T02:30:00.000Z',
      'before spring': '2026-03-29T00:59:00.000Z',
      'after spring': '2026-03-29T01:01:00.000Z',
    });
  });

  it('masks emails, card numbers and secrets in every stored text when the setting is on, and keeps them when off', async () => {
    const { ws, siteId } = await setup();
    const text = [
      'Time,Actor,Event,Prompt,Note',
      '2026-11-02 10:00,ana.lopez@northwind.test,copilot_question,"Email jane.doe@example.com card 4111 1111 1111 1111",password=Sup3rS3cretValue!',
      '2026-11-02 10:01,ana.lopez@northwind.test,copilot_question,"Key sk-live-abcdefghijklmnopqrstuvwxyz123456",ok',
    ].join('\n');
    const mapping: ActivityMapping = {
      ...csvMapping(),
      delimiter: ',',
      columns: {
        ...csvMapping().columns,
        actor: 'Actor',
        text: 'Prompt',
        reviewerNote: 'Note',
        actorName: null,
        role: null,
        planId: null,
        risk: null,
        status: null,
        site: null,
      },
    };
    await ws.call('activity.import', { jobId: newId(), siteId, uploadId: await upload(ws, 'masked.csv', text), mapping });
    const sqlite = ws.session.workspace.sqlite;
    const stored = JSON.stringify(sqlite.prepare('SELECT text, reviewer_note, affected_records FROM activity_events').all());
    for (const secret of ['jane.doe@example.com', '4111 1111 1111 1111', 'Sup3rS3cretValue', 'sk-live-abcdefghijklmnopqrstuvwxyz123456'])
      expect(stored).not.toContain(secret);
    const everywhere =
      JSON.stringify(sqlite.prepare('SELECT summary, after FROM change_log').all()) + JSON.stringify(sqlite.prepare('SELECT summary FROM findings').all());
    expect(everywhere).not.toContain('jane.doe@example.com');

    await ws.call('settings.update', { maskActivityOnImport: false } as never);
    const off = await ws.call('activity.import', {
      jobId: newId(),
      siteId,
      uploadId: await upload(ws, 'masked-off.csv', text.replace(/2026-11-02/g, '2026-11-03')),
      mapping,
    });
    expect(off.masked).toEqual({ email: 0, phone: 0, card: 0, secret: 0 });
    expect(JSON.stringify(sqlite.prepare("SELECT text FROM activity_events WHERE occurred_at LIKE '2026-11-03%'").all())).toContain('jane.doe@example.com');
    expect((await ws.call('activity.imports', { siteId })).map((i) => i.masked)).toEqual([false, true]);
  });

  it('refuses a mapping whose required column is missing, naming the field, and writes nothing', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, 'excel-semicolon.csv');
    const before = snapshot(ws);
    const mapping = csvMapping();
    mapping.columns.time = 'When';
    const err = await ws.fail('activity.import', { jobId: newId(), siteId, uploadId, mapping });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.message).toMatch(/When/);
    expect((err.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('mapping.columns.time');
    expect(snapshot(ws)).toEqual(before);
  });

  it('refuses a chosen operator of another site', async () => {
    const { ws, siteId } = await setup();
    const other = await ws.factories.buildOperator();
    const err = await ws.fail('activity.dryRun', {
      jobId: newId(),
      siteId,
      uploadId: await upload(ws, 'excel-semicolon.csv'),
      mapping: csvMapping(),
      actors: [{ actor: 'Ben Carter', operatorId: other.id }],
    });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect((err.details as { issues: { path: string }[] }).issues[0]!.path).toBe('actors.0.operatorId');
  });

  it('writes nothing when cancelled before its transaction, and answers cancelled', async () => {
    const { ws, siteId } = await setup();
    const lines = ['Time;User email;User name;Role;Event;Status;Plan ID;Risk;Prompt;Site'];
    for (let i = 0; i < 20000; i++)
      lines.push(
        `2026-11-02 09:${String(i % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')};ana.lopez@northwind.test;Ana;;copilot_question;ok;;;Question ${i};`,
      );
    const uploadId = await upload(ws, 'big.csv', lines.join('\n'), 256 * 1024);
    const before = snapshot(ws);
    const jobId = newId();
    const pending = ws.call('activity.import', { jobId, siteId, uploadId, mapping: csvMapping() });
    expect(cancelJob(jobId)).toEqual({ cancelled: true });
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(r.importId).toBeNull();
    expect(snapshot(ws)).toEqual(before);
  });

  it('rolls everything back when the transaction fails part way', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, 'excel-semicolon.csv');
    const before = snapshot(ws);
    const sqlite = ws.session.workspace.sqlite;
    sqlite.exec(
      `CREATE TEMP TRIGGER fail_import_history BEFORE INSERT ON change_log WHEN NEW.entity = 'activity_import' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`,
    );
    const err = await ws.fail('activity.import', { jobId: newId(), siteId, uploadId, mapping: csvMapping(), saveSourceAs: 'Audit' });
    expect(err.code).toBe(ErrorCode.INTERNAL);
    expect(snapshot(ws)).toEqual(before);
    sqlite.exec('DROP TRIGGER fail_import_history');
    const ok = await ws.call('activity.import', { jobId: newId(), siteId, uploadId, mapping: csvMapping() });
    expect(ok.imported).toBe(4);
  });

  it('refuses a second job with the id of a running one', async () => {
    const { ws, siteId } = await setup();
    const lines = ['Time,Actor,Event'];
    for (let i = 0; i < 5000; i++) lines.push(`2026-11-02T09:00:${String(i % 60).padStart(2, '0')}Z,a${i}@x.test,copilot_question`);
    const uploadId = await upload(ws, 'ids.csv', lines.join('\n'), 256 * 1024);
    const mapping: ActivityMapping = {
      ...csvMapping(),
      delimiter: ',',
      columns: { ...csvMapping().columns, actor: 'Actor', actorName: null, role: null, planId: null, risk: null, status: null, text: null, site: null },
    };
    const jobId = newId();
    const first = ws.call('activity.dryRun', { jobId, siteId, uploadId, mapping });
    const err = await ws.fail('activity.dryRun', { jobId, siteId, uploadId, mapping });
    expect(err.code).toBe(ErrorCode.REFUSED);
    expect((await first).rows).toBe(5000);
  });

  it("reports progress under the page's job id, reading then writing, up to the file's size", async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, 'excel-semicolon.csv');
    const events: { event: string; payload: Record<string, unknown> }[] = [];
    const ctx = deriveContext(writerOf(ws.session.ctx), { emit: (event, payload) => void events.push({ event, payload: payload as Record<string, unknown> }) });
    const jobId = newId();
    const r = await importActivity(ctx, { jobId, siteId, uploadId, mapping: csvMapping(), actors: [], saveSourceAs: null });
    expect(r.imported).toBe(4);
    const progress = events.filter((e) => e.event === 'import.progress').map((e) => e.payload);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p) => p.jobId === jobId)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'writing', rows: 8 });
    expect(progress.at(-1)!.bytes).toBe(progress.at(-1)!.totalBytes);
    expect(progress[0]!.phase).toBe('reading');
  });
});

describe('reading odd files', () => {
  it('names empty and repeated CSV headers so every column can be mapped', async () => {
    const { ws, siteId } = await setup();
    const p = await ws.call('activity.preview', { siteId, uploadId: await upload(ws, 'h.csv', 'Email|Email||Event\na@x.test|b@x.test|x|prompt\n') });
    expect(p.delimiter).toBe('|');
    expect(p.columns).toEqual(['Email', 'Email (2)', 'Column 3', 'Event']);
  });

  it('refuses a JSON array that is cut short, saying so, and writes nothing', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, 'cut.json', '[{"t":"2026-11-02T10:00:00Z","a":"ana","e":"prompt"},{"t":"2026-11-02T10:0');
    const before = snapshot(ws);
    const mapping: ActivityMapping = {
      ...csvMapping(),
      format: 'json',
      delimiter: null,
      columns: {
        ...csvMapping().columns,
        time: 't',
        actor: 'a',
        eventType: 'e',
        actorName: null,
        role: null,
        planId: null,
        risk: null,
        status: null,
        text: null,
        site: null,
      },
    };
    const err = await ws.fail('activity.import', { jobId: newId(), siteId, uploadId, mapping });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.message).toMatch(/^The file is not valid JSON after item 1: .*Check the file, or export it again\.$/);
    expect(snapshot(ws)).toEqual(before);
  });
});

describe('activity.deleteSource', () => {
  it('archives a saved source with a history row; an unknown one is NOT_FOUND and changes nothing', async () => {
    const { ws, siteId } = await setup();
    await ws.call('activity.import', {
      jobId: newId(),
      siteId,
      uploadId: await upload(ws, 'excel-semicolon.csv'),
      mapping: csvMapping(),
      saveSourceAs: 'Audit log',
    });
    const [source] = await ws.call('activity.sources', {});
    expect(source).toMatchObject({ name: 'Audit log', format: 'csv', mapping: { columns: { time: 'Time', site: 'Site' } } });
    const before = snapshot(ws);
    const err = await ws.fail('activity.deleteSource', { id: newId() });
    expect(err.code).toBe(ErrorCode.NOT_FOUND);
    expect(snapshot(ws)).toEqual(before);
    expect(await ws.call('activity.deleteSource', { id: source!.id })).toEqual({ id: source!.id });
    expect(await ws.call('activity.sources', {})).toEqual([]);
    expect(ws.count('change_log')).toBe(before.log + 1);
    const p = await ws.call('activity.preview', { siteId, uploadId: await upload(ws, 'excel-semicolon.csv') });
    expect(p.source).toBeNull();
  });
});

describe('the row limit', () => {
  it('refuses a file with more rows than the limit, saying how to split it, and writes nothing', async () => {
    const { ws, siteId } = await setup();
    const uploadId = await upload(ws, 'excel-semicolon.csv');
    const before = snapshot(ws);
    importLimits.maxRows = 3;
    try {
      const err = await ws.fail('activity.import', { jobId: newId(), siteId, uploadId, mapping: csvMapping() });
      expect(err.code).toBe(ErrorCode.REFUSED);
      expect(err.message).toBe('The file has more than 3 rows: split the export by date and import the parts one after the other.');
    } finally {
      importLimits.maxRows = MAX_IMPORT_ROWS;
    }
    expect(snapshot(ws)).toEqual(before);
  });
});
