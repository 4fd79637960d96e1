/**
 * The worker runner (main/workers/pool.ts) on real worker threads: a task answers, reports progress,
 * fails with its message (a refusal keeps its code and details, a disk fault is named as in the main
 * thread), is cancelled, waits its turn when every worker is busy, and the pool closes. A bulk export
 * whose documents are built in a worker writes the same files as the documents rendered in the main thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentKind } from '@core/documents/model';
import { WorkbenchError } from '@core/errors';
import { exportDocuments } from '@main/documents/bulk';
import { writerOf } from '@main/rpc/context';
import { classifyFault } from '@main/rpc/faults';
import { renderDocuments } from '@main/services/documents';
import { reviewsCalendarFile } from '@main/services/reviews-calendar';
import { taskContext } from '@main/workers/index';
import { WorkerPool } from '@main/workers/pool';
import { openTestWorkspace, tempDir } from '../db/helpers';
import { testTasks } from './workers/tasks';

const source = path.join(import.meta.dirname, 'workers', 'entry.ts');
const pools: WorkerPool[] = [];
function pool(size = 1, threads = true): WorkerPool {
  const p = new WorkerPool({ entry: 'test-worker', source, size, threads, load: async () => testTasks });
  pools.push(p);
  return p;
}
afterAll(async () => {
  for (const p of pools.splice(0)) await p.close();
});

describe('the worker runner', () => {
  it('runs a task in a worker thread and answers its result, reporting progress on the way', async () => {
    const p = pool();
    expect(p.threaded).toBe(true);
    expect(await p.run('thread', {})).not.toBe(0);
    expect(await p.run('add', { a: 2, b: 3 })).toBe(5);
    const seen: number[] = [];
    expect(await p.run<number, number>('count', { to: 4 }, { onProgress: (n) => seen.push(n) })).toBe(4);
    expect(seen).toEqual([1, 2, 3, 4]);
    const bytes = await p.run<Uint8Array>('bytes', { text: 'Notfallplan – ünïcode' });
    expect(Buffer.from(bytes).toString('utf8')).toBe('Notfallplan – ünïcode');
  });

  it('fails with the error the task threw: a refusal keeps its code and details, a disk fault its code and file', async () => {
    const p = pool();
    const refusal = await p.run('refuse', {}).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(WorkbenchError);
    expect(refusal).toMatchObject({
      code: 'REFUSED',
      message: 'A final rollback plan is refused while parts are missing.',
      details: { missing: [{ part: 'Backups owner' }] },
    });
    const fault = await p.run('diskFull', { file: '/exports/plan.pdf' }).catch((e: unknown) => e);
    expect(classifyFault(fault)).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('plan.pdf') });
    const unknown = await p.run('nothing', {}).catch((e: unknown) => e);
    expect((unknown as Error).message).toBe('No task named nothing in this worker.');
    // A failed task leaves the worker serving.
    expect(await p.run('add', { a: 1, b: 1 })).toBe(2);
  });

  it('cancels a running task and a queued one; the worker serves the next task', async () => {
    const p = pool(1);
    const running = new AbortController();
    const queued = new AbortController();
    const first = p.run('untilCancelled', {}, { signal: running.signal }).catch((e: Error) => e);
    const second = p.run('add', { a: 1, b: 2 }, { signal: queued.signal }).catch((e: Error) => e);
    queued.abort();
    expect(await second).toMatchObject({ name: 'AbortError', message: 'The task was cancelled.' });
    running.abort();
    expect(await first).toMatchObject({ name: 'AbortError' });
    expect(await p.run('add', { a: 20, b: 22 })).toBe(42);
    const gone = new AbortController();
    gone.abort();
    await expect(p.run('add', { a: 1, b: 1 }, { signal: gone.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('queues tasks beyond its workers and answers each in turn', async () => {
    const p = pool(2);
    const sums = await Promise.all(Array.from({ length: 7 }, (_v, i) => p.run<number>('add', { a: i, b: 100 })));
    expect(sums).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  it('closing the pool ends a running task and refuses new ones', async () => {
    const p = new WorkerPool({ entry: 'test-worker', source, size: 1, load: async () => testTasks });
    const running = p.run('untilCancelled', {}).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    expect(await running).toMatchObject({ message: 'The worker pool is closed.' });
    await expect(p.run('add', { a: 1, b: 1 })).rejects.toThrow('The worker pool is closed.');
  });

  it('with threads off, runs the same tasks in the calling thread', async () => {
    const p = pool(1, false);
    expect(p.threaded).toBe(false);
    expect(await p.run('thread', {})).toBe((await import('node:worker_threads')).threadId);
    expect(await p.run('add', { a: 2, b: 3 })).toBe(5);
    await expect(p.run('refuse', {})).rejects.toMatchObject({ code: 'REFUSED' });
  });
});

describe('a bulk export built in a worker thread', () => {
  it('writes, byte for byte, the documents the main thread renders, and records each', { timeout: 180_000 }, async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await ws.call('sites.create', { clientId: client.id, name: `Shop ${i} – Zürich 東京`, productionUrl: `https://shop${i}.northwind.test` })).id);
    const person = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    await ws.call('owners.assign', { siteId: ids[0]!, responsibility: 'rollback_restore', ownerId: person.id });
    const kinds: DocumentKind[] = ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook'];
    const out = tempDir();
    const workersPool = new WorkerPool({ entry: 'worker', size: 2, load: async () => (await import('@main/workers/tasks')).tasks });
    pools.push(workersPool);
    expect(workersPool.threaded).toBe(true);
    const result = await exportDocuments(writerOf(ws.session.ctx), {
      siteIds: ids,
      kinds,
      formats: ['md', 'html', 'pdf'],
      final: false,
      outDir: out,
      pool: workersPool,
    });
    expect(result).toMatchObject({ sites: 2, files: 24, cancelled: false, stopped: null });
    expect(ws.count('generated_documents')).toBe(24);
    for (const id of ids) {
      const name = (await ws.call('sites.get', { id })).name;
      const folder = fs.readdirSync(out).find((f) => f.endsWith(id.slice(-8).toLowerCase()))!;
      for (const kind of kinds) {
        const expected = await renderDocuments(ws.session.ctx, { siteId: id, kind, formats: ['md', 'html', 'pdf'], final: false });
        for (const f of expected.files) expect(fs.readFileSync(path.join(out, folder, f.fileName)).equals(f.bytes), `${name}: ${f.fileName}`).toBe(true);
      }
    }
  });
});

describe('cancelling a bulk export', () => {
  it('calls off the render under way at once and answers "cancelled", not a failure', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Shop', productionUrl: 'https://shop.northwind.test' });
    // A render that only ends when it is called off, like a long PDF in a worker.
    let started = 0;
    const slow = new WorkerPool({
      entry: 'worker',
      threads: false,
      load: async () => ({
        'documents.renderSite': (_input: unknown, t: { signal: AbortSignal }) =>
          new Promise((_resolve, reject) => {
            started++;
            t.signal.addEventListener('abort', () => reject(new Error('called off')), { once: true });
          }),
      }),
    });
    pools.push(slow);
    const cancel = new AbortController();
    const exported = exportDocuments(writerOf(ws.session.ctx), {
      siteIds: [site.id],
      kinds: ['rollback_plan'],
      formats: ['md'],
      final: false,
      outDir: tempDir(),
      pool: slow,
      signal: cancel.signal,
      onSiteStart: () => setTimeout(() => cancel.abort(), 10),
    });
    const result = await exported;
    expect(started).toBe(1);
    expect(result).toMatchObject({ sites: 0, files: 0, cancelled: true, stopped: null });
    expect(ws.count('generated_documents')).toBe(0);
  });
});

describe('the calendar built in a worker thread', () => {
  it('is the calendar built in the main thread', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    for (let i = 0; i < 3; i++) await ws.call('sites.create', { clientId: client.id, name: `Shop ${i}`, productionUrl: `https://shop${i}.northwind.test` });
    const p = new WorkerPool({ entry: 'worker', size: 1, load: async () => (await import('@main/workers/tasks')).tasks });
    pools.push(p);
    const here = reviewsCalendarFile(ws.session.ctx, {});
    expect(here.events).toBeGreaterThan(0);
    expect(await p.run('reviews.calendar', { ...taskContext(ws.session.ctx), input: {} })).toEqual(here);
  });
});
