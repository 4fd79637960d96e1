/** Repeats: the same operator and category often enough within the playbook's window raises a flag. */
import type { FindingRuleSettings } from '../contract/findings';
import type { FindingCategory, FindingStatus } from './vocabulary';

export interface CountedFinding {
  operatorId: string | null;
  category: FindingCategory;
  occurredAt: string;
  status: FindingStatus;
}

/** Flags for each (operator, category) whose findings not dismissed reach the threshold within any window of `repeatWindowDays`. */
export function repeatFlags(
  findings: readonly CountedFinding[],
  settings: FindingRuleSettings,
): { operatorId: string; category: FindingCategory; count: number; lastAt: string }[] {
  (void findings, settings);
  throw new Error('not implemented');
}
