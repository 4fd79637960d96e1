/**
 * One document model for every format: pure builders turn a snapshot of a site into sections of
 * blocks; main/documents renders the same model to Markdown, HTML and PDF. Nothing here escapes or
 * formats for a target: renderers do that, so user text stays literal everywhere.
 */
import { REVIEW_KIND_LABEL, type ReviewKind } from '../domain/cadence';
import { RESPONSIBILITY_INFO, type Responsibility } from '../domain/responsibilities';
import { responsibilityOwner } from '../domain/responsibility-owner';
import { scanForSecrets } from '../domain/secret-scanner';
import { STAGE_LABEL, type RolloutStage } from '../domain/stages';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS as WORKFLOW_ORDER, type OperatorRole, type Sop, type Workflow } from '../playbook/schema';

export const DOCUMENT_KINDS = ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_LABEL: Record<DocumentKind, string> = {
  rollback_plan: 'Rollback plan',
  support_path: 'Support path',
  sop_pack: 'SOP pack',
  handover_runbook: 'Handover runbook',
};
export const DOCUMENT_FORMATS = ['md', 'html', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[]; ordered?: boolean }
  | { type: 'fields'; rows: [label: string, value: string][] }
  | { type: 'table'; columns: string[]; rows: string[][] }
  | { type: 'note'; tone: 'warning' | 'info'; text: string };

export interface DocSection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface MissingPart {
  /** What is missing, in plain words. */
  part: string;
  /** Where to record it in the app. */
  fix: string;
}

export interface DocumentModel {
  kind: DocumentKind;
  title: string;
  siteName: string;
  clientName: string;
  agencyName: string;
  footer: string;
  logo: { mime: 'image/png' | 'image/jpeg'; base64: string } | null;
  generatedAt: string;
  /** A draft carries "DRAFT" on every page; a final export is refused while `missing` is not empty. */
  draft: boolean;
  missing: MissingPart[];
  sections: DocSection[];
}

// ---------------------------------------------------------------------------------------------
// The snapshot: everything a document may say about a site, gathered by main in one read.

export interface OwnerFact {
  responsibility: Responsibility;
  name: string | null;
  email: string | null;
  phone: string | null;
  backupName: string | null;
  verifiedAt: string | null;
  active: boolean;
}

export interface SiteSnapshot {
  generatedAt: string;
  branding: { agencyName: string; footer: string; logo: DocumentModel['logo']; texts: Partial<Record<DocumentKind, string>> };
  site: {
    id: string;
    name: string;
    clientName: string;
    stage: RolloutStage;
    productionUrl: string;
    stagingUrl: string | null;
    sophmateVersion: string | null;
    wordpressVersion: string | null;
    phpVersion: string | null;
    woocommerceVersion: string | null;
    activeTheme: string | null;
    host: string | null;
    aiProvider: string | null;
    notes: string | null;
    missingSetup: string[];
  };
  owners: OwnerFact[];
  runbook: {
    knownGood: { sophmateVersion: string | null; wordpressVersion: string | null; phpVersion: string | null; activeTheme: string | null; host: string | null; recordedOn: string } | null;
    backupLocation: string | null;
    lastBackupOn: string | null;
    lastRehearsalOn: string | null;
    diagnosticsLocation: string | null;
    vendorSupport: string | null;
    pauseInstructions: string | null;
  };
  operators: { name: string; role: OperatorRole; status: string; access: string; workflows: Workflow[]; overrideReason: string | null }[];
  /** How SophMate is set up at the site (Setup → Access model). */
  accessModel: {
    recorded: boolean;
    enabledWorkflows: Workflow[];
    roles: { role: OperatorRole; wordpressRole: string; maxApproveRisk: 'none' | 'low' | 'medium' | 'high' }[];
    providerTier: string | null;
    bulkApprovalRisk: 'low' | null;
    firstRunCompletedOn: string | null;
    firstRunCompletedByName: string | null;
  };
  checklist: { title: string; status: string; why: string }[];
  acceptance: { title: string; status: string; why: string }[];
  gates: { label: string; ok: boolean; reasons: string[] }[];
  gateOverrides: { gate: string; action: string; reasons: string; overrideReason: string; actor: string; at: string }[];
  pause: { reason: string; pausedBy: string; pausedAt: string; workflows: Workflow[] } | null;
  reviews: { cadence: string; open: { kind: ReviewKind; dueOn: string; ownerName: string | null; reason: string }[]; lastDone: { kind: ReviewKind; doneAt: string; doneBy: string; findings: string | null }[] };
  /** Open incidents; `openedBy` is who recorded it, by name. */
  incidents: { title: string; severity: string; occurredAt: string; affectedWorkflow: string | null; openedBy: string }[];
  sops: { role: OperatorRole; workflow: Workflow; sop: Sop; overrides: { kind: string; text: string }[] }[];
  changes: { at: string; actor: string; summary: string }[];
}

