/**
 * The sections of the handover runbook, the client's copy of everything: setup record, owner
 * matrix, access model, operators, readiness, review cadences, the rollback plan and support path
 * (prefixed), incidents, overrides and the steps to repeat the setup (the sign-off block is the model's).
 */
import { REVIEW_KIND_LABEL } from '../../domain/cadence';
import { RESPONSIBILITY_INFO } from '../../domain/responsibilities';
import { STAGE_LABEL } from '../../domain/stages';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS as WORKFLOW_ORDER, type Workflow } from '../../playbook/schema';
import type { DocSection, MissingPart, SiteSnapshot } from '../model';
import { inSentence } from '../placeholders';
import { contact, dash, day, owner, runbookReader } from './common';
import { rollbackSections } from './rollback-plan';
import { supportSections } from './support-path';

/*
 * Readiness as the client reads it: each checklist item, acceptance check and gate with its state in
 * the client's words. The app's reasons (why, reasons) are written for the agency that uses this app
 * ("…on the Documents tab", "record the day…") and are never printed here: the client's copy says only
 * where each item stands and who acts on it.
 */
const READINESS_LEAD = 'Where each item of the rollout checklist stands at the date of this document.';
const GATE_NOT_MET = 'Not yet: the agency is completing what this needs.';
const CLIENT_STATE: Record<string, string> = {
  done: 'Done.',
  not_applicable: 'Does not apply to this site.',
  open: 'Not yet: the agency is completing this.',
  blocked: 'Blocked: the agency is resolving what holds it up.',
};
const clientState = (status: string) => CLIENT_STATE[status] ?? 'Not yet: the agency is completing this.';

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
          [o.backupName, o.backupEmail, o.backupPhone].filter(Boolean).join(', ') || '—',
          o.name ? (o.verifiedAt ? day(o.verifiedAt) : 'not verified') : '—',
        ]),
      },
    ],
  };
}

