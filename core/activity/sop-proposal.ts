/** A draft SOP update from findings: the SOP with the refusal rules, when-to-ask items and triggers they call for. */
import type { Sop } from '../playbook/schema';
import type { FindingCategory, FindingRule } from './vocabulary';

export function proposeSopChanges(
  sop: Sop,
  findings: readonly { category: FindingCategory; rule: FindingRule; summary: string }[],
): { sop: Sop; changeSummary: string } {
  (void sop, findings);
  throw new Error('not implemented');
}
