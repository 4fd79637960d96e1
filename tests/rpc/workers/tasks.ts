/** Tasks for the worker runner's tests (tests/rpc/workers.test.ts), served by entry.ts in a worker thread. */
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { TaskControl, TaskHandlers } from '@main/workers/pool';
import { abortError } from '@main/workers/pool';

export const testTasks: TaskHandlers = {
  add: (input: { a: number; b: number }) => input.a + input.b,
  bytes: (input: { text: string }) => Buffer.from(input.text, 'utf8'),
  count: async (input: { to: number }, control: TaskControl<number>) => {
    for (let i = 1; i <= input.to; i++) {
      control.progress(i);
      await new Promise((r) => setImmediate(r));
    }
    return input.to;
  },
  refuse: () => {
    throw new WorkbenchError(ErrorCode.REFUSED, 'A final rollback plan is refused while parts are missing.', { missing: [{ part: 'Backups owner' }] });
  },
  diskFull: (input: { file: string }) => {
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${input.file}'`), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
      path: input.file,
    });
  },
  /** Runs until cancelled, then ends as a cancelled task does. */
  untilCancelled: (_input: unknown, control: TaskControl) =>
    new Promise((_resolve, reject) => {
      const tick = setInterval(() => undefined, 10);
      control.signal.addEventListener('abort', () => {
        clearInterval(tick);
        reject(abortError());
      });
    }),
  /** Where the task ran: the worker's thread id (0 is the main thread). */
  thread: async () => (await import('node:worker_threads')).threadId,
};
