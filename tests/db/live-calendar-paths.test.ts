/**
 * The live calendar's path on this device (main/reminders/live-calendar-path.ts): kept per workspace
 * file in live-calendar.json, each bad path refused with a sentence naming the fix, a damaged setting
 * read as none and written again, and fields of a newer app kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { LiveCalendar } from '@main/reminders/live-calendar';
import { comparable, isInside, LIVE_CALENDAR_FILE } from '@main/reminders/live-calendar-path';
import { workspaceMark } from '@main/workers/live-calendar-tasks';
import { silentLogger } from '@main/rpc/context';
import { tempDir } from './helpers';

function setup() {
  const configDir = tempDir();
  const dir = tempDir();
  const workspace = path.join(dir, 'Acme.sqlite');
  const folder = tempDir();
  return { configDir, dir, workspace, folder, live: new LiveCalendar({ configDir, log: silentLogger }) };
}

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbenchError);
    const e = err as WorkbenchError;
    expect(e.code).toBe(ErrorCode.INVALID_INPUT);
    expect(e.details?.issues).toEqual([{ path: 'path', message: e.message }]);
    return e.message;
  }
  throw new Error('the path was accepted');
}

describe('live calendar path', () => {
  it('is kept per workspace file, trimmed, in live-calendar.json, and cleared with null', () => {
    const { configDir, workspace, folder, live } = setup();
    const file = path.join(folder, 'Reviews.ICS');
    expect(live.pathFor(workspace)).toBeNull();
    live.set(workspace, `  ${file}\t`);
    expect(live.pathFor(workspace)).toBe(file);
    expect(fs.existsSync(file)).toBe(false);
    // Another instance (the next run) reads it back; another workspace has none.
    const again = new LiveCalendar({ configDir, log: silentLogger });
    expect(again.pathFor(path.join(path.dirname(workspace), '.', 'Acme.sqlite'))).toBe(file);
    expect(again.pathFor(path.join(path.dirname(workspace), 'Other.sqlite'))).toBeNull();
    const stored = JSON.parse(fs.readFileSync(path.join(configDir, LIVE_CALENDAR_FILE), 'utf8')) as { calendars: Record<string, string> };
    expect(stored.calendars).toEqual({ [path.resolve(workspace)]: file });
    live.set(workspace, null);
    expect(again.pathFor(workspace)).toBeNull();
    expect(fs.readdirSync(configDir)).toEqual([LIVE_CALENDAR_FILE]);
  });

  it('refuses each bad path with a sentence naming the fix', () => {
    const { dir, workspace, folder, live } = setup();
    expect(refusal(() => live.set(workspace, '   '))).toContain('Type the full path of the calendar file');
    expect(refusal(() => live.set(workspace, ''))).toContain('or use Stop keeping a live calendar');
    expect(refusal(() => live.set(workspace, 'Calendars/reviews.ics'))).toContain('is not a full path');
    expect(refusal(() => live.set(workspace, path.join(folder, 'reviews.txt')))).toContain('does not end in .ics');
    expect(refusal(() => live.set(workspace, `${path.join(folder, 'a')}\n.ics`))).toContain('control character');
    expect(refusal(() => live.set(workspace, path.join(folder, 'missing', 'reviews.ics')))).toContain('does not exist. Create it first');
    const plain = path.join(folder, 'plain');
    fs.writeFileSync(plain, 'x');
    expect(refusal(() => live.set(workspace, path.join(plain, 'reviews.ics')))).toContain('is not a folder');
    const sub = path.join(folder, 'sub.ics');
    fs.mkdirSync(sub);
    expect(refusal(() => live.set(workspace, sub))).toContain('is a folder');
    const backups = path.join(dir, 'Acme backups');
    fs.mkdirSync(backups);
    expect(refusal(() => live.set(workspace, path.join(backups, 'reviews.ics')))).toContain("the workspace's backups folder");
    const notes = path.join(folder, 'notes.ics');
    fs.writeFileSync(notes, 'Shopping list\n');
    expect(refusal(() => live.set(workspace, notes))).toContain('would replace a file that is not a calendar');
    expect(fs.readFileSync(notes, 'utf8')).toBe('Shopping list\n');
    const icsWorkspace = path.join(dir, 'Odd.ics');
    expect(refusal(() => live.set(icsWorkspace, icsWorkspace))).toContain('the workspace file itself');
    expect(live.pathFor(workspace)).toBeNull();
  });

  it("refuses another program's calendar (with or without a byte order mark) and accepts this workspace's own", () => {
    const { workspace, folder, live } = setup();
    const mark = workspaceMark(workspace);
    const old = path.join(folder, 'old.ics');
    fs.writeFileSync(old, '\uFEFFBEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n');
    expect(refusal(() => live.set(workspace, old))).toContain('is another calendar');
    const others = path.join(folder, 'others.ics');
    fs.writeFileSync(others, `BEGIN:VCALENDAR\r\nX-ROLLOUT-WORKBENCH-WORKSPACE:${workspaceMark(path.join(folder, 'Other.sqlite'))}\r\nEND:VCALENDAR\r\n`);
    expect(refusal(() => live.set(workspace, others))).toContain('choose a new file name');
    expect(live.pathFor(workspace)).toBeNull();
    const own = path.join(folder, 'own.ics');
    fs.writeFileSync(own, `\uFEFFBEGIN:VCALENDAR\r\nX-ROLLOUT-WORKBENCH-WORKSPACE:${mark}\r\nEND:VCALENDAR\r\n`);
    live.set(workspace, own);
    expect(live.pathFor(workspace)).toBe(own);
  });

  it('folds case when comparing paths only where the file system does (macOS, Windows)', () => {
    expect(comparable('/Users/Me/Acme.sqlite', 'darwin')).toBe('/users/me/acme.sqlite');
    expect(comparable('/home/Me/Acme.sqlite', 'linux')).toBe('/home/Me/Acme.sqlite');
    expect(isInside('/Users/me/ACME BACKUPS/r.ics', '/Users/me/Acme backups', 'darwin')).toBe(true);
    expect(isInside('/Users/me/ACME BACKUPS/r.ics', '/Users/me/Acme backups', 'linux')).toBe(false);
    expect(isInside('/Users/me/ACME.SQLITE', '/Users/me/Acme.sqlite', 'win32')).toBe(true);
  });

  it('reads a damaged setting as none and writes it again; keeps fields and entries it does not know', () => {
    const { configDir, workspace, folder } = setup();
    const lines: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => lines.push(m) };
    const live = new LiveCalendar({ configDir, log });
    const settingFile = path.join(configDir, LIVE_CALENDAR_FILE);
    fs.writeFileSync(settingFile, '{"calendars": {"/x": ');
    expect(live.pathFor(workspace)).toBeNull();
    expect(lines.join('\n')).toContain('was damaged');
    expect(JSON.parse(fs.readFileSync(settingFile, 'utf8'))).toEqual({ version: 1, calendars: {} });

    fs.writeFileSync(settingFile, JSON.stringify({ version: 1, futureOption: { a: 1 }, calendars: { '/elsewhere/B.sqlite': '/elsewhere/b.ics' } }));
    const file = path.join(folder, 'reviews.ics');
    live.set(workspace, file);
    expect(JSON.parse(fs.readFileSync(settingFile, 'utf8'))).toEqual({
      version: 1,
      futureOption: { a: 1 },
      calendars: { '/elsewhere/B.sqlite': '/elsewhere/b.ics', [path.resolve(workspace)]: file },
    });
  });
});
