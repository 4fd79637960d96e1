/** Writes of a site's pause. What each refreshes: lib/queries.ts. */
import type { Site } from '@core/contract/sites';
import type { Workflow } from '@core/playbook/schema';
import { useWrite, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { operatorQueries } from '../operators/queries';
import { siteScreen } from '../sites/queries';

/** Pauses the site's high-risk workflows, or resumes them when it is paused. */
export function usePauseOrResume(site: Site, o?: WriteOptions<unknown, { reason: string; workflows: Workflow[]; note: string }>) {
  return useWrite(
    ({ reason, workflows, note }: { reason: string; workflows: Workflow[]; note: string }) =>
      site.paused ? rpc('pauses.resume', { siteId: site.id, note }) : rpc('pauses.pause', { siteId: site.id, reason, workflows }),
    [...siteScreen(), operatorQueries.all()],
    o,
  );
}
