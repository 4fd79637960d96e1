/** The worker thread's entry: built as worker.js beside the main bundle, run from the sources by bootstrap.mjs (pool.ts). */
import { serveTasks } from './host';
import { tasks } from './tasks';

serveTasks(tasks);
