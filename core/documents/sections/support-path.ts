/**
 * The sections of the support path: severity levels with response and update times, a triage table
 * from symptom to first check to owner, who to contact per kind of problem, escalation by elapsed
 * time, support hours, the vendors' contacts, what a vendor will ask for, the support bundle, where
 * to open an incident, what to do without a route, diagnostics and the evidence to collect. The
 * lists and texts come from the site's runbook (core/runbook/); none assumes the reader uses this app.
 */
import type { Responsibility } from '../../domain/responsibilities';
import { responsibilityOwner } from '../../domain/responsibility-owner';
import { ageInDays } from '../../domain/rollback-currency';
import { humanMinutes } from '../../runbook/durations';
import { RUNBOOK_FIELD_KEYS, RUNBOOK_LIST_LABEL, VENDOR_KIND_LABEL, type Vendor } from '../../runbook/registry';
import { whereList, whereListWith } from '../../runbook/where';
import type { Block, DocSection, MissingPart, SiteSnapshot } from '../model';
import { contact, dash, needFacts, needOwner, owner, pushMissing, runbookReader } from './common';

/** Short labels, so the narrow first column never breaks a word. */
const PROBLEMS: { label: string; responsibility: Responsibility; examples: string }[] = [
  { label: 'Host', responsibility: 'hosting', examples: 'site down, PHP errors, outbound HTTPS blocked, DNS, SSL, firewall, cron' },
  { label: 'AI provider', responsibility: 'provider_key_billing', examples: 'key rejected, quota or bill reached, provider outage, rotation' },
  { label: 'Plugin', responsibility: 'diagnostics', examples: 'errors in SophMate screens, Diagnostics failing, a plugin update' },
  { label: 'Configuration', responsibility: 'setup', examples: 'wrong SophMate settings, roles, workflows enabled that should not be' },
  { label: 'Data', responsibility: 'rollback_restore', examples: 'content or products changed wrongly, records to restore' },
  { label: 'User flow', responsibility: 'support_routing', examples: 'operators unsure what to do, approvals stuck, training questions' },
];

/** "Ann Lee (Hosting owner): +44 20 …, ann@…" or "Hosting owner: not assigned". */
function ownerCell(s: SiteSnapshot, r: Responsibility): string {
  const o = owner(s, r);
  if (!o?.name) return `${responsibilityOwner(r)}: not assigned`;
  const reach = [o.phone, o.email].filter(Boolean).join(', ');
  return `${o.name} (${responsibilityOwner(r)}${o.active ? '' : ', inactive'})${reach ? `: ${reach}` : ''}`;
}

function vendorBlocks(s: SiteSnapshot, v: Vendor): Block[] {
  const rows: [string, string | null][] = [
    ['E-mail', v.email],
    ['Phone', v.phone],
    ['Support portal', v.url],
    ['Status page', v.statusUrl],
    ['Hours', v.hours],
    ['Licence or account kept', v.licenceLocation],
    ['Support until', v.supportExpiresOn],
    ['Account or contract number', v.accountRef],
    ['Notes', v.notes],
  ];
  const out: Block[] = [
    { type: 'paragraph', text: `${VENDOR_KIND_LABEL[v.kind]}: ${v.name}` },
    { type: 'fields', rows: rows.filter((x): x is [string, string] => Boolean(x[1])) },
  ];
  if (v.supportExpiresOn) {
    const left = -ageInDays(v.supportExpiresOn, s.generatedAt);
    if (left < 0)
      out.push({
        type: 'note',
        tone: 'warning',
        text: `The support contract with ${v.name} ended on ${v.supportExpiresOn}: it may refuse to help until it is renewed.`,
      });
    else if (left <= 30)
      out.push({
        type: 'note',
        tone: 'warning',
        text: `The support contract with ${v.name} ends on ${v.supportExpiresOn}, in ${left === 1 ? '1 day' : `${left} days`}: renew it in time.`,
      });
  }
  return out;
}

const paragraphs = (text: string): Block[] => text.split(/\n{2,}/).map((p) => ({ type: 'paragraph', text: p }));