// ---------------------------------------------------------------------------------------------
// Placeholders in the agency's text blocks

export const PLACEHOLDERS = ['site', 'client', 'agency', 'stage', 'production_url', 'date'] as const;
const PLACEHOLDER_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Unknown placeholders in a text block, for validation ("{{sitename}}" is a typo, not empty). */
export function unknownPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) out.push(m[1]!);
  return [...new Set(out)];
}

export function placeholderError(label: string, unknown: string[]): string {
  return `${label} uses ${unknown.map((u) => `{{${u}}}`).join(', ')}, which ${unknown.length === 1 ? 'is not a placeholder' : 'are not placeholders'}: use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`;
}

export function fillPlaceholders(text: string, s: SiteSnapshot, label: string): string {
  const unknown = unknownPlaceholders(text);
  if (unknown.length) throw new Error(placeholderError(label, unknown));
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    site: s.site.name,
    client: s.site.clientName,
    agency: s.branding.agencyName,
    stage: STAGE_LABEL[s.site.stage],
    production_url: s.site.productionUrl,
    date: s.generatedAt.slice(0, 10),
  };
  return text.replace(PLACEHOLDER_RE, (_m, name: keyof typeof values) => values[name]);
}

// ---------------------------------------------------------------------------------------------
// Helpers

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

function owner(s: SiteSnapshot, r: Responsibility): OwnerFact | undefined {
  return s.owners.find((o) => o.responsibility === r && o.name);
}

function contact(o: OwnerFact | undefined): string {
  if (!o?.name) return 'No owner assigned';
  const parts = [o.name, o.email, o.phone].filter(Boolean).join(', ');
  return `${parts}${o.backupName ? ` (backup: ${o.backupName})` : ''}${o.active ? '' : ' — INACTIVE'}`;
}

function needOwner(s: SiteSnapshot, missing: MissingPart[], r: Responsibility, why: string) {
  // One line per responsibility, however many sections need it.
  const who = responsibilityOwner(r);
  if (missing.some((m) => m.part.startsWith(`${who} (`) || m.part.startsWith(`An active ${who} (`))) return;
  const o = owner(s, r);
  if (!o) missing.push({ part: `${who} (${why})`, fix: 'Owners tab: assign an owner.' });
  else if (!o.active) missing.push({ part: `An active ${who} (${o.name} is inactive)`, fix: 'Owners tab: assign an active person.' });
}

function intro(kind: DocumentKind, s: SiteSnapshot): DocSection[] {
  const text = s.branding.texts[kind];
  if (!text?.trim()) return [];
  return [{ id: 'introduction', title: 'Introduction', blocks: text.split(/\n{2,}/).map((p) => ({ type: 'paragraph' as const, text: fillPlaceholders(p, s, `The ${DOCUMENT_LABEL[kind]} text`) })) }];
}

function setupSection(s: SiteSnapshot): DocSection {
  const x = s.site;
  return {
    id: 'setup-record',
    title: 'Setup record',
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Site', x.name],
          ['Client', x.clientName],
          ['Stage', STAGE_LABEL[x.stage]],
          ['Production URL', x.productionUrl],
          ['Staging URL', dash(x.stagingUrl)],
          ['SophMate version', dash(x.sophmateVersion)],
          ['WordPress version', dash(x.wordpressVersion)],
          ['PHP version', dash(x.phpVersion)],
          ['WooCommerce version', dash(x.woocommerceVersion)],
          ['Active theme', dash(x.activeTheme)],
          ['Host', dash(x.host)],
          ['AI provider', dash(x.aiProvider)],
        ],
      },
      ...(x.notes ? [{ type: 'paragraph' as const, text: `Notes: ${x.notes}` }] : []),
    ],
  };
}

