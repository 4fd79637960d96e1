/**
 * Repeats: the same operator and category often enough within the playbook's window raises a flag.
 *
 * A window is `repeatWindowDays` long and half-open: findings at t and at t + 7 days are not in one
 * 7-day window, findings at t and t + 7 days - 1 ms are. Dismissed findings and findings of no
 * operator are not counted. `count` is the most findings of the pair in any one window, `lastAt` the
 * pair's latest counted finding. One row that shows several mistakes of a category (a prompt asking
 * for a password and holding an email) is one occurrence: findings of the pair at the same time that
 * share a row count once. Findings without rows (recorded by hand) count one each. Flags are ordered by count (most first), then latest first, then by
 * operator and category, so the same findings always give the same list.
 */
import type { FindingRuleSettings } from '../contract/findings';
import { FINDING_CATEGORIES, type FindingCategory, type FindingStatus } from './vocabulary';

export interface CountedFinding {
  operatorId: string | null;
  category: FindingCategory;
  occurredAt: string;
  status: FindingStatus;
  /** The activity rows behind it (none for a finding recorded by hand). */
  eventIds?: readonly string[];
}

const DAY_MS = 86_400_000;

/** Flags for each (operator, category) whose findings not dismissed reach the threshold within any window of `repeatWindowDays`. */
export function repeatFlags(
  findings: readonly CountedFinding[],
  settings: FindingRuleSettings,
): { operatorId: string; category: FindingCategory; count: number; lastAt: string }[] {
  // Occurrences: findings of a pair at one time sharing a row are joined (union-find over the findings).
  const counted = findings.filter((f) => f.status !== 'dismissed' && f.operatorId !== null && Number.isFinite(Date.parse(f.occurredAt)));
  const parent = counted.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byRow = new Map<string, number>();
  counted.forEach((f, i) => {
    for (const id of f.eventIds ?? []) {
      const key = `${f.operatorId}\u001f${f.category}\u001f${Date.parse(f.occurredAt)}\u001f${id}`;
      const other = byRow.get(key);
      if (other === undefined) byRow.set(key, i);
      else parent[root(i)] = root(other);
    }
  });
  const groups = new Map<string, { operatorId: string; category: FindingCategory; times: number[]; last: string }>();
  counted.forEach((f, i) => {
    if (root(i) !== i) return;
    const t = Date.parse(f.occurredAt);
    const key = `${f.operatorId}\u001f${f.category}`;
    const g = groups.get(key) ?? { operatorId: f.operatorId!, category: f.category, times: [], last: f.occurredAt };
    g.times.push(t);
    if (Date.parse(g.last) < t) g.last = f.occurredAt;
    groups.set(key, g);
  });
  const windowMs = settings.repeatWindowDays * DAY_MS;
  const flags: { operatorId: string; category: FindingCategory; count: number; lastAt: string }[] = [];
  for (const g of groups.values()) {
    const times = g.times.sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= windowMs) i++;
      best = Math.max(best, j - i + 1);
    }
    if (best >= settings.repeatThreshold)
      flags.push({ operatorId: g.operatorId, category: g.category, count: best, lastAt: new Date(Date.parse(g.last)).toISOString() });
  }
  const order = (c: FindingCategory) => FINDING_CATEGORIES.indexOf(c);
  return flags.sort(
    (a, b) =>
      b.count - a.count ||
      (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0) ||
      (a.operatorId < b.operatorId ? -1 : a.operatorId > b.operatorId ? 1 : 0) ||
      order(a.category) - order(b.category),
  );
}
