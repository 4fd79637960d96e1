/**
 * The playbook: the versioned set of default SOPs (workflow x role), scenario checks, production
 * checklist, acceptance checks and review cadences. Pure data validated by zod, so a playbook file
 * can be exported, edited and imported, and a bad file is refused with the path of each problem.
 */
import { z } from 'zod';
import { gateItemProblems } from '../domain/readiness';
import { RESPONSIBILITIES } from '../domain/responsibilities';
import { cleanText, lineBreaksAsLf, type TextKind, visibleLength } from '../domain/text-rules';
import { findScenarioContradictions } from './consistency';
import { formatPath, type PlaybookProblem } from './problems';
import {
  MIN_SCENARIOS_PER_ROLE,
  OPERATOR_ROLES,
  RISK_LEVELS,
  ROLE_LABEL,
  SCENARIO_ANSWERS,
  SCENARIO_BASIS_KINDS,
  WORKFLOW_LABEL,
  WORKFLOW_ROLES,
  WORKFLOWS,
  type OperatorRole,
} from './vocabulary';

export * from './vocabulary';
export { formatPath, type PlaybookProblem } from './problems';

/**
 * The app's text rules (core/domain/text-rules.ts) hold for every string of a playbook file as for
 * every form: names and titles are one line, bodies keep their line breaks (stored as \n).
 */
const text = (what: string, max = 2000, kind: TextKind = 'multi-line') =>
  z
    .string({ error: `${what} is required.` })
    .overwrite((v) => (kind === 'multi-line' ? lineBreaksAsLf(v) : v))
    .trim()
    .min(1, { error: `${what} is required.` })
    .max(max, { error: `${what} is too long (max ${max}).` })
    // Text of invisible characters only is as empty as no text (an empty one is already reported above).
    .refine((v) => v.length === 0 || visibleLength(v) > 0, { error: `${what} is required.` })
    .superRefine(cleanText(what, kind));
/** A name, title or label: one line. */
const title = (what: string, max = 200) => text(what, max, 'one-line');
const list = (what: string, min = 1) => z.array(text(what, 600)).min(min, { error: `Give at least ${min} ${what.toLowerCase()}${min === 1 ? '' : 's'}.` });

export const Example = z.object({
  text: text('Example'),
  /** Why the example is good or bad; required for bad examples. */
  why: z.string().overwrite(lineBreaksAsLf).trim().max(600, { error: 'Why is too long (max 600).' }).superRefine(cleanText('Why', 'multi-line')).optional(),
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
  /**
   * Situations in which the operator asks (the SOP owner, the requester, the data owner) before
   * acting. Required in files too, although formatVersion 1 files written before the field existed
   * lack it: a default would put words in the SOP that nobody wrote and that operators would then
   * sign, so such a file is refused with a message naming the field and the fix instead.
   */
  whenToAsk: z
    .array(text('Situation in which to ask', 600), {
      error: (issue) =>
        issue.input === undefined
          ? 'whenToAsk is missing: give at least one situation in which to ask (files exported before this field existed need it added to every SOP).'
          : 'whenToAsk must be a list of situations in which to ask.',
    })
    .min(1, { error: 'Give at least one situation in which to ask.' }),
  escalation: z.object({
    responsibility: z.enum(RESPONSIBILITIES, { error: `Escalation owner must be one of: ${RESPONSIBILITIES.join(', ')}.` }),
    triggers: list('Escalation trigger'),
  }),
  whenToStop: list('Stop condition'),
});
export type Sop = z.infer<typeof Sop>;

const BASIS_INDEX_ERROR = 'Basis index must be a whole number from 0.';

