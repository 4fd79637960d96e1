/**
 * The words of the playbook: workflows, roles, risk levels, scenario answers and how large a
 * scenario pool must be. Kept apart from the zod schema so pure rules (consistency, drawing
 * questions) can use them without importing the schema that runs those rules.
 */
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

export const OPERATOR_ROLES = ['administrator', 'editor', 'support_agent', 'store_manager', 'marketer', 'designer', 'developer', 'agency_operator'] as const;
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

/** Questions drawn for one scenario-check attempt. */
export const SCENARIOS_PER_ATTEMPT = 5;
/**
 * Smallest scenario pool a role may have: twice an attempt, so a retake can be drawn entirely from
 * situations the operator did not see in the last attempt and cannot be passed by remembering keys.
 */
export const MIN_SCENARIOS_PER_ROLE = 2 * SCENARIOS_PER_ATTEMPT;

/**
 * The SOP list a scenario tests, which fixes its answer: a when-to-ask situation is answered ask, a
 * broken refusal rule reject, an escalation trigger escalate, a stop condition stop; the approval
 * boundary gives approve or escalate depending on the scenario's risk.
 */
export const SCENARIO_BASIS_KINDS = ['when_to_ask', 'refusal_rule', 'escalation_trigger', 'when_to_stop', 'approval_boundary'] as const;
export type ScenarioBasisKind = (typeof SCENARIO_BASIS_KINDS)[number];
