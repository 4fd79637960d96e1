import { z } from 'zod';
import { OPERATOR_ACCESS, OPERATOR_STATUSES } from '../domain/access-gate';
import { OPERATOR_ROLES, SCENARIO_ANSWERS, WORKFLOWS } from '../playbook/schema';
import { Id, overrideReasonField, requiredNote, REVOKE_REASON_MIN_LENGTH, Timestamp } from './fields';

export const OperatorStatus = z.enum(OPERATOR_STATUSES);

export const Operator = z.object({
  id: Id,
  siteId: Id,
  personId: Id,
  personName: z.string(),
  personEmail: z.string(),
  role: z.enum(OPERATOR_ROLES),
  access: z.enum(OPERATOR_ACCESS),
  accessChangedAt: Timestamp.nullable(),
  accessOverrideReason: z.string().nullable(),
  status: OperatorStatus,
  /** What the access gate still needs for the workflows a grant would cover, in plain words (training first, then the site). */
  missing: z.array(z.string()),
  /** The training part of `missing`. */
  trainingMissing: z.array(z.string()),
  /** Workflows the current access covers (empty without access). */
  accessWorkflows: z.array(z.enum(WORKFLOWS)),
  /** Workflows a grant would cover now: those the role uses that are enabled at the site. */
  grantableWorkflows: z.array(z.enum(WORKFLOWS)),
  /** The WordPress/SophMate role this operator's role maps to at the site, from its access model. */
  wordpressRole: z.string().nullable(),
  signedOff: z.array(z.object({ workflow: z.enum(WORKFLOWS), version: z.number().int(), signedAt: Timestamp })),
  lastCheck: z.object({ takenAt: Timestamp, correct: z.number().int(), total: z.number().int(), passed: z.boolean() }).nullable(),
  version: z.number().int(),
});
export type Operator = z.infer<typeof Operator>;

export const ScenarioQuestion = z.object({ id: Id, workflow: z.enum(WORKFLOWS), situation: z.string() });

/** One attempt: the situations drawn for it, answered against its id. */
export const ScenarioAttempt = z.object({ attemptId: Id, questions: z.array(ScenarioQuestion) });

/**
 * The result of an attempt. Until the check is passed, it says which answers were wrong but not what
 * was right (`expected` and `explanation` are null), so the next attempt still tests reading.
 */
export const ScenarioResult = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  passed: z.boolean(),
  answers: z.array(
    z.object({
      scenarioId: Id,
      situation: z.string(),
      given: z.enum(SCENARIO_ANSWERS),
      correct: z.boolean(),
      expected: z.enum(SCENARIO_ANSWERS).nullable(),
      explanation: z.string().nullable(),
    }),
  ),
  operator: Operator,
});

export const operatorsContract = {
  /** Operators across the portfolio whose role's SOPs changed since they signed (for the Dashboard). */
  'operators.needingRetraining': {
    input: z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }),
    output: z.object({ total: z.number().int(), rows: z.array(Operator.extend({ siteName: z.string() })) }),
  },
  'operators.list': { input: z.object({ siteId: Id }), output: z.array(Operator) },
  'operators.add': {
    input: z.object({
      siteId: Id,
      personId: z
        .string({ error: 'Choose the person.' })
        .min(1, { error: 'Choose the person.' })
        .max(64, { error: 'Person is not a person id: choose the person from the list.' }),
      role: z.enum(OPERATOR_ROLES, { error: `Role must be one of: ${OPERATOR_ROLES.join(', ')}.` }),
    }),
    output: Operator,
  },
  'operators.signOff': { input: z.object({ operatorId: Id }), output: Operator },
  /** Draws the situations of a new attempt (or returns the unanswered one), different from the last attempt's. */
  'operators.startScenarioCheck': { input: z.object({ operatorId: Id }), output: ScenarioAttempt },
  'operators.submitScenarioCheck': {
    input: z.object({
      operatorId: Id,
      attemptId: z.string({ error: 'Start the scenario check first.' }).min(1, { error: 'Start the scenario check first.' }).max(64),
      answers: z.record(
        z.string().max(64, { error: 'Each answer must be keyed by the id of a situation in the attempt: start the scenario check again.' }),
        z.enum(SCENARIO_ANSWERS, { error: 'Each answer must be ask, approve, reject, escalate or stop.' }),
      ),
    }),
    output: ScenarioResult,
  },
  'operators.grantAccess': {
    input: z.object({
      operatorId: Id,
      /** The workflows to give; omitted: every workflow the role uses that is enabled at the site. */
      workflows: z
        .array(z.enum(WORKFLOWS, { error: `Workflow must be one of: ${WORKFLOWS.join(', ')}.` }))
        .min(1, { error: 'Choose at least one workflow.' })
        .optional(),
      overrideReason: overrideReasonField(),
    }),
    output: Operator,
  },
  'operators.revokeAccess': {
    input: z.object({
      operatorId: Id,
      reason: requiredNote('Revoke reason', 1000, REVOKE_REASON_MIN_LENGTH),
    }),
    output: Operator,
  },
} as const;
