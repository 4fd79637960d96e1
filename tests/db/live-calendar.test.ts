/**
 * The live calendar file (main/reminders/live-calendar.ts) on a real workspace: the first refresh writes
 * the whole workspace's calendar (what `reviews.calendar` answers), a refresh that moves nothing leaves
 * the file alone (same bytes, same mtime) even though the export time changed, and completing, snoozing,
 * a new site and a new day rewrite it; a removed folder is kept as an error until it returns.
 */
import ICAL from 'ical.js';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveCalendar, calendarWithoutStamps } from '@main/reminders/live-calendar';
import type { Logger } from '@main/rpc/context';
import { openTestWorkspace, tempDir } from './helpers';

const DAY = 24 * 3600 * 1000;

function events(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const log: Logger = {
    info: (msg) => lines.push({ level: 'info', msg }),
    warn: (msg) => lines.push({ level: 'warn', msg }),
    error: (msg) => lines.push({ level: 'error', msg }),
  };
  return { log, lines };
}

async function setup() {
  const ws = openTestWorkspace();
  await ws.call('settings.update', { timeZone: 'Europe/London', reminderTime: '09:00' });
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, name: 'Late Shop', productionUrl: 'https://late.test' });
  const { log, lines } = recordingLog();
  const live = new LiveCalendar({ configDir: tempDir(), log });
  const folder = tempDir();
  const file = path.join(folder, 'reviews.ics');
  live.set(ws.file, file);
  return { ws, client, site, live, folder, file, lines, refresh: () => live.refresh(ws.session.ctx, ws.file) };
}

const snapshot = (file: string) => ({ bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs });
const leftovers = (folder: string) => fs.readdirSync(folder).filter((n) => n !== 'reviews.ics');

