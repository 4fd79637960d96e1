import { z } from 'zod';
import { OPERATOR_ROLES, Playbook, Sop, WORKFLOWS } from '../playbook/schema';
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

export const SopChangeSchema = z.union([
  z.object({ field: z.string(), kind: z.literal('text'), before: z.string(), after: z.string() }),
  z.object({ field: z.string(), kind: z.literal('list'), added: z.array(z.string()), removed: z.array(z.string()) }),
]);

export const SiteOverride = z.object({
  id: Id,
  siteId: Id,
  workflow: z.enum(WORKFLOWS),
  role: z.enum(OPERATOR_ROLES),
  kind: z.enum(['refusal_rule', 'escalation_contact']),
  text: z.string(),
  createdAt: Timestamp,
});
export type SiteOverride = z.infer<typeof SiteOverride>;

export const playbookContract = {
  'playbook.matrix': { input: z.object({}).default({}), output: PlaybookMatrix },
  'sops.get': { input: SopCell.extend({ version: z.number().int().min(1).optional() }), output: SopDetail },
  'sops.publish': { input: SopPublish, output: SopDetail },
  'sops.diff': {
    input: SopCell.extend({ from: z.number().int().min(1), to: z.number().int().min(1) }),
    output: z.array(SopChangeSchema),
  },
  'playbook.export': { input: z.object({}).default({}), output: Playbook },
  /** The file's text; the renderer reads the file, main never receives a path from the renderer. */
  'playbook.import': {
    input: z.object({ content: z.string().max(5_000_000, { error: 'The playbook file is too large (max 5 MB).' }) }),
    output: z.object({ published: z.number().int(), unchanged: z.number().int(), scenarios: z.number().int() }),
  },
  'overrides.list': { input: z.object({ siteId: Id }), output: z.array(SiteOverride) },
  'overrides.add': {
    input: SopCell.extend({ siteId: Id, kind: z.enum(['refusal_rule', 'escalation_contact']), text: requiredText('Text', 600) }),
    output: z.array(SiteOverride),
  },
  'overrides.remove': { input: z.object({ id: Id }), output: z.array(SiteOverride) },
} as const;