function checkMissing(s: SiteSnapshot, missing: MissingPart[]) {
  for (const p of PROBLEMS) needOwner(s, missing, p.responsibility, `${p.label} problems`);
  needOwner(s, missing, 'incident_escalation', 'escalations');
  needFacts(s, missing, 'support_path', RUNBOOK_FIELD_KEYS);
  for (const l of ['severities', 'triage', 'escalations'] as const)
    if (!s.runbook.lists[l]?.length) pushMissing(missing, { part: RUNBOOK_LIST_LABEL[l], fix: whereList(l) });
  const sophmate = s.runbook.lists.vendors?.some((v) => v.kind === 'sophmate' && (v.email || v.phone || v.url));
  if (!sophmate)
    pushMissing(missing, {
      part: 'The SophMate vendor’s support contact (an e-mail, phone or portal)',
      fix: whereListWith('vendors', 'add the SophMate vendor with an e-mail, phone or support portal'),
    });
}

export function supportSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  const r = runbookReader(s, missing);
  checkMissing(s, missing);
  const l = s.runbook.lists;
  const vendors = l.vendors ?? [];
  return [
    {
      id: 'severities',
      title: 'Severity levels',
      blocks: l.severities?.length
        ? [
            {
              type: 'table',
              columns: ['Level', 'Meaning', 'First response', 'Updates every'],
              rows: l.severities.map((x) => [x.name, r.fill(x.meaning), humanMinutes(x.responseMinutes), humanMinutes(x.updateMinutes)]),
            },
          ]
        : [{ type: 'paragraph', text: 'No severity levels are recorded.' }],
    },
    {
      id: 'triage',
      title: 'Triage',
      blocks: l.triage?.length
        ? [
            { type: 'paragraph', text: 'Find the symptom, make the first check, then contact the owner with what you found.' },
            {
              type: 'table',
              columns: ['Symptom', 'First check', 'Owner'],
              rows: l.triage.map((x) => [r.fill(x.symptom), r.fill(x.firstCheck), ownerCell(s, x.responsibility)]),
            },
          ]
        : [{ type: 'paragraph', text: 'No triage table is recorded.' }],
    },
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
      id: 'escalation',
      title: 'Escalation by elapsed time',
      blocks: [
        ...(l.escalations?.length
          ? [
              {
                type: 'table' as const,
                columns: ['After', 'What to do', 'Who'],
                rows: [...l.escalations]
                  .sort((a, b) => a.afterMinutes - b.afterMinutes)
                  .map((x) => [humanMinutes(x.afterMinutes), r.fill(x.action), x.responsibility ? ownerCell(s, x.responsibility) : '—']),
              },
            ]
          : [{ type: 'paragraph' as const, text: 'No escalation times are recorded.' }]),
        {
          type: 'list',
          items: [
            'Escalate at once when a plan changed something it did not list, customer data may be exposed, or money is involved.',
            'Escalate when the same problem comes back after a fix.',
            'Pause the affected workflow before escalating when it can still change the site.',
          ],
        },
      ],
    },
    { id: 'hours', title: 'Support hours', blocks: [{ type: 'paragraph', text: r.shown('supportHours') }] },
    {
      id: 'vendors',
      title: 'Vendor contacts',
      blocks: vendors.length ? vendors.flatMap((v) => vendorBlocks(s, v)) : [{ type: 'paragraph', text: 'No vendor contact is recorded.' }],
    },
    {
      id: 'vendor-asks',
      title: 'What a vendor will ask for',
      blocks: [
        { type: 'paragraph', text: 'Have these at hand when you contact a vendor; check them against the site first if anything was updated.' },
        {
          type: 'fields',
          rows: [
            ['SophMate', dash(s.site.sophmateVersion)],
            ['WordPress', dash(s.site.wordpressVersion)],
            ['PHP', dash(s.site.phpVersion)],
            ['WooCommerce', s.site.woocommerceVersion ?? 'not used'],
            ['Theme', dash(s.site.activeTheme)],
            ['Host', dash(s.site.host)],
            ['AI provider', dash(s.site.aiProvider)],
            ['Production URL', s.site.productionUrl],
            ['Staging URL', dash(s.site.stagingUrl)],
          ],
        },
      ],
    },
    { id: 'support-bundle', title: 'Support bundle', blocks: paragraphs(r.shown('supportBundleSteps')) },
    { id: 'incident', title: 'Where to open an incident', blocks: [{ type: 'paragraph', text: r.shown('incidentLocation') }] },
    { id: 'unknown-route', title: "If you don't know the route", blocks: paragraphs(r.shown('unknownRoute')) },
    {
      id: 'diagnostics',
      title: 'Diagnostics',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Where', r.shown('diagnosticsLocation')],
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
  ];
}