function ownerMatrixSection(s: SiteSnapshot): DocSection {
  return {
    id: 'owners',
    title: 'Owner matrix',
    blocks: [
      {
        type: 'table',
        columns: ['Responsibility', 'Owner', 'Contact', 'Backup', 'Verified'],
        rows: s.owners.map((o) => [
          RESPONSIBILITY_INFO[o.responsibility].label,
          o.name ? `${o.name}${o.active ? '' : ' (inactive)'}` : 'No owner assigned',
          [o.email, o.phone].filter(Boolean).join(', ') || '—',
          dash(o.backupName),
          o.name ? (o.verifiedAt ? day(o.verifiedAt) : 'not verified') : '—',
        ]),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The four documents

function rollbackSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  const r = s.runbook;
  const kg = r.knownGood;
  if (!kg) missing.push({ part: 'Known-good versions', fix: 'Documents tab → Rollback and support facts: record the current versions as known good once the site works.' });
  if (!r.backupLocation) missing.push({ part: 'Where the last backup is', fix: 'Documents tab → Rollback and support facts: backup location.' });
  if (!r.lastBackupOn) missing.push({ part: 'Date of the last backup', fix: 'Documents tab → Rollback and support facts: last backup.' });
  if (!r.lastRehearsalOn) missing.push({ part: 'Date of the last rollback rehearsal', fix: 'Rehearse a restore on staging, then record the date under Rollback and support facts on the Documents tab.' });
  if (!r.pauseInstructions) missing.push({ part: 'Where to pause high-risk activity', fix: 'Documents tab → Rollback and support facts: how to pause workflows.' });
  needOwner(s, missing, 'rollback_restore', 'who restores');
  needOwner(s, missing, 'backups', 'who keeps the backups');
  const restore = owner(s, 'rollback_restore');
  return [
    {
      id: 'known-good',
      title: 'Known-good state',
      blocks: kg
        ? [
            { type: 'paragraph', text: `Recorded on ${kg.recordedOn} as the last state in which the site worked.` },
            {
              type: 'fields',
              rows: [
                ['SophMate', dash(kg.sophmateVersion)],
                ['WordPress', dash(kg.wordpressVersion)],
                ['PHP', dash(kg.phpVersion)],
                ['Theme', dash(kg.activeTheme)],
                ['Host', dash(kg.host)],
              ],
            },
          ]
        : [{ type: 'note', tone: 'warning', text: 'No known-good versions are recorded.' }],
    },
    {
      id: 'backup',
      title: 'Backup and restore',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Last backup', `${dash(r.lastBackupOn)}${r.backupLocation ? ` — ${r.backupLocation}` : ''}`],
            ['Restore owner', contact(restore)],
            ['Backups owner', contact(owner(s, 'backups'))],
            ['Hosting contact', contact(owner(s, 'hosting'))],
            ['Last rehearsal', dash(r.lastRehearsalOn)],
          ],
        },
      ],
    },
    {
      id: 'rollback-steps',
      title: 'Rollback steps',
      blocks: [
        {
          type: 'list',
          ordered: true,
          items: [
            `Pause the affected workflows in SophMate${r.pauseInstructions ? `: ${r.pauseInstructions}.` : '.'} Record the pause in Rollout Workbench.`,
            'Disable the write-capable workflows (product copy, Theme Assistant changes, workflow approvals) until the site is confirmed healthy.',
            `Ask the restore owner (${restore?.name ?? 'no owner assigned'}) to restore the last backup${r.backupLocation ? ` from ${r.backupLocation}` : ''}; restore staging first when time allows.`,
            kg?.sophmateVersion ? `Revert the SophMate plugin to version ${kg.sophmateVersion} if the current version differs.` : 'Revert the SophMate plugin to the last version known to work.',
            'Clear caches (host, CDN, object cache) so visitors see the restored site.',
          ],
        },
      ],
    },
    {
      id: 'checks',
      title: 'Checks that confirm the rollback worked',
      blocks: [
        {
          type: 'list',
          items: [
            `The production site (${s.site.productionUrl}) loads, logins work, and checkout or forms complete end to end.`,
            'SophMate Diagnostics passes: PHP version and extensions, outbound HTTPS to the AI provider, REST, cron.',
            'A read-only Copilot question gets an answer; no write-capable workflow runs until the incident owner agrees.',
            'The audit log shows no plan or approval after the restore that nobody expected.',
            'The pause is lifted in Rollout Workbench with a note saying what was checked.',
          ],
        },
      ],
    },
    {
      id: 'contacts',
      title: 'Contacts',
      blocks: [
        {
          type: 'fields',
          rows: (['primary', 'rollback_restore', 'backups', 'hosting', 'incident_escalation'] as Responsibility[]).map((x) => [RESPONSIBILITY_INFO[x].label, contact(owner(s, x))]),
        },
      ],
    },
  ];
}

