/** Site-specific additions to an SOP: extra refusal rules or escalation contacts for one site. */
import { z } from 'zod';
import { OPERATOR_ROLES, WORKFLOWS } from '../playbook/schema';
import { Id, requiredText, Timestamp } from './fields';
import { SopCell } from './sops';

/** What a site adds to an SOP. */
export const SITE_OVERRIDE_KINDS = ['refusal_rule', 'escalation_contact'] as const;

export const SiteOverride = z.object({
  id: Id,
  siteId: Id,
  workflow: z.enum(WORKFLOWS),
  role: z.enum(OPERATOR_ROLES),
  kind: z.enum(SITE_OVERRIDE_KINDS),
  text: z.string(),
  createdAt: Timestamp,
});
export type SiteOverride = z.infer<typeof SiteOverride>;

export const overridesContract = {
  'overrides.list': { input: z.object({ siteId: Id }), output: z.array(SiteOverride) },
  'overrides.add': {
    input: SopCell.extend({ siteId: Id, kind: z.enum(SITE_OVERRIDE_KINDS), text: requiredText('Text', 600) }),
    output: z.array(SiteOverride),
  },
  'overrides.remove': { input: z.object({ id: Id }), output: z.array(SiteOverride) },
} as const;
