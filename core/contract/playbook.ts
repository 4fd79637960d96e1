import { z } from 'zod';
import { OPERATOR_ROLES, Sop, WORKFLOWS } from '../playbook/schema';
import { Id, requiredText, Timestamp } from './fields';

export const SopCell = z.object({ workflow: z.enum(WORKFLOWS), role: z.enum(OPERATOR_ROLES) });

export const SopVersionInfo = z.object({
  id: Id,
  version: z.number().int(),
  changeSummary: z.string(),
  publishedBy: z.string(),
  publishedAt: Timestamp,
});

export const SopDetail = z.object({ id: Id, sop: Sop, publishedAt: Timestamp, versions: z.array(SopVersionInfo) });
export type SopDetail = z.infer<typeof SopDetail>;

export const PlaybookMatrix = z.object({
  cells: z.array(
    z.object({
      workflow: z.enum(WORKFLOWS),
      role: z.enum(OPERATOR_ROLES),
      version: z.number().int(),
      publishedAt: Timestamp,
      /** Operators of this role who signed an older version of this SOP. */
      operatorsNeedingRetraining: z.number().int(),
    }),
  ),
});

export const SopPublish = SopCell.extend({
  /** The version the edit started from; a newer version published meanwhile refuses the edit. */
  baseVersion: z.number().int().min(1),
  sop: Sop.omit({ workflow: true, role: true, version: true }),
  changeSummary: requiredText('Change summary', 500),
});

export const playbookContract = {
  'playbook.matrix': { input: z.object({}).default({}), output: PlaybookMatrix },
  'sops.get': { input: SopCell.extend({ version: z.number().int().min(1).optional() }), output: SopDetail },
  'sops.publish': { input: SopPublish, output: SopDetail },
} as const;
