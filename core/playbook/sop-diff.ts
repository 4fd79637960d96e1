/** Field-level differences between two versions of an SOP, for the "what changed" view. */
import type { Sop } from './schema';

export type SopChange = { field: string; kind: 'text'; before: string; after: string } | { field: string; kind: 'list'; added: string[]; removed: string[] };

const TEXT_FIELDS = [
  ['purpose', (s: Sop) => s.purpose],
  ['whenToUse', (s: Sop) => s.whenToUse],
  ['approvalBoundaries.mayApprove', (s: Sop) => s.approvalBoundaries.mayApprove.join(', ') || 'none'],
  ['approvalBoundaries.bulkApproveLowRisk', (s: Sop) => (s.approvalBoundaries.bulkApproveLowRisk ? 'yes' : 'no')],
  ['approvalBoundaries.notes', (s: Sop) => s.approvalBoundaries.notes],
  ['escalation.responsibility', (s: Sop) => s.escalation.responsibility],
] as const;

const LIST_FIELDS = [
  ['goodExamples', (s: Sop) => s.goodExamples.map((e) => e.text)],
  ['badExamples', (s: Sop) => s.badExamples.map((e) => `${e.text} — ${e.why}`)],
  ['refusalRules', (s: Sop) => s.refusalRules],
  ['whenToAsk', (s: Sop) => s.whenToAsk],
  ['escalation.triggers', (s: Sop) => s.escalation.triggers],
  ['whenToStop', (s: Sop) => s.whenToStop],
] as const;

export function diffSops(before: Sop, after: Sop): SopChange[] {
  const changes: SopChange[] = [];
  for (const [field, get] of TEXT_FIELDS) {
    const b = get(before);
    const a = get(after);
    if (a !== b) changes.push({ field, kind: 'text', before: b, after: a });
  }
  for (const [field, get] of LIST_FIELDS) {
    const b = get(before);
    const a = get(after);
    const added = a.filter((x) => !b.includes(x));
    const removed = b.filter((x) => !a.includes(x));
    if (added.length || removed.length) changes.push({ field, kind: 'list', added, removed });
  }
  return changes;
}