export const Scenario = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, { error: 'Scenario id must be lower-case letters, digits and dashes.' }),
  role: z.enum(OPERATOR_ROLES),
  workflow: z.enum(WORKFLOWS),
  situation: text('Situation', 1000),
  answer: z.enum(SCENARIO_ANSWERS, { error: 'Answer must be ask, approve, reject, escalate or stop.' }),
  explanation: text('Explanation', 1000),
  /** The item of the scenario's SOP (same workflow and role) that decides the answer. */
  basis: z.object(
    {
      kind: z.enum(SCENARIO_BASIS_KINDS, { error: `Basis kind must be one of: ${SCENARIO_BASIS_KINDS.join(', ')}.` }),
      /** Position in that SOP list; 0 for approval_boundary, which means the boundary as a whole. */
      index: z.number({ error: BASIS_INDEX_ERROR }).int({ error: BASIS_INDEX_ERROR }).min(0, { error: BASIS_INDEX_ERROR }),
    },
    { error: 'Basis is required: name the SOP item this scenario tests, e.g. { "kind": "refusal_rule", "index": 0 }.' },
  ),
  /** Risk of the plan in the situation; required when the basis is the approval boundary. */
  risk: z.enum(RISK_LEVELS, { error: 'Risk must be low, medium or high.' }).optional(),
});
export type Scenario = z.infer<typeof Scenario>;

export const COMPUTED_CHECKS = [
  'setup_record_complete',
  'sops_all_workflows',
  'rollback_document_current',
  'first_week_review_done',
  'owners_verified',
] as const;
export type ComputedCheck = (typeof COMPUTED_CHECKS)[number];

export const ChecklistItem = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: title('Title'),
  description: text('Description', 1000),
  /** Set when the app can decide the item itself instead of a person ticking it. */
  computed: z.enum(COMPUTED_CHECKS).optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const AcceptanceCheck = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), title: title('Title'), description: text('Description', 1000) });

export const REVIEW_KINDS = ['initial_setup', 'first_week', 'hosting_change', 'before_new_users', 'periodic'] as const;

export const CadenceDefault = z.object({
  kind: z.enum(REVIEW_KINDS),
  description: text('Description', 1000),
  /** RFC 5545 recurrence for periodic reviews, e.g. FREQ=MONTHLY;INTERVAL=3. */
  rrule: z
    .string()
    .regex(/^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/, { error: 'rrule must be an RFC 5545 rule such as FREQ=MONTHLY;INTERVAL=3.' })
    .optional(),
  /** Days after the triggering event (first week: pilot start + 7). */
  offsetDays: z.number().int().min(0).max(365).optional(),
});

/** The first-week review looks back on the pilot's whole first week, so it falls due once that week is over. */
export const FIRST_WEEK_MIN_OFFSET_DAYS = 7;

/**
 * The rules every default review cadence keeps, in a playbook file and in an edit on the playbook page
 * alike: periodic reviews repeat by a recurrence, the others fall due a number of days after their
 * event, and the first-week review not before the first week is over. Paths are the cadence's fields.
 */
export function cadenceProblems(c: {
  kind: (typeof REVIEW_KINDS)[number];
  rrule?: string | null | undefined;
  offsetDays?: number | null | undefined;
}): { path: 'rrule' | 'offsetDays'; message: string }[] {
  const problems: { path: 'rrule' | 'offsetDays'; message: string }[] = [];
  const rrule = c.rrule ?? null;
  const offsetDays = c.offsetDays ?? null;
  if (c.kind === 'periodic') {
    if (rrule === null)
      problems.push({ path: 'rrule', message: 'Periodic reviews need a recurrence: write one such as FREQ=MONTHLY;INTERVAL=3 (every quarter).' });
    if (offsetDays !== null) problems.push({ path: 'offsetDays', message: 'Periodic reviews follow their recurrence: leave Days after empty.' });
    return problems;
  }
  if (rrule !== null) problems.push({ path: 'rrule', message: 'Only periodic reviews repeat: leave Recurrence empty for this kind of review.' });
  if (offsetDays === null) problems.push({ path: 'offsetDays', message: 'Give the days after the event when the review is due (0 for the same day).' });
  // A negative number already fails the range rule: one problem per field.
  else if (c.kind === 'first_week' && offsetDays >= 0 && offsetDays < FIRST_WEEK_MIN_OFFSET_DAYS) {
    problems.push({
      path: 'offsetDays',
      message: `First-week reviews need Days after (offsetDays) of at least ${FIRST_WEEK_MIN_OFFSET_DAYS}: the review looks back on the whole first week of the pilot, so it cannot fall due before that week is over. Set ${FIRST_WEEK_MIN_OFFSET_DAYS} or more.`,
    });
  }
  return problems;
}