const PROBLEMS: { label: string; responsibility: Responsibility; examples: string }[] = [
  { label: 'Host', responsibility: 'hosting', examples: 'site down, PHP errors, outbound HTTPS blocked, DNS, SSL, firewall, cron' },
  { label: 'AI provider', responsibility: 'provider_key_billing', examples: 'key rejected, quota or bill reached, provider outage, rotation' },
  { label: 'SophMate plugin', responsibility: 'diagnostics', examples: 'errors in SophMate screens, Diagnostics failing, a plugin update' },
  { label: 'Configuration', responsibility: 'setup', examples: 'wrong settings, roles, workflows enabled that should not be' },
  { label: 'Data', responsibility: 'rollback_restore', examples: 'content or products changed wrongly, records to restore' },
  { label: 'User flows', responsibility: 'support_routing', examples: 'operators unsure what to do, approvals stuck, training questions' },
];

function supportSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  for (const p of PROBLEMS) needOwner(s, missing, p.responsibility, `${p.label} problems`);
  needOwner(s, missing, 'incident_escalation', 'escalations');
  if (!s.runbook.diagnosticsLocation) missing.push({ part: 'Where diagnostics and support bundles are', fix: 'Documents tab → Rollback and support facts: diagnostics location.' });
  if (!s.runbook.vendorSupport) missing.push({ part: 'Vendor support contact', fix: 'Documents tab → Rollback and support facts: vendor support.' });
  return [
    {
      id: 'who-to-contact',
      title: 'Who to contact',
      blocks: [{ type: 'table', columns: ['Problem', 'For example', 'Contact'], rows: PROBLEMS.map((p) => [p.label, p.examples, contact(owner(s, p.responsibility))]) }],
    },
    {
      id: 'diagnostics',
      title: 'Diagnostics',
      blocks: [
        { type: 'fields', rows: [['Where', dash(s.runbook.diagnosticsLocation)], ['Diagnostics owner', contact(owner(s, 'diagnostics'))]] },
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
        { type: 'fields', rows: [['Incident escalation', contact(owner(s, 'incident_escalation'))], ['Support routing', contact(owner(s, 'support_routing'))], ['Primary owner', contact(owner(s, 'primary'))]] },
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

/** The escalation owner of this site by name and contact, so nobody has to look it up under pressure. */
function escalationContact(s: SiteSnapshot, r: Responsibility): string {
  const o = owner(s, r);
  return `${responsibilityOwner(r)}: ${o ? contact(o) : 'not assigned at this site (Owners tab)'}`;
}

function sopSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
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
        { type: 'list', items: [...sop.goodExamples.map((e) => `Good: ${e.text}${e.why ? ` (${e.why})` : ''}`), ...sop.badExamples.map((e) => `Not like this: ${e.text} (${e.why})`)] },
        {
          type: 'list',
          items: [
            ...sop.whenToAsk.map((r) => `Ask first: ${r}`),
            ...sop.refusalRules.map((r) => `Refuse: ${r}`),
            ...sop.escalation.triggers.map((r) => `Escalate: ${r}`),
            ...sop.whenToStop.map((r) => `Stop: ${r}`),
          ],
        },
        ...(overrides.length ? [{ type: 'note' as const, tone: 'info' as const, text: `For this site: ${overrides.map((o) => `${o.kind === 'refusal_rule' ? 'refuse' : 'escalation contact'}: ${o.text}`).join('; ')}` }] : []),
      ]),
  }));
}

function handoverSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  for (const m of s.site.missingSetup) missing.push({ part: `Setup record: ${m}`, fix: 'Setup record tab (the setup owner on the Owners tab).' });
  const rollback = rollbackSections(s, missing);
  const support = supportSections(s, missing);
  const dedupe = new Map(missing.map((m) => [m.part, m]));
  missing.splice(0, missing.length, ...dedupe.values());
  if (!s.accessModel.recorded) missing.push({ part: 'Access model (enabled workflows, roles and approval limits)', fix: 'Setup tab → Access model.' });
  else if (!s.accessModel.firstRunCompletedOn) missing.push({ part: 'SophMate First-Run Checklist completion', fix: 'Setup tab → Access model: who completed it and when.' });
  return [
    setupSection(s),
    ownerMatrixSection(s),
    accessModelSection(s),
    {
      id: 'operators',
      title: 'Operators and training',
      blocks: s.operators.length
        ? [{
            type: 'table',
            columns: ['Operator', 'Role', 'Training', 'Access'],
            rows: s.operators.map((o) => [
              o.name,
              ROLE_LABEL[o.role],
              o.status.replace(/_/g, ' '),
              `${o.access}${o.workflows.length ? `: ${o.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}` : ''}${o.overrideReason ? ` (override: ${o.overrideReason})` : ''}`,
            ]),
          }]
        : [{ type: 'paragraph', text: 'No operators are recorded.' }],
    },
    {
      id: 'readiness',
      title: 'Checklist and gates',
      blocks: [
        { type: 'table', columns: ['Checklist item', 'State', 'Why'], rows: s.checklist.map((c) => [c.title, c.status.replace(/_/g, ' '), c.why]) },
        { type: 'table', columns: ['Acceptance check', 'State', 'Why'], rows: s.acceptance.map((c) => [c.title, c.status.replace(/_/g, ' '), c.why]) },
        { type: 'table', columns: ['Gate', 'State', 'Reasons'], rows: s.gates.map((g) => [g.label, g.ok ? 'met' : 'not met', g.reasons.join(' ') || '—']) },
        ...(s.pause ? [{ type: 'note' as const, tone: 'warning' as const, text: `High-risk activity is paused since ${day(s.pause.pausedAt)} by ${s.pause.pausedBy} (${s.pause.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}): ${s.pause.reason}` }] : []),
      ],
    },
    {
      id: 'cadences',
      title: 'Review cadences',
      blocks: [
        { type: 'paragraph', text: `Periodic reviews: ${s.reviews.cadence}.` },
        s.reviews.open.length
          ? { type: 'table', columns: ['Planned review', 'Due', 'Owner', 'Why'], rows: s.reviews.open.map((r) => [REVIEW_KIND_LABEL[r.kind], r.dueOn, dash(r.ownerName), r.reason]) }
          : { type: 'paragraph', text: 'No review is planned.' },
        ...(s.reviews.lastDone.length ? [{ type: 'table' as const, columns: ['Review done', 'On', 'By', 'Findings'], rows: s.reviews.lastDone.map((r) => [REVIEW_KIND_LABEL[r.kind], day(r.doneAt), r.doneBy, dash(r.findings)]) }] : []),
      ],
    },
    ...rollback.map((x) => ({ ...x, id: `rollback-${x.id}`, title: `Rollback: ${x.title}` })),
    ...support.map((x) => ({ ...x, id: `support-${x.id}`, title: `Support: ${x.title}` })),
    {
      id: 'incidents',
      title: 'Open incidents',
      blocks: s.incidents.length
        ? [{ type: 'table', columns: ['Incident', 'Severity', 'Since', 'Workflow', 'Opened by'], rows: s.incidents.map((i) => [i.title, i.severity, day(i.occurredAt), i.affectedWorkflow ? WORKFLOW_LABEL[i.affectedWorkflow as Workflow] ?? i.affectedWorkflow : '—', i.openedBy]) }]
        : [{ type: 'paragraph', text: 'No incident is open.' }],
    },
    {
      id: 'overrides',
      title: 'Recorded overrides',
      blocks: [
        ...(s.gateOverrides.length
          ? [{ type: 'table' as const, columns: ['When', 'Gate', 'Move', 'Not met', 'Reason', 'By'], rows: s.gateOverrides.map((o) => [day(o.at), o.gate, o.action, o.reasons, o.overrideReason, o.actor]) }]
          : [{ type: 'paragraph' as const, text: 'No readiness gate was overridden.' }]),
        // Access overrides recorded before they were listed with the gates still print here, once.
        ...(legacyAccessOverrides(s).length
          ? [{ type: 'list' as const, items: legacyAccessOverrides(s).map((o) => `${o.name} (${ROLE_LABEL[o.role]}) was given access without meeting the access gate: ${o.overrideReason}`) }]
          : []),
      ],
    },
    repeatSetupSection(s),
    signOffSection(s),
    {
      id: 'changes',
      title: 'Recent changes',
      blocks: s.changes.length ? [{ type: 'table', columns: ['When', 'Who', 'What'], rows: s.changes.map((c) => [day(c.at), c.actor, c.summary]) }] : [{ type: 'paragraph', text: 'No changes recorded.' }],
    },
  ];
}

