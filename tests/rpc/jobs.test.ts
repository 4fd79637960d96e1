/**
 * Long jobs on a real workspace: a cancel stops the export between documents with only whole,
 * recorded files; the job's writes tell the windows once, when it ends; a job ends when the page or
 * window that started it goes away (also through the real HTTP transport).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportDocuments } from '@main/documents/bulk';
import { runningJobs } from '@main/services/jobs';
import { Callers } from '@main/rpc/callers';
import { deriveContext, writerOf } from '@main/rpc/context';
import { startHttpTransport, type HttpTransport } from '@main/rpc/http-transport';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';

type Event = [string, Record<string, unknown>];

async function sitesOf(ws: TestWorkspace, n: number): Promise<string[]> {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await ws.call('sites.create', { clientId: client.id, name: `Shop ${i}`, productionUrl: `https://shop${i}.northwind.test` })).id);
  return ids;
}

/** Files under their final names in every site folder under `out`. */
function filesIn(out: string): string[] {
  return fs
    .readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => path.join(d.parentPath, d.name));
}

const recorded = (ws: TestWorkspace) => ws.count('generated_documents');

/** Collects the session's events; `onEvent` may act on one as it comes (e.g. cancel the job). */
function collect(ws: TestWorkspace, onEvent: (e: Event) => void = () => {}) {
  const events: Event[] = [];
  let resolveDone: (d: Record<string, unknown>) => void;
  const done = new Promise<Record<string, unknown>>((r) => (resolveDone = r));
  ws.session.ctx.emit = (event, payload) => {
    const e: Event = [event, payload as Record<string, unknown>];
    events.push(e);
    onEvent(e);
    if (event === 'job.done') resolveDone(e[1]);
  };
  return { events, done };
}

const exportInput = (siteIds: string[]) => ({
  siteIds,
  kinds: ['rollback_plan', 'support_path'] as ('rollback_plan' | 'support_path')[],
  formats: ['md'] as 'md'[],
  final: false,
});

