/** Calls of the jobs channels that are not hooks: the export queue (features/documents/export-jobs.ts) makes them. */
import { rpc } from '../../lib/rpc';

/** Asks main to cancel a running job; answers whether it was (false: it had already ended). */
export const cancelJob = (jobId: string) => rpc('jobs.cancel', { jobId });