export const PLAYBOOK_FORMAT = 'rollout-workbench.playbook';

export const Playbook = z
  .object({
    format: z.literal(PLAYBOOK_FORMAT, { error: `This is not a playbook file (format must be "${PLAYBOOK_FORMAT}").` }),
    formatVersion: z.literal(1, { error: 'This playbook was written by a newer app (formatVersion must be 1).' }),
    name: title('Name'),
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
        ctx.addIssue({
          code: 'custom',
          path: ['sops', i, 'approvalBoundaries', 'bulkApproveLowRisk'],
          message: 'Bulk approval needs permission to approve low risk.',
        });
      }
    });
    for (const wf of WORKFLOWS) {
      for (const role of WORKFLOW_ROLES[wf]) {
        if (!cells.has(`${wf}/${role}`))
          ctx.addIssue({ code: 'custom', path: ['sops'], message: `Missing SOP: ${WORKFLOW_LABEL[wf]} for ${ROLE_LABEL[role]}.` });
      }
    }
    const ids = new Set<string>();
    const perRole = new Map<OperatorRole, number>();
    const perCell = new Set<string>();
    pb.scenarios.forEach((sc, i) => {
      if (ids.has(sc.id)) ctx.addIssue({ code: 'custom', path: ['scenarios', i, 'id'], message: `Duplicate scenario id ${sc.id}.` });
      ids.add(sc.id);
      if (!cells.has(`${sc.workflow}/${sc.role}`)) {
        ctx.addIssue({ code: 'custom', path: ['scenarios', i], message: `No SOP for ${sc.workflow}/${sc.role}, so this scenario cannot be checked.` });
      }
      perRole.set(sc.role, (perRole.get(sc.role) ?? 0) + 1);
      perCell.add(`${sc.workflow}/${sc.role}`);
    });
    for (const role of OPERATOR_ROLES) {
      const n = perRole.get(role) ?? 0;
      if (n < MIN_SCENARIOS_PER_ROLE) {
        ctx.addIssue({
          code: 'custom',
          path: ['scenarios'],
          message: `${ROLE_LABEL[role]} has ${n} scenario check${n === 1 ? '' : 's'}; at least ${MIN_SCENARIOS_PER_ROLE} are needed so a retake can differ from the last attempt.`,
        });
      }
    }
    for (const wf of WORKFLOWS) {
      for (const role of WORKFLOW_ROLES[wf]) {
        if (!perCell.has(`${wf}/${role}`)) {
          ctx.addIssue({
            code: 'custom',
            path: ['scenarios'],
            message: `${ROLE_LABEL[role]} has no scenario check for ${WORKFLOW_LABEL[wf]}; add at least one.`,
          });
        }
      }
    }
    // Here rather than in the app's import code, so the shipped playbook is held to the same rule
    // as every imported file: a key that contradicts its SOP would mark a correct operator wrong.
    for (const problem of findScenarioContradictions(pb.sops, pb.scenarios)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
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
    // The checklist items the readiness gates rely on stay, with the rule the app decides them by.
    for (const problem of gateItemProblems(pb.checklist)) {
      ctx.addIssue({ code: 'custom', path: ['checklist', ...problem.path], message: problem.message });
    }
    pb.cadences.forEach((c, i) => {
      for (const problem of cadenceProblems(c)) ctx.addIssue({ code: 'custom', path: ['cadences', i, problem.path], message: problem.message });
    });
    for (const kind of REVIEW_KINDS) {
      if (!pb.cadences.some((c) => c.kind === kind))
        ctx.addIssue({ code: 'custom', path: ['cadences'], message: `Missing the default cadence for ${kind} reviews.` });
    }
  });
export type Playbook = z.infer<typeof Playbook>;

/** Validates an untrusted playbook (e.g. an imported file); never throws. */
export function parsePlaybook(input: unknown): { ok: true; playbook: Playbook } | { ok: false; problems: PlaybookProblem[] } {
  const r = Playbook.safeParse(input);
  if (r.success) return { ok: true, playbook: r.data };
  return { ok: false, problems: r.error.issues.map((i) => ({ path: formatPath(i.path) || '(file)', message: i.message })) };
}
