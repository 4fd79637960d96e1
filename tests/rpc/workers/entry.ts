/** The worker entry of the worker runner's tests. */
import { serveTasks } from '@main/workers/host';
import { testTasks } from './tasks';

serveTasks(testTasks);
