import { z } from 'zod';
import { OPERATOR_ROLES, SCENARIO_ANSWERS, WORKFLOWS } from '../playbook/schema';
import { Id, optionalText, Timestamp } from './fields';

export const OperatorStatus = z.enum(['not_trained', 'needs_retraining', 'trained', 'access_granted', 'access_revoked']);

export const Operator = z.object({
  id: Id,
  siteId: Id,
  personId: Id,
  personName: z.string(),
  personEmail: z.string(),
  role: z.enum(OPERATOR_ROLES),
  access: z.enum(['none', 'granted', 'revoked']),
  accessChangedAt: Timestamp.nullable(),
  accessOverrideReason: z.string().nullable(),
  status: OperatorStatus,
  /** What the access gate still needs, in plain words. */
  missing: z.array(z.string()),
  signedOff: z.array(z.object({ workflow: z.enum(WORKFLOWS), version: z.number().int(), signedAt: Timestamp })),
  lastCheck: z.object({ takenAt: Timestamp, correct: z.number().int(), total: z.number().int(), passed: z.boolean() }).nullable(),
  version: z.number().int(),
});
export type Operator = z.infer<typeof Operator>;

export const ScenarioQuestion = z.object({ id: Id, workflow: z.enum(WORKFLOWS), situation: z.string() });

export const ScenarioResult = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  passed: z.boolean(),
  answers: z.array(z.object({ scenarioId: Id, given: z.enum(SCENARIO_ANSWERS), expected: z.enum(SCENARIO_ANSWERS), correct: z.boolean(), explanation: z.string() })),
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
      personId: z.string({ error: 'Choose the person.' }).min(1, { error: 'Choose the person.' }),
      role: z.enum(OPERATOR_ROLES, { error: `Role must be one of: ${OPERATOR_ROLES.join(', ')}.` }),
    }),
    output: Operator,
  },
  'operators.signOff': { input: z.object({ operatorId: Id }), output: Operator },
  'operators.scenarioQuestions': { input: z.object({ operatorId: Id }), output: z.array(ScenarioQuestion) },
  'operators.submitScenarioCheck': {
    input: z.object({
      operatorId: Id,
      answers: z.record(z.string(), z.enum(SCENARIO_ANSWERS, { error: 'Each answer must be ask, approve, reject, escalate or stop.' })),
    }),
    output: ScenarioResult,
  },
  'operators.grantAccess': {
    input: z.object({ operatorId: Id, overrideReason: optionalText('Override reason', 1000) }),
    output: Operator,
  },
  'operators.revokeAccess': {
    input: z.object({
      operatorId: Id,
      reason: z.string({ error: 'Say why access is revoked.' }).trim().min(3, { error: 'Say why access is revoked.' }).max(1000),
    }),
    output: Operator,
  },
} as const;
