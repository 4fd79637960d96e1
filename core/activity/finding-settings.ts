/** The playbook's finding-rule settings as shipped. */
import type { FindingRuleSettings } from '../contract/findings';

export const DEFAULT_FINDING_RULE_SETTINGS: FindingRuleSettings = { repeatThreshold: 3, repeatWindowDays: 7, escalationLimitMinutes: 60 };