function legacyAccessOverrides(s: SiteSnapshot) {
  return s.operators.filter((o) => o.overrideReason && !s.gateOverrides.some((g) => g.overrideReason === o.overrideReason && g.action.includes(o.name)));
}

const APPROVAL_WORDS = { none: 'approves nothing', low: 'low risk', medium: 'up to medium risk', high: 'up to high risk' } as const;

function accessModelSection(s: SiteSnapshot): DocSection {
  const a = s.accessModel;
  if (!a.recorded) return { id: 'access-model', title: 'Access model', blocks: [{ type: 'note', tone: 'warning', text: 'The access model of this site is not recorded: nobody can tell from this document how SophMate is set up.' }] };
  const keyOwner = owner(s, 'provider_key_billing');
  return {
    id: 'access-model',
    title: 'Access model',
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Enabled workflows', a.enabledWorkflows.map((w) => WORKFLOW_LABEL[w]).join(', ') || 'none'],
          ['AI provider', `${dash(s.site.aiProvider)}${a.providerTier ? `, ${a.providerTier}` : ''}`],
          ['Provider key owner', keyOwner ? contact(keyOwner) : 'not assigned (Owners tab)'],
          ['Bulk approval', a.bulkApprovalRisk ? 'low-risk plans only' : 'off'],
          ['First-Run Checklist', a.firstRunCompletedOn ? `completed on ${a.firstRunCompletedOn} by ${dash(a.firstRunCompletedByName)}` : 'not recorded'],
        ],
      },
      a.roles.length
        ? { type: 'table', columns: ['Operator role', 'WordPress/SophMate role', 'May approve'], rows: a.roles.map((r) => [ROLE_LABEL[r.role], r.wordpressRole, APPROVAL_WORDS[r.maxApproveRisk]]) }
        : { type: 'paragraph', text: 'No operator role is mapped to a WordPress/SophMate role.' },
    ],
  };
}

