/**
 * The sections of the support path: who to contact for each kind of problem, where diagnostics are,
 * the evidence to collect, when to escalate and the vendor's support contact.
 */
import type { Responsibility } from '../../domain/responsibilities';
import type { DocSection, MissingPart, SiteSnapshot } from '../model';
import { contact, dash, needOwner, owner } from './common';

const PROBLEMS: { label: string; responsibility: Responsibility; examples: string }[] = [
  { label: 'Host', responsibility: 'hosting', examples: 'site down, PHP errors, outbound HTTPS blocked, DNS, SSL, firewall, cron' },
  { label: 'AI provider', responsibility: 'provider_key_billing', examples: 'key rejected, quota or bill reached, provider outage, rotation' },
  { label: 'SophMate plugin', responsibility: 'diagnostics', examples: 'errors in SophMate screens, Diagnostics failing, a plugin update' },
  { label: 'Configuration', responsibility: 'setup', examples: 'wrong settings, roles, workflows enabled that should not be' },
  { label: 'Data', responsibility: 'rollback_restore', examples: 'content or products changed wrongly, records to restore' },
  { label: 'User flows', responsibility: 'support_routing', examples: 'operators unsure what to do, approvals stuck, training questions' },
];

export function supportSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  for (const p of PROBLEMS) needOwner(s, missing, p.responsibility, `${p.label} problems`);
  needOwner(s, missing, 'incident_escalation', 'escalations');
  if (!s.runbook.diagnosticsLocation)
    missing.push({ part: 'Where diagnostics and support bundles are', fix: 'Documents tab → Rollback and support facts: diagnostics location.' });
  if (!s.runbook.vendorSupport) missing.push({ part: 'Vendor support contact', fix: 'Documents tab → Rollback and support facts: vendor support.' });
  return [
    {
      id: 'who-to-contact',
      title: 'Who to contact',
      blocks: [
        {
          type: 'table',
          columns: ['Problem', 'For example', 'Contact'],
          rows: PROBLEMS.map((p) => [p.label, p.examples, contact(owner(s, p.responsibility))]),
        },
      ],
    },
    {
      id: 'diagnostics',
      title: 'Diagnostics',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Where', dash(s.runbook.diagnosticsLocation)],
            ['Diagnostics owner', contact(owner(s, 'diagnostics'))],
          ],
        },
        { type: 'paragraph', text: 'Run SophMate Diagnostics before contacting anyone and keep the support bundle it produces.' },
      ],
    },
    {
      id: 'evidence',
      title: 'Evidence to collect',
      blocks: [
        {
          type: 'list',
          items: [
            'What happened and when (with the time zone), and who noticed.',
            'The user, the screen and the workflow involved.',
            'The prompt or request, with any secret removed.',
            'The approval state of any plan, and the records it affected.',
            'The Diagnostics support bundle and the relevant audit-log entries.',
          ],
        },
      ],
    },
    {
      id: 'escalation',
      title: 'Escalation',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Incident escalation', contact(owner(s, 'incident_escalation'))],
            ['Support routing', contact(owner(s, 'support_routing'))],
            ['Primary owner', contact(owner(s, 'primary'))],
          ],
        },
        {
          type: 'list',
          items: [
            'Escalate at once when a plan changed something it did not list, customer data may be exposed, or money is involved.',
            'Escalate when the same problem comes back after a fix, or nobody on the list answers within the working day.',
            'Pause the affected workflow before escalating when it can still change the site.',
          ],
        },
      ],
    },
    { id: 'vendor', title: 'Vendor support', blocks: [{ type: 'paragraph', text: dash(s.runbook.vendorSupport) }] },
  ];
}
