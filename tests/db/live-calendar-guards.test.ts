/**
 * The live calendar's guards (main/reminders/live-calendar.ts): one write for a burst of refreshes and
 * of changes a calendar does not show, a file changed behind its back written again, the next run
 * trusting the content mark of a current file, pipes never opened in a way that blocks, other
 * calendars and other workspaces' paths refused, and the worker's build equal to the main thread's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { LiveCalendar } from '@main/reminders/live-calendar';
import { silentLogger } from '@main/rpc/context';
import { closeWorkers, taskContext, workers } from '@main/workers/index';
import { buildLiveCalendar, calendarWithoutStamps, workspaceMark, type LiveCalendarBuild } from '@main/workers/live-calendar-tasks';
import { openTestWorkspace, tempDir } from './helpers';

afterAll(() => closeWorkers());

const hasMkfifo = spawnSync('mkfifo', ['--version']).error === undefined;

async function setup() {
  const ws = openTestWorkspace();
  const client = await ws.call('clients.create', { name: 'Northwind' });
  await ws.call('sites.create', { clientId: client.id, name: 'Late Shop', productionUrl: 'https://late.test' });
  const configDir = tempDir();
  const live = new LiveCalendar({ configDir, log: silentLogger });
  const folder = tempDir();
  const file = path.join(folder, 'reviews.ics');
  live.set(ws.file, file);
  return { ws, client, live, configDir, folder, file, refresh: () => live.refresh(ws.session.ctx, ws.file) };
}

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbenchError);
    expect((err as WorkbenchError).code).toBe(ErrorCode.INVALID_INPUT);
    expect((err as WorkbenchError).details?.issues).toEqual([{ path: 'path', message: (err as WorkbenchError).message }]);
    return (err as WorkbenchError).message;
  }
  throw new Error('the path was accepted');
}

describe('live calendar guards', () => {
  it('writes once for a burst of refreshes and of changes a calendar does not show; one run per path at a time', async () => {
    const { ws, file, refresh } = await setup();
    const burst = [refresh(), refresh(), refresh()];
    // The second and third calls share the one queued after the first.
    expect(burst[1]).toBe(burst[2]);
    expect(burst[0]).not.toBe(burst[1]);
    const first = await Promise.all(burst);
    expect(first.filter((r) => r.written)).toHaveLength(1);
    const ino = fs.statSync(file).ino;
    const results = [];
    for (const name of ['Contoso', 'Fabrikam', 'Tailspin']) {
      await ws.call('clients.create', { name });
      ws.clock.advance(60_000);
      results.push(refresh());
    }
    expect((await Promise.all(results)).map((r) => r.written)).toEqual([false, false, false]);
    expect(fs.statSync(file).ino).toBe(ino);
  });

  it('writes a file changed behind its back again, and one removed', async () => {
    const { file, refresh } = await setup();
    await refresh();
    const good = fs.readFileSync(file, 'utf8');
    const edited = good.replace('Late Shop', 'Edited Shop');
    fs.writeFileSync(file, edited);
    expect(await refresh()).toEqual({ written: true, error: null });
    expect(calendarWithoutStamps(fs.readFileSync(file, 'utf8'))).toBe(calendarWithoutStamps(good));
    fs.rmSync(file);
    expect(await refresh()).toEqual({ written: true, error: null });
    expect(await refresh()).toEqual({ written: false, error: null });
  });

  it('leaves a current file alone on the next run (its content mark), and rewrites a stale one', async () => {
    const { ws, configDir, file, refresh } = await setup();
    await refresh();
    const mtimeMs = fs.statSync(file).mtimeMs;
    const nextRun = new LiveCalendar({ configDir, log: silentLogger });
    ws.clock.advance(60_000);
    expect(await nextRun.refresh(ws.session.ctx, ws.file)).toEqual({ written: false, error: null });
    expect(fs.statSync(file).mtimeMs).toBe(mtimeMs);
    expect(nextRun.state(ws.file).lastWrittenAt).toBe(fs.statSync(file).mtime.toISOString());
    const another = new LiveCalendar({ configDir, log: silentLogger });
    await ws.call('sites.create', { clientId: (await ws.call('clients.create', { name: 'Contoso' })).id, name: 'New', productionUrl: 'https://new.test' });
    expect(await another.refresh(ws.session.ctx, ws.file)).toEqual({ written: true, error: null });
  });

  it.skipIf(!hasMkfifo)('refuses a named pipe at the path without hanging, when set and when it appears later (skipped only without mkfifo)', async () => {
    const { ws, live, folder, file, refresh } = await setup();
    const fifo = path.join(folder, 'pipe.ics');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => live.set(ws.file, fifo))).toContain('is a pipe, not a file');
    const link = path.join(folder, 'link.ics');
    fs.symlinkSync(fifo, link);
    expect(refusal(() => live.set(ws.file, link))).toContain('is a pipe');
    await refresh();
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    const r = await refresh();
    expect(r.written).toBe(false);
    expect(r.error).toContain(`${file} is a pipe, not a file`);
    expect(fs.statSync(file).isFIFO()).toBe(true);
  });

  it("refuses another program's calendar at the path when it appears later, and keeps it", async () => {
    const { file, refresh } = await setup();
    await refresh();
    const theirs = 'BEGIN:VCALENDAR\r\nPRODID:-//Other//EN\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    fs.writeFileSync(file, theirs);
    const r = await refresh();
    expect(r.written).toBe(false);
    expect(r.error).toContain('is another calendar');
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
  });

  it('refuses a path already kept for another workspace, however it is spelled, and allows it once that one stops', async () => {
    const { ws, live, folder, file } = await setup();
    const other = openTestWorkspace();
    // The same file through a linked folder.
    const alias = path.join(tempDir(), 'alias');
    fs.symlinkSync(folder, alias);
    const msg = refusal(() => live.set(other.file, path.join(alias, 'reviews.ics')));
    expect(msg).toContain('already the live calendar of another workspace');
    expect(msg).toContain(path.resolve(ws.file));
    expect(live.pathFor(other.file)).toBeNull();
    // The same workspace may set its own path again.
    live.set(ws.file, file);
    live.set(ws.file, null);
    live.set(other.file, file);
    expect(live.pathFor(other.file)).toBe(file);
  });

  it('builds the same calendar in the worker pool as in the main thread', async () => {
    const { ws } = await setup();
    const ctx = ws.session.ctx;
    const mark = workspaceMark(ws.file);
    const here = buildLiveCalendar(ctx, mark, null);
    const there = await workers().run<LiveCalendarBuild>('reminders.liveCalendar', { ...taskContext(ctx), mark, knownHash: null });
    expect(there.hash).toBe(here.hash);
    expect(calendarWithoutStamps(there.content!)).toBe(calendarWithoutStamps(here.content!));
    expect(await workers().run<LiveCalendarBuild>('reminders.liveCalendar', { ...taskContext(ctx), mark, knownHash: here.hash })).toEqual({
      hash: here.hash,
      content: null,
    });
  });
});
