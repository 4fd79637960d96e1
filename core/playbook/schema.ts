/**
 * The playbook: the versioned set of default SOPs (workflow x role), scenario checks, production
 * checklist, acceptance checks and review cadences. Pure data validated by zod, so a playbook file
 * can be exported, edited and imported, and a bad file is refused with the path of each problem.
 */
import { z } from 'zod';
import { RESPONSIBILITIES } from '../domain/responsibilities';

export const WORKFLOWS = [
  'read_only_copilot',
  'support_drafts',
  'product_copy',
  'theme_assistant_review',
  'workflow_approvals',
  'incident_escalation',
] as const;
export type Workflow = (typeof WORKFLOWS)[number];

export const WORKFLOW_LABEL: Record<Workflow, string> = {
  read_only_copilot: 'Read-only Copilot questions',
  support_drafts: 'Support drafts',
  product_copy: 'Product copy',
  theme_assistant_review: 'Theme Assistant review',
  workflow_approvals: 'Workflow approvals',
  incident_escalation: 'Incident escalation',
};

/** Workflows that change the site (drafts become content, plans execute). */
export const WRITE_CAPABLE_WORKFLOWS: readonly Workflow[] = ['support_drafts', 'product_copy', 'theme_assistant_review', 'workflow_approvals'];

export const OPERATOR_ROLES = [
  'administrator',
  'editor',
  'support_agent',
  'store_manager',
  'marketer',
  'designer',
  'developer',
  'agency_operator',
] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const ROLE_LABEL: Record<OperatorRole, string> = {
  administrator: 'Administrator',
  editor: 'Editor',
  support_agent: 'Support agent',
  store_manager: 'Store manager',
  marketer: 'Marketer',
  designer: 'Designer',
  developer: 'Developer',
  agency_operator: 'Agency operator',
};

/** Which roles use which workflows: the cells of the playbook matrix that must hold an SOP. */
export const WORKFLOW_ROLES: Record<Workflow, readonly OperatorRole[]> = {
  read_only_copilot: OPERATOR_ROLES,
  support_drafts: ['administrator', 'support_agent', 'store_manager', 'agency_operator'],
  product_copy: ['administrator', 'editor', 'store_manager', 'marketer', 'agency_operator'],
  theme_assistant_review: ['administrator', 'designer', 'developer', 'agency_operator'],
  workflow_approvals: ['administrator', 'editor', 'store_manager', 'developer', 'agency_operator'],
  incident_escalation: OPERATOR_ROLES,
};

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const SCENARIO_ANSWERS = ['ask', 'approve', 'reject', 'escalate', 'stop'] as const;
export type ScenarioAnswer = (typeof SCENARIO_ANSWERS)[number];

const text = (what: string, max = 2000) =>
  z.string({ error: `${what} is required.` }).trim().min(1, { error: `${what} is required.` }).max(max, { error: `${what} is too long (max ${max}).` });
const list = (what: string, min = 1) =>
  z.array(text(what, 600)).min(min, { error: `Give at least ${min} ${what.toLowerCase()}${min === 1 ? '' : 's'}.` });

export const Example = z.object({
  text: text('Example'),
  /** Why the example is good or bad; required for bad examples. */
  why: z.string().trim().max(600).optional(),
});

export const Sop = z.object({
  workflow: z.enum(WORKFLOWS, { error: `Workflow must be one of: ${WORKFLOWS.join(', ')}.` }),
  role: z.enum(OPERATOR_ROLES, { error: `Role must be one of: ${OPERATOR_ROLES.join(', ')}.` }),
  version: z.number().int().min(1),
  purpose: text('Purpose'),
  whenToUse: text('When to use'),
  goodExamples: z.array(Example).min(1, { error: 'Give at least one good example.' }),
  badExamples: z.array(Example.extend({ why: text('Why it is bad', 600) })).min(1, { error: 'Give at least one bad example.' }),
  refusalRules: list('Refusal rule'),
  approvalBoundaries: z.object({
    mayApprove: z.array(z.enum(RISK_LEVELS, { error: 'Risk level must be low, medium or high.' })),
    bulkApproveLowRisk: z.boolean(),
    notes: text('Approval notes', 1000),
  }),
  escalation: z.object({
    responsibility: z.enum(RESPONSIBILITIES, { error: `Escalation owner must be one of: ${RESPONSIBILITIES.join(', ')}.` }),
    triggers: list('Escalation trigger'),
  }),
  whenToStop: list('Stop condition'),
});
export type Sop = z.infer<typeof Sop>;

export const Scenario = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, { error: 'Scenario id must be lower-case letters, digits and dashes.' }),
  role: z.enum(OPERATOR_ROLES),
  workflow: z.enum(WORKFLOWS),
  situation: text('Situation', 1000),
  answer: z.enum(SCENARIO_ANSWERS, { error: 'Answer must be ask, approve, reject, escalate or stop.' }),
  explanation: text('Explanation', 1000),
});
export type Scenario = z.infer<typeof Scenario>;

export const COMPUTED_CHECKS = ['setup_record_complete', 'sops_all_workflows', 'rollback_document_current', 'first_week_review_done', 'owners_verified'] as const;

