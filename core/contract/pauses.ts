/** Pausing high-risk activity on a site (some workflows, with a reason) and resuming it with a note. */
import { z } from 'zod';
import { WORKFLOWS } from '../playbook/schema';
import { Id, requiredNote } from './fields';
import { Readiness } from './readiness';

export const pausesContract = {
  'pauses.pause': {
    input: z.object({
      siteId: Id,
      reason: requiredNote('Reason', 1000),
      workflows: z.array(z.enum(WORKFLOWS)).min(1, { error: 'Choose at least one workflow to pause.' }),
    }),
    output: Readiness,
  },
  'pauses.resume': { input: z.object({ siteId: Id, note: requiredNote('Resume note', 1000) }), output: Readiness },
} as const;
