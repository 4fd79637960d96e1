/**
 * The worker side of pool.ts: answers the tasks the main thread posts, one at a time, with their
 * progress, their result (buffers moved, not copied) or the error they threw, and aborts a task's
 * signal when the main thread cancels it.
 */
import { parentPort } from 'node:worker_threads';
import { errorShape, type FromWorker, type TaskHandlers, type ToWorker } from './pool';

/** Buffers inside a result, so they are moved to the main thread instead of copied. */
function buffersOf(value: unknown, out: Set<ArrayBuffer> = new Set()): Set<ArrayBuffer> {
  if (value instanceof Uint8Array) {
    // A Buffer from Node's shared pool is a view on a larger buffer that must not move.
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) buffersOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) buffersOf(v, out);
  return out;
}

export function serveTasks(handlers: TaskHandlers): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread (main/workers/pool.ts starts it).');
  const controllers = new Map<number, AbortController>();
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      controllers.get(m.id)?.abort();
      return;
    }
    const controller = new AbortController();
    controllers.set(m.id, controller);
    void (async () => {
      try {
        const handler = handlers[m.task];
        if (!handler) throw new Error(`No task named ${m.task} in this worker.`);
        const value = await handler(m.input, { signal: controller.signal, progress: (v: unknown) => post({ type: 'progress', id: m.id, value: v }) });
        post({ type: 'done', id: m.id, value }, [...buffersOf(value)]);
      } catch (e) {
        post({ type: 'failed', id: m.id, error: errorShape(e) });
      } finally {
        controllers.delete(m.id);
      }
    })();
  });
}
