/** Long jobs (a bulk document export) report progress by event and can be cancelled. */
import { z } from 'zod';
import { Id } from './fields';

export const jobsContract = {
  'jobs.cancel': { input: z.object({ jobId: Id }), output: z.object({ cancelled: z.boolean() }) },
} as const;
