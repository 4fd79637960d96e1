/** SOPs: one per cell of the playbook matrix (workflow x role), published in versions that are never edited. */
import { z } from 'zod';
import { OPERATOR_ROLES, Sop, WORKFLOWS } from '../playbook/schema';
import { Id, requiredText, Timestamp } from './fields';

/** The rows an SOP version's lists are stored as, one kind per list. */
export const SOP_ITEM_KINDS = ['good_example', 'bad_example', 'refusal_rule', 'when_to_ask', 'escalation_trigger', 'when_to_stop'] as const;
export type SopItemKind = (typeof SOP_ITEM_KINDS)[number];

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

export const SopPublish = SopCell.extend({
  /** The version the edit started from; a newer version published meanwhile refuses the edit. */
  baseVersion: z.number().int().min(1),
  sop: Sop.omit({ workflow: true, role: true, version: true }),
  changeSummary: requiredText('Change summary', 500),
  /** Findings this update answers (from `findings.proposeSopUpdate`): each is linked to the version published. */
  findingIds: z.array(Id).max(200).default([]),
});

export const SopChangeSchema = z.union([
  z.object({ field: z.string(), kind: z.literal('text'), before: z.string(), after: z.string() }),
  z.object({ field: z.string(), kind: z.literal('list'), added: z.array(z.string()), removed: z.array(z.string()) }),
]);

export const sopsContract = {
  'sops.get': { input: SopCell.extend({ version: z.number().int().min(1).optional() }), output: SopDetail },
  'sops.publish': { input: SopPublish, output: SopDetail },
  'sops.diff': {
    input: SopCell.extend({ from: z.number().int().min(1), to: z.number().int().min(1) }),
    output: z.array(SopChangeSchema),
  },
} as const;