/** Ordered steps a trusted administrator follows to set SophMate up again the same way, without private notes. */
function repeatSetupSection(s: SiteSnapshot): DocSection {
  const a = s.accessModel;
  const site = s.site;
  const keyOwner = owner(s, 'provider_key_billing');
  const enabled = a.enabledWorkflows;
  const disabled = WORKFLOW_ORDER.filter((w) => !enabled.includes(w));
  const steps = [
    `Check the platform: WordPress ${dash(site.wordpressVersion)}, PHP ${dash(site.phpVersion)}, theme ${dash(site.activeTheme)}${site.woocommerceVersion ? `, WooCommerce ${site.woocommerceVersion}` : ''}, hosted by ${dash(site.host)}. Try every step on staging first (${dash(site.stagingUrl)}).`,
    `Install SophMate ${dash(site.sophmateVersion)} on ${site.productionUrl}; use the known-good package recorded in the rollback plan.`,
    `Connect the AI provider ${dash(site.aiProvider)}${a.providerTier ? ` (${a.providerTier})` : ''}: the key is held by ${keyOwner ? contact(keyOwner) : 'the Provider key & billing owner (not assigned)'}, who enters it in SophMate's provider settings. The key is never written down here or anywhere else.`,
    `Run SophMate's First-Run Checklist${a.firstRunCompletedOn ? ` (at handover completed on ${a.firstRunCompletedOn} by ${dash(a.firstRunCompletedByName)})` : ''} and Diagnostics (${dash(s.runbook.diagnosticsLocation)}): PHP extensions, outbound HTTPS, DNS and SSL, cron, and the provider connection test must pass. A loading admin page proves none of these.`,
    `Enable only these workflows: ${enabled.map((w) => WORKFLOW_LABEL[w]).join(', ') || 'none yet'}.${disabled.length ? ` Leave disabled: ${disabled.map((w) => WORKFLOW_LABEL[w]).join(', ')}.` : ''}`,
    a.roles.length
      ? `Create the roles in Roles and Permissions: ${a.roles.map((r) => `${ROLE_LABEL[r.role]} → ${r.wordpressRole} (${APPROVAL_WORDS[r.maxApproveRisk]})`).join('; ')}. Keep provider keys, budgets, diagnostics and custom tools out of everyday roles.`
      : 'Create the roles in Roles and Permissions: no mapping is recorded, so agree one with the permissions owner first.',
    `Set Approval Controls to match: medium- and high-risk plans always need an explicit reviewer; bulk approval ${a.bulkApprovalRisk ? 'for low-risk plans only' : 'off'}.`,
    'Give access only to operators who signed their role’s SOPs (the SOP pack) and passed the scenario check; give write-capable workflows only once the rollback plan and support path are final and the rollback and backups owners are verified.',
    `Make sure every operator knows where to pause high-risk activity: ${dash(s.runbook.pauseInstructions)}.`,
    `Record the known-good state and take a backup (${dash(s.runbook.backupLocation)}); ${owner(s, 'rollback_restore') ? `${owner(s, 'rollback_restore')!.name} restores it` : 'assign a Rollback & restore owner'}.`,
  ];
  return { id: 'repeat-setup', title: 'Repeat this setup', blocks: [{ type: 'paragraph', text: 'A trusted administrator can set SophMate up again the same way by following these steps in order.' }, { type: 'list', ordered: true, items: steps }] };
}

function signOffSection(s: SiteSnapshot): DocSection {
  return {
    id: 'sign-off',
    title: 'Sign-off by the client’s administrator',
    blocks: [
      { type: 'paragraph', text: `I have read this runbook for ${s.site.name} and can repeat the setup, reach diagnostics and support, pause high-risk activity and start a rollback without help from the agency.` },
      { type: 'table', columns: ['', 'Client administrator', 'For the agency'], rows: [['Name', '', ''], ['Signature', '', ''], ['Date', '', '']] },
    ],
  };
}

const REDACTED = '[removed: this text looked like a secret]';

/** Any string that looks like a credential is replaced, whatever path it took into the snapshot. */
function redact<T>(value: T): T {
  if (typeof value === 'string') return (scanForSecrets(value).length ? REDACTED : value) as T;
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'logo' ? v : redact(v)])) as T;
  return value;
}

export function buildDocument(kind: DocumentKind, snapshot: SiteSnapshot, opts: { draft: boolean }): DocumentModel {
  const s = redact(snapshot);
  const missing: MissingPart[] = [];
  const body =
    kind === 'rollback_plan'
      ? rollbackSections(s, missing)
      : kind === 'support_path'
        ? supportSections(s, missing)
        : kind === 'sop_pack'
          ? sopSections(s, missing)
          : handoverSections(s, missing);
  if (!s.branding.agencyName) missing.push({ part: 'Agency name', fix: 'Settings → Documents: agency name.' });
  return {
    kind,
    title: `${DOCUMENT_LABEL[kind]}: ${s.site.name}`,
    siteName: s.site.name,
    clientName: s.site.clientName,
    agencyName: s.branding.agencyName || 'Agency name not set',
    footer: s.branding.footer,
    logo: s.branding.logo,
    generatedAt: s.generatedAt,
    draft: opts.draft,
    missing,
    sections: [...intro(kind, s), ...body],
  };
}

/** Plain text of a section, line by line, for "what changed since the client's version". */
export function sectionLines(section: DocSection): string[] {
  return section.blocks.flatMap((b) => {
    switch (b.type) {
      case 'paragraph':
      case 'note':
        return [b.text];
      case 'list':
        return b.items;
      case 'fields':
        return b.rows.map(([k, v]) => `${k}: ${v}`);
      case 'table':
        return b.rows.map((r) => r.map((c, i) => `${b.columns[i]}: ${c}`).join(' | '));
    }
  });
}