export function handoverSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  for (const m of s.site.missingSetup) missing.push({ part: `Setup record: ${m}`, fix: 'Setup record tab (the setup owner on the Owners tab).' });
  const rollback = rollbackSections(s, missing);
  const support = supportSections(s, missing);
  const dedupe = new Map(missing.map((m) => [m.part, m]));
  missing.splice(0, missing.length, ...dedupe.values());
  if (!s.accessModel.recorded) missing.push({ part: 'Access model (enabled workflows, roles and approval limits)', fix: 'Setup tab → Access model.' });
  else if (!s.accessModel.firstRunCompletedOn)
    missing.push({ part: 'SophMate First-Run Checklist completion', fix: 'Setup tab → Access model: who completed it and when.' });
  return [
    setupSection(s),
    ownerMatrixSection(s),
    accessModelSection(s),
    {
      id: 'operators',
      title: 'Operators and training',
      blocks: s.operators.length
        ? [
            {
              type: 'table',
              columns: ['Operator', 'Role', 'Training', 'Access'],
              rows: s.operators.map((o) => [
                o.name,
                ROLE_LABEL[o.role],
                o.status.replace(/_/g, ' '),
                `${o.access}${o.workflows.length ? `: ${o.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}` : ''}${o.overrideReason ? ` (override: ${o.overrideReason})` : ''}`,
              ]),
            },
          ]
        : [{ type: 'paragraph', text: 'No operators are recorded.' }],
    },
    {
      id: 'readiness',
      title: 'Checklist and gates',
      blocks: [
        { type: 'paragraph', text: READINESS_LEAD },
        { type: 'table', columns: ['Checklist item', 'State'], rows: s.checklist.map((c) => [c.title, clientState(c.status)]) },
        { type: 'table', columns: ['Acceptance check', 'State'], rows: s.acceptance.map((c) => [c.title, clientState(c.status)]) },
        { type: 'table', columns: ['Gate', 'State'], rows: s.gates.map((g) => [g.label, g.ok ? 'Met.' : GATE_NOT_MET]) },
        ...(s.pause
          ? [
              {
                type: 'note' as const,
                tone: 'warning' as const,
                text: `High-risk activity is paused since ${day(s.pause.pausedAt)} by ${s.pause.pausedBy} (${s.pause.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}): ${s.pause.reason}`,
              },
            ]
          : []),
      ],
    },
    {
      id: 'cadences',
      title: 'Review cadences',
      blocks: [
        { type: 'paragraph', text: `Periodic reviews: ${s.reviews.cadence}.` },
        s.reviews.open.length
          ? {
              type: 'table',
              columns: ['Planned review', 'Due', 'Owner', 'Why'],
              rows: s.reviews.open.map((r) => [REVIEW_KIND_LABEL[r.kind], r.dueOn, dash(r.ownerName), r.reason]),
            }
          : { type: 'paragraph', text: 'No review is planned.' },
        ...(s.reviews.lastDone.length
          ? [
              {
                type: 'table' as const,
                columns: ['Review done', 'On', 'By', 'Findings'],
                rows: s.reviews.lastDone.map((r) => [REVIEW_KIND_LABEL[r.kind], day(r.doneAt), r.doneBy, dash(r.findings)]),
              },
            ]
          : []),
      ],
    },
    ...rollback.map((x) => ({ ...x, id: `rollback-${x.id}`, title: `Rollback: ${x.title}` })),
    ...support.map((x) => ({ ...x, id: `support-${x.id}`, title: `Support: ${x.title}` })),
    {
      id: 'incidents',
      title: 'Open incidents',
      blocks: s.incidents.length
        ? [
            {
              type: 'table',
              columns: ['Incident', 'Severity', 'Since', 'Workflow', 'Opened by'],
              rows: s.incidents.map((i) => [
                i.title,
                i.severity,
                day(i.occurredAt),
                i.affectedWorkflow ? (WORKFLOW_LABEL[i.affectedWorkflow as Workflow] ?? i.affectedWorkflow) : '—',
                i.openedBy,
              ]),
            },
          ]
        : [{ type: 'paragraph', text: 'No incident is open.' }],
    },
    {
      id: 'overrides',
      title: 'Recorded overrides',
      blocks: [
        ...(s.gateOverrides.length
          ? [
              {
                type: 'table' as const,
                columns: ['When', 'Gate', 'Move', 'Reason', 'By'],
                rows: s.gateOverrides.map((o) => [day(o.at), o.gate, o.action, o.overrideReason, o.actor]),
              },
            ]
          : [{ type: 'paragraph' as const, text: 'No readiness gate was overridden.' }]),
        // Access overrides recorded before they were listed with the gates still print here, once.
        ...(legacyAccessOverrides(s).length
          ? [
              {
                type: 'list' as const,
                items: legacyAccessOverrides(s).map(
                  (o) => `${o.name} (${ROLE_LABEL[o.role]}) was given access without meeting the access gate: ${o.overrideReason}`,
                ),
              },
            ]
          : []),
      ],
    },
    repeatSetupSection(s, missing),
    {
      id: 'changes',
      title: 'Recent changes',
      blocks: s.changes.length
        ? [{ type: 'table', columns: ['When', 'Who', 'What'], rows: s.changes.map((c) => [day(c.at), c.actor, c.summary]) }]
        : [{ type: 'paragraph', text: 'No changes recorded.' }],
    },
  ];
}

function legacyAccessOverrides(s: SiteSnapshot) {
  return s.operators.filter((o) => o.overrideReason && !s.gateOverrides.some((g) => g.overrideReason === o.overrideReason && g.action.includes(o.name)));
}

const APPROVAL_WORDS = { none: 'approves nothing', low: 'low risk', medium: 'up to medium risk', high: 'up to high risk' } as const;

function accessModelSection(s: SiteSnapshot): DocSection {
  const a = s.accessModel;
  if (!a.recorded)
    return {
      id: 'access-model',
      title: 'Access model',
      blocks: [
        { type: 'note', tone: 'warning', text: 'The access model of this site is not recorded: nobody can tell from this document how SophMate is set up.' },
      ],
    };
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
          ['Provider key owner', keyOwner ? contact(keyOwner) : 'not assigned'],
          ['Bulk approval', a.bulkApprovalRisk ? 'low-risk plans only' : 'off'],
          ['First-Run Checklist', a.firstRunCompletedOn ? `completed on ${a.firstRunCompletedOn} by ${dash(a.firstRunCompletedByName)}` : 'not recorded'],
        ],
      },
      a.roles.length
        ? {
            type: 'table',
            columns: ['Operator role', 'WordPress/SophMate role', 'May approve'],
            rows: a.roles.map((r) => [ROLE_LABEL[r.role], r.wordpressRole, APPROVAL_WORDS[r.maxApproveRisk]]),
          }
        : { type: 'paragraph', text: 'No operator role is mapped to a WordPress/SophMate role.' },
    ],
  };
}