export const ChecklistItem = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: text('Title', 200),
  description: text('Description', 1000),
  /** Set when the app can decide the item itself instead of a person ticking it. */
  computed: z.enum(COMPUTED_CHECKS).optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const AcceptanceCheck = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), title: text('Title', 200), description: text('Description', 1000) });

export const REVIEW_KINDS = ['initial_setup', 'first_week', 'hosting_change', 'before_new_users', 'periodic'] as const;

export const CadenceDefault = z.object({
  kind: z.enum(REVIEW_KINDS),
  description: text('Description', 1000),
  /** RFC 5545 recurrence for periodic reviews, e.g. FREQ=MONTHLY;INTERVAL=3. */
  rrule: z.string().regex(/^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/, { error: 'rrule must be an RFC 5545 rule such as FREQ=MONTHLY;INTERVAL=3.' }).optional(),
  /** Days after the triggering event (first week: pilot start + 7). */
  offsetDays: z.number().int().min(0).max(365).optional(),
});

export const PLAYBOOK_FORMAT = 'rollout-workbench.playbook';

export const Playbook = z
  .object({
    format: z.literal(PLAYBOOK_FORMAT, { error: `This is not a playbook file (format must be "${PLAYBOOK_FORMAT}").` }),
    formatVersion: z.literal(1, { error: 'This playbook was written by a newer app (formatVersion must be 1).' }),
    name: text('Name', 200),
    version: z.number().int().min(1),
    sops: z.array(Sop),
    scenarios: z.array(Scenario),
    checklist: z.array(ChecklistItem).min(1),
    acceptanceChecks: z.array(AcceptanceCheck).min(1),
    cadences: z.array(CadenceDefault),
  })
  .superRefine((pb, ctx) => {
    const cells = new Map<string, number>();
    pb.sops.forEach((s, i) => {
      const key = `${s.workflow}/${s.role}`;
      if (cells.has(key)) ctx.addIssue({ code: 'custom', path: ['sops', i], message: `Second SOP for ${key} (the first is sops[${cells.get(key)}]).` });
      else cells.set(key, i);
      if (!WORKFLOW_ROLES[s.workflow].includes(s.role)) {
        ctx.addIssue({ code: 'custom', path: ['sops', i, 'role'], message: `${ROLE_LABEL[s.role]} does not use ${WORKFLOW_LABEL[s.workflow]}.` });
      }
      if (s.approvalBoundaries.bulkApproveLowRisk && !s.approvalBoundaries.mayApprove.includes('low')) {
        ctx.addIssue({ code: 'custom', path: ['sops', i, 'approvalBoundaries', 'bulkApproveLowRisk'], message: 'Bulk approval needs permission to approve low risk.' });
      }
    });
    for (const wf of WORKFLOWS) {
      for (const role of WORKFLOW_ROLES[wf]) {
        if (!cells.has(`${wf}/${role}`)) ctx.addIssue({ code: 'custom', path: ['sops'], message: `Missing SOP: ${WORKFLOW_LABEL[wf]} for ${ROLE_LABEL[role]}.` });
      }
    }
    const ids = new Set<string>();
    const perRole = new Map<string, number>();
    pb.scenarios.forEach((sc, i) => {
      if (ids.has(sc.id)) ctx.addIssue({ code: 'custom', path: ['scenarios', i, 'id'], message: `Duplicate scenario id ${sc.id}.` });
      ids.add(sc.id);
      if (!cells.has(`${sc.workflow}/${sc.role}`)) {
        ctx.addIssue({ code: 'custom', path: ['scenarios', i], message: `No SOP for ${sc.workflow}/${sc.role}, so this scenario cannot be checked.` });
      }
      perRole.set(sc.role, (perRole.get(sc.role) ?? 0) + 1);
    });
    for (const role of OPERATOR_ROLES) {
      const n = perRole.get(role) ?? 0;
      if (n < 5) ctx.addIssue({ code: 'custom', path: ['scenarios'], message: `${ROLE_LABEL[role]} has ${n} scenario checks; at least 5 are needed.` });
    }
    const unique = (items: { id: string }[], path: string) => {
      const seen = new Set<string>();
      items.forEach((it, i) => {
        if (seen.has(it.id)) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `Duplicate id ${it.id}.` });
        seen.add(it.id);
      });
    };
    unique(pb.checklist, 'checklist');
    unique(pb.acceptanceChecks, 'acceptanceChecks');
    for (const kind of REVIEW_KINDS) {
      if (!pb.cadences.some((c) => c.kind === kind)) ctx.addIssue({ code: 'custom', path: ['cadences'], message: `Missing the default cadence for ${kind} reviews.` });
    }
  });
export type Playbook = z.infer<typeof Playbook>;

export interface PlaybookProblem {
  /** Readable path, e.g. `sops[3].approvalBoundaries.mayApprove[0]`. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

/** Validates an untrusted playbook (e.g. an imported file); never throws. */
export function parsePlaybook(input: unknown): { ok: true; playbook: Playbook } | { ok: false; problems: PlaybookProblem[] } {
  const r = Playbook.safeParse(input);
  if (r.success) return { ok: true, playbook: r.data };
  return { ok: false, problems: r.error.issues.map((i) => ({ path: formatPath(i.path) || '(file)', message: i.message })) };
}