describe('bulk export jobs', () => {
  it('Cancel stops the job between sites; its writes are told once, at the end, and history lists exactly the files on disk', async () => {
    const ws = openTestWorkspace();
    const ids = await sitesOf(ws, 4);
    const out = tempDir();
    ws.session.ctx.chooseFolder = async () => out;
    let jobId = '';
    const { events, done } = collect(ws, ([event, p]) => {
      // Cancel as the second site starts: the first site's two documents are written, nothing after.
      if (event === 'job.progress' && p.done === 1) void ws.call('jobs.cancel', { jobId });
    });
    const before = recorded(ws);
    const started = await ws.call('documents.exportBulk', exportInput(ids));
    jobId = started.jobId!;
    expect(runningJobs().map((j) => j.id)).toContain(jobId);
    const result = await done;
    expect(result).toMatchObject({ jobId, cancelled: true, sites: 1, files: 2, error: null });
    expect(filesIn(out)).toHaveLength(2);
    expect(recorded(ws) - before).toBe(2);
    expect(fs.readdirSync(out)).toHaveLength(1);
    // No write was told on its own: one 'data.changed' for the whole job, before its end.
    const changes = events.filter(([e]) => e === 'data.changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]![1]).toMatchObject({ entity: 'site', count: 2 });
    expect(events.findIndex(([e]) => e === 'data.changed')).toBeLessThan(events.findIndex(([e]) => e === 'job.done'));
    expect(runningJobs()).toEqual([]);
    // The job is over: a late cancel finds nothing to stop.
    expect(await ws.call('jobs.cancel', { jobId })).toEqual({ cancelled: false });
  });

  it('a cancel stops between two documents of one site, leaving the first whole and recorded', async () => {
    const ws = openTestWorkspace();
    const ids = await sitesOf(ws, 2);
    const out = tempDir();
    const controller = new AbortController();
    // The first document's record is the moment to cancel: the second document of the same site is not written.
    const ctx = deriveContext(writerOf(ws.session.ctx), { emit: (event) => (event === 'data.changed' ? controller.abort() : undefined) });
    const result = await exportDocuments(ctx, { ...exportInput(ids), outDir: out, signal: controller.signal });
    expect(result).toMatchObject({ cancelled: true, sites: 0, files: 1, stopped: null });
    expect(filesIn(out).map((f) => path.basename(f))).toEqual([expect.stringMatching(/rollback-plan.*\.md$/)]);
    expect(recorded(ws)).toBe(1);
  });

  it('a job ends when the window or page that started it goes away', async () => {
    const ws = openTestWorkspace();
    const ids = await sitesOf(ws, 4);
    const out = tempDir();
    ws.session.ctx.chooseFolder = async () => out;
    const page = new AbortController();
    let owners: (string | null)[] = [];
    const { done } = collect(ws, ([event, p]) => {
      if (event === 'job.progress' && p.done === 1) {
        owners = runningJobs().map((j) => j.callerId);
        page.abort();
      }
    });
    const r = await ws.session.registry.dispatch(
      'documents.exportBulk',
      exportInput(ids),
      deriveContext(ws.session.ctx, { caller: { id: 'page-one-1234', signal: page.signal } }),
    );
    expect(r.ok).toBe(true);
    const result = await done;
    expect(owners).toEqual(['page-one-1234']);
    expect(result).toMatchObject({ cancelled: true, sites: 1, files: 2 });
    expect(filesIn(out)).toHaveLength(2);
    expect(runningJobs()).toEqual([]);
  });

  it('a job started for a page already gone writes nothing', async () => {
    const ws = openTestWorkspace();
    const ids = await sitesOf(ws, 2);
    const out = tempDir();
    ws.session.ctx.chooseFolder = async () => out;
    const { done } = collect(ws);
    const gone = new AbortController();
    gone.abort();
    await ws.session.registry.dispatch(
      'documents.exportBulk',
      exportInput(ids),
      deriveContext(ws.session.ctx, { caller: { id: 'page-gone-1234', signal: gone.signal } }),
    );
    expect(await done).toMatchObject({ cancelled: true, sites: 0, files: 0 });
    expect(filesIn(out)).toEqual([]);
  });
});

describe('callers of the HTTP transport', () => {
  afterEach(() => vi.useRealTimers());

  it('a page is gone once its event stream has been closed for the whole grace, not when it comes back in time', () => {
    vi.useFakeTimers();
    const callers = new Callers(5_000);
    const caller = callers.get('page-abcdefgh');
    const detach = callers.attach('page-abcdefgh');
    vi.advanceTimersByTime(60_000);
    expect(caller.signal.aborted).toBe(false);
    detach();
    vi.advanceTimersByTime(4_000);
    // The browser reconnects the stream within the grace: the page is still there.
    const again = callers.attach('page-abcdefgh');
    vi.advanceTimersByTime(10_000);
    expect(caller.signal.aborted).toBe(false);
    again();
    vi.advanceTimersByTime(5_000);
    expect(caller.signal.aborted).toBe(true);
    // The same id afterwards is a new page (a new caller), not the gone one.
    expect(callers.get('page-abcdefgh').signal.aborted).toBe(false);
  });

  it('a page that calls but never opens its event stream is gone after the grace', () => {
    vi.useFakeTimers();
    const callers = new Callers(5_000);
    const caller = callers.get('page-silent-1');
    vi.advanceTimersByTime(4_999);
    expect(caller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(caller.signal.aborted).toBe(true);
    expect(callers.size).toBe(0);
  });

  const transports: HttpTransport[] = [];
  afterEach(async () => {
    for (const t of transports.splice(0)) await t.close();
  });

  async function serve(ws: TestWorkspace) {
    const listeners = new Set<(e: string, p: unknown) => void>();
    const emit = ws.session.ctx.emit!;
    ws.session.ctx.emit = (e, p) => {
      emit(e, p);
      listeners.forEach((l) => l(e, p));
    };
    const t = await startHttpTransport({
      dispatch: (c, i, caller) => ws.session.registry.dispatch(c, i, caller ? deriveContext(ws.session.ctx, { caller }) : ws.session.ctx),
      callerGraceMs: 20,
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    });
    transports.push(t);
    return t;
  }

  function post(t: HttpTransport, channel: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`http://127.0.0.1:${t.port}/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}`, ...headers },
      body: JSON.stringify(body),
    });
  }

  it('closing the page’s event stream ends the export it started, through the real transport', async () => {
    const ws = openTestWorkspace();
    const ids = await sitesOf(ws, 40);
    const out = tempDir();
    ws.session.ctx.chooseFolder = async () => out;
    let stream: http.ClientRequest | null = null;
    const { done } = collect(ws, ([event, p]) => {
      // The page closes as the second site starts.
      if (event === 'job.progress' && p.done === 1) stream?.destroy();
    });
    const t = await serve(ws);
    await new Promise<void>((resolve, reject) => {
      stream = http.get({ host: '127.0.0.1', port: t.port, path: `/events?token=${t.token}&client=page-closing-1` }, () => resolve());
      stream.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
    });
    const res = (await (await post(t, 'documents.exportBulk', exportInput(ids), { 'x-workbench-client': 'page-closing-1' })).json()) as { ok: boolean };
    expect(res.ok).toBe(true);
    const result = await done;
    expect(result.cancelled).toBe(true);
    expect(result.sites).toBeLessThan(ids.length);
    expect(filesIn(out)).toHaveLength(result.files as number);
    expect(recorded(ws)).toBe(result.files);
  });

  it('refuses a malformed page id, naming the header, and starts nothing', async () => {
    const ws = openTestWorkspace();
    const ids = await sitesOf(ws, 1);
    ws.session.ctx.chooseFolder = async () => tempDir();
    const t = await serve(ws);
    const res = await post(t, 'documents.exportBulk', exportInput(ids), { 'x-workbench-client': '../../etc' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'The x-workbench-client header must be 8 to 64 letters, digits, "-" or "_" (an id the page makes for itself); leave it out when no page is calling.',
    );
    expect(runningJobs()).toEqual([]);
    const events = await fetch(`http://127.0.0.1:${t.port}/events?token=${t.token}&client=${'x'.repeat(65)}`);
    expect(events.status).toBe(400);
    expect(((await events.json()) as { error: { message: string } }).error.message).toMatch(
      /^The "client" parameter of the event stream must be 8 to 64 letters/,
    );
  });
});
