/**
 * The sections of the SOP pack: one per operator role, with every SOP the role signs (purpose, what
 * it may approve, who to escalate to at this site, examples, refusal and stop rules) and the site's
 * own overrides.
 */
import type { Responsibility } from '../../domain/responsibilities';
import { responsibilityOwner } from '../../domain/responsibility-owner';
import { ROLE_LABEL, WORKFLOW_LABEL } from '../../playbook/schema';
import type { Block, DocSection, MissingPart, SiteSnapshot } from '../model';
import { contact, owner } from './common';

/** The escalation owner of this site by name and contact, so nobody has to look it up under pressure. */
function escalationContact(s: SiteSnapshot, r: Responsibility): string {
  const o = owner(s, r);
  return `${responsibilityOwner(r)}: ${o ? contact(o) : 'not assigned at this site'}`;
}

export function sopSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  if (s.sops.length === 0) missing.push({ part: 'Role SOPs', fix: 'Playbook page: publish the SOPs.' });
  const roles = [...new Set(s.sops.map((x) => x.role))];
  return roles.map((role) => ({
    id: `role-${role}`,
    title: `${ROLE_LABEL[role]}`,
    blocks: s.sops
      .filter((x) => x.role === role)
      .flatMap(({ workflow, sop, overrides }): Block[] => [
        { type: 'paragraph', text: `${WORKFLOW_LABEL[workflow]} (SOP version ${sop.version})` },
        {
          type: 'fields',
          rows: [
            ['Purpose', sop.purpose],
            ['When to use', sop.whenToUse],
            ['May approve', sop.approvalBoundaries.mayApprove.join(', ') || 'nothing'],
            ['Approval notes', sop.approvalBoundaries.notes],
            ['Escalate to', escalationContact(s, sop.escalation.responsibility)],
          ],
        },
        {
          type: 'list',
          items: [
            ...sop.goodExamples.map((e) => `Good: ${e.text}${e.why ? ` (${e.why})` : ''}`),
            ...sop.badExamples.map((e) => `Not like this: ${e.text} (${e.why})`),
          ],
        },
        {
          type: 'list',
          items: [
            ...sop.whenToAsk.map((r) => `Ask first: ${r}`),
            ...sop.refusalRules.map((r) => `Refuse: ${r}`),
            ...sop.escalation.triggers.map((r) => `Escalate: ${r}`),
            ...sop.whenToStop.map((r) => `Stop: ${r}`),
          ],
        },
        ...(overrides.length
          ? [
              {
                type: 'note' as const,
                tone: 'info' as const,
                text: `For this site: ${overrides.map((o) => `${o.kind === 'refusal_rule' ? 'refuse' : 'escalation contact'}: ${o.text}`).join('; ')}`,
              },
            ]
          : []),
      ]),
  }));
}