describe('live calendar', () => {
  it('writes the workspace calendar on the first refresh, as reviews.calendar builds it, as iCalendar with CRLF lines', async () => {
    const { ws, live, file, folder, refresh } = await setup();
    expect(fs.existsSync(file)).toBe(false);
    expect(live.state(ws.file)).toEqual({ path: file, lastWrittenAt: null, error: null });
    expect(await refresh()).toEqual({ written: true, error: null });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('\r\nEND:VCALENDAR')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const exported = await ws.call('reviews.calendar', {});
    // The export with this app's two header marks (whose workspace, which content) after its first line.
    const marks = text.split('\r\n').slice(1, 3);
    expect(marks[0]).toMatch(/^X-ROLLOUT-WORKBENCH-WORKSPACE:[0-9a-f]{32}$/);
    expect(marks[1]).toMatch(/^X-ROLLOUT-WORKBENCH-CONTENT:[0-9a-f]{32}$/);
    expect(calendarWithoutStamps(text.replace(`${marks.join('\r\n')}\r\n`, ''))).toBe(calendarWithoutStamps(exported.content));
    expect(events(text).map((e) => e.summary)).toEqual(['Initial setup review: Late Shop']);
    expect(events(text)[0]!.startDate.toString()).toBe('2026-03-01');
    expect(live.state(ws.file)).toEqual({ path: file, lastWrittenAt: ws.clock.now().toISOString(), error: null });
    expect(leftovers(folder)).toEqual([]);
  });

  it('leaves the file alone when nothing a calendar shows has changed, though the export time has', async () => {
    const { ws, live, file, refresh } = await setup();
    await refresh();
    const before = snapshot(file);
    const writtenAt = live.state(ws.file).lastWrittenAt;
    ws.clock.advance(60_000);
    // The export time moved: a fresh export differs in DTSTAMP only.
    expect((await ws.call('reviews.calendar', {})).content).not.toBe(before.bytes.toString('utf8'));
    expect(await refresh()).toEqual({ written: false, error: null });
    const after = snapshot(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(live.state(ws.file).lastWrittenAt).toBe(writtenAt);
  });

  it('rewrites when a review is completed (cancelled event), snoozed (moved) or a site is added (new event)', async () => {
    const { ws, client, site, file, folder, refresh } = await setup();
    const second = await ws.call('sites.create', { clientId: client.id, name: 'Tidy Shop', productionUrl: 'https://tidy.test' });
    await refresh();
    const [first] = events(fs.readFileSync(file, 'utf8')).filter((e) => e.summary.includes('Late Shop'));

    const inode = fs.statSync(file).ino;
    const [review] = (await ws.call('reviews.forSite', { siteId: site.id })).reviews;
    await ws.call('reviews.complete', { id: review!.id, version: review!.version, notes: 'Checked' });
    expect((await refresh()).written).toBe(true);
    // Replaced by a rename (a new file), never rewritten in place where a reader could see half of it.
    expect(fs.statSync(file).ino).not.toBe(inode);
    const afterDone = events(fs.readFileSync(file, 'utf8'));
    const done = afterDone.find((e) => e.uid === first!.uid)!;
    expect(done.summary).toBe('Done: Initial setup review: Late Shop');
    expect(done.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(done.sequence).toBeGreaterThan(first!.sequence);
    expect(afterDone.some((e) => e.summary === 'Periodic review: Late Shop')).toBe(true);

    const [tidy] = (await ws.call('reviews.forSite', { siteId: second.id })).reviews;
    await ws.call('reviews.snooze', { id: tidy!.id, version: tidy!.version, until: '2026-03-05' });
    expect((await refresh()).written).toBe(true);
    const snoozed = events(fs.readFileSync(file, 'utf8')).find((e) => e.summary === 'Initial setup review: Tidy Shop')!;
    expect(snoozed.startDate.toString()).toBe('2026-03-05');

    await ws.call('sites.create', { clientId: client.id, name: 'New Shop', productionUrl: 'https://new.test' });
    expect((await refresh()).written).toBe(true);
    expect(events(fs.readFileSync(file, 'utf8')).some((e) => e.summary === 'Initial setup review: New Shop')).toBe(true);
    expect((await refresh()).written).toBe(false);
    expect(leftovers(folder)).toEqual([]);
  });

  it('moves an overdue review to the new today, titled "Overdue since", when the day rolls over', async () => {
    const { ws, file, refresh } = await setup();
    ws.clock.advance(2 * DAY);
    expect((await refresh()).written).toBe(true);
    const onThird = events(fs.readFileSync(file, 'utf8'))[0]!;
    expect(onThird.summary).toBe('Overdue since 2026-03-01: Initial setup review: Late Shop');
    expect(onThird.startDate.toString()).toBe('2026-03-03');
    ws.clock.advance(3600_000);
    expect((await refresh()).written).toBe(false);

    ws.clock.advance(DAY);
    expect((await refresh()).written).toBe(true);
    const onFourth = events(fs.readFileSync(file, 'utf8'))[0]!;
    expect(onFourth.uid).toBe(onThird.uid);
    expect(onFourth.summary).toBe('Overdue since 2026-03-01: Initial setup review: Late Shop');
    expect(onFourth.startDate.toString()).toBe('2026-03-04');
    expect(onFourth.sequence).toBeGreaterThan(onThird.sequence);
  });

  it('keeps a removed folder as an error naming the path and the fix, logged once, and recovers when it returns', async () => {
    const { ws, live, file, folder, lines, refresh } = await setup();
    await refresh();
    fs.rmSync(folder, { recursive: true });
    await ws.call('sites.create', { clientId: (await ws.call('clients.create', { name: 'Contoso' })).id, name: 'Other', productionUrl: 'https://other.test' });
    const failed = await refresh();
    expect(failed.written).toBe(false);
    expect(failed.error).toContain(file);
    expect(failed.error).toContain('Create the folder again');
    expect((await refresh()).error).toBe(failed.error);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', msg: failed.error }]);
    expect(live.state(ws.file).error).toBe(failed.error);
    expect(fs.existsSync(folder)).toBe(false);

    fs.mkdirSync(folder);
    ws.clock.advance(60_000);
    expect(await refresh()).toEqual({ written: true, error: null });
    expect(live.state(ws.file)).toEqual({ path: file, lastWrittenAt: ws.clock.now().toISOString(), error: null });
    expect(events(fs.readFileSync(file, 'utf8')).some((e) => e.summary === 'Initial setup review: Other')).toBe(true);
    expect(leftovers(folder)).toEqual([]);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('does not replace a file that stopped being a calendar, and writes again once it is moved', async () => {
    const { file, live, ws, refresh } = await setup();
    await refresh();
    fs.writeFileSync(file, 'My notes, not a calendar\n');
    const r = await refresh();
    expect(r.written).toBe(false);
    expect(r.error).toContain('would replace a file that is not a calendar');
    expect(fs.readFileSync(file, 'utf8')).toBe('My notes, not a calendar\n');
    fs.rmSync(file);
    expect(await refresh()).toEqual({ written: true, error: null });
    expect(live.state(ws.file).error).toBeNull();
  });

  it('does nothing for a workspace without a live calendar, and stops after it is cleared', async () => {
    const { ws, live, file, refresh } = await setup();
    live.set(ws.file, null);
    expect(live.pathFor(ws.file)).toBeNull();
    expect(await refresh()).toEqual({ written: false, error: null });
    expect(fs.existsSync(file)).toBe(false);
    expect(live.state(ws.file)).toEqual({ path: null, lastWrittenAt: null, error: null });
  });

  it("keeps a folder that took the calendar's name as an error, leaves no temporary file, and writes again once it is gone", async () => {
    const { ws, live, file, folder, refresh } = await setup();
    await refresh();
    const before = fs.readFileSync(file);
    fs.rmSync(file);
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'keep'), 'x');
    ws.clock.advance(2 * DAY);
    const r = await refresh();
    expect(r.written).toBe(false);
    expect(r.error).toContain(file);
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('.partial'))).toEqual([]);
    fs.rmSync(file, { recursive: true });
    fs.writeFileSync(file, before);
    expect((await refresh()).written).toBe(true);
    expect(live.state(ws.file).error).toBeNull();
  });
});