/** Ordered steps a trusted administrator follows to set SophMate up again the same way, without private notes. */
function repeatSetupSection(s: SiteSnapshot, missing: MissingPart[]): DocSection {
  const rb = runbookReader(s, missing);
  const a = s.accessModel;
  const site = s.site;
  const keyOwner = owner(s, 'provider_key_billing');
  const enabled = a.enabledWorkflows;
  const disabled = WORKFLOW_ORDER.filter((w) => !enabled.includes(w));
  const steps = [
    `Check the platform: WordPress ${dash(site.wordpressVersion)}, PHP ${dash(site.phpVersion)}, theme ${dash(site.activeTheme)}${site.woocommerceVersion ? `, WooCommerce ${site.woocommerceVersion}` : ''}, hosted by ${dash(site.host)}. Try every step on staging first (${dash(site.stagingUrl)}).`,
    `Install SophMate ${dash(site.sophmateVersion)} on ${site.productionUrl}; use the known-good package recorded in the rollback plan.`,
    `Connect the AI provider ${dash(site.aiProvider)}${a.providerTier ? ` (${a.providerTier})` : ''}: the key is held by ${keyOwner ? contact(keyOwner) : 'the Provider key & billing owner (not assigned)'}, who enters it in SophMate's provider settings. The key is never written down here or anywhere else.`,
    `Run SophMate's First-Run Checklist${a.firstRunCompletedOn ? ` (at handover completed on ${a.firstRunCompletedOn} by ${dash(a.firstRunCompletedByName)})` : ''} and Diagnostics (${dash(inSentence(rb.value('diagnosticsLocation')))}): PHP extensions, outbound HTTPS, DNS and SSL, cron, and the provider connection test must pass. A loading admin page proves none of these.`,
    `Enable only these workflows: ${enabled.map((w) => WORKFLOW_LABEL[w]).join(', ') || 'none yet'}.${disabled.length ? ` Leave disabled: ${disabled.map((w) => WORKFLOW_LABEL[w]).join(', ')}.` : ''}`,
    a.roles.length
      ? `Create the roles in Roles and Permissions: ${a.roles.map((r) => `${ROLE_LABEL[r.role]} → ${r.wordpressRole} (${APPROVAL_WORDS[r.maxApproveRisk]})`).join('; ')}. Keep provider keys, budgets, diagnostics and custom tools out of everyday roles.`
      : 'Create the roles in Roles and Permissions: no mapping is recorded, so agree one with the permissions owner first.',
    `Set Approval Controls to match: medium- and high-risk plans always need an explicit reviewer; bulk approval ${a.bulkApprovalRisk ? 'for low-risk plans only' : 'off'}.`,
    'Give access only to operators who signed their role’s SOPs (the SOP pack) and passed the scenario check; give write-capable workflows only once the rollback plan and support path are final and the rollback and backups owners are verified.',
    `Make sure every operator knows where to pause high-risk activity: ${dash(inSentence(rb.value('pauseInstructions')))}.`,
    `Write down the versions that work as the known-good state, keep their plugin package (${dash(inSentence(rb.value('pluginPackageLocation')))}) and take a backup (${dash(inSentence(rb.value('backupLocation')))}); ${owner(s, 'rollback_restore') ? `${owner(s, 'rollback_restore')!.name} restores it` : 'the Rollback & restore owner restores it'}.`,
  ];
  return {
    id: 'repeat-setup',
    title: 'Repeat this setup',
    blocks: [
      { type: 'paragraph', text: 'A trusted administrator can set SophMate up again the same way by following these steps in order.' },
      { type: 'list', ordered: true, items: steps },
    ],
  };
}
