import { describe, expect, it } from 'vitest';
import { detectFindings } from '@core/activity/finding-rules';
import { repeatFlags, type CountedFinding } from '@core/activity/repeats';
import type { RuleEvent, RuleSite } from '@core/activity/types';
import type { FindingCategory, FindingStatus } from '@core/activity/vocabulary';
import { WORKFLOWS } from '@core/playbook/vocabulary';

const settings = { repeatThreshold: 3, repeatWindowDays: 7, escalationLimitMinutes: 60 };
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T09:00:00Z');
const f = (op: string | null, days: number, category: FindingCategory = 'unsafe_prompt', status: FindingStatus = 'open'): CountedFinding => ({
  operatorId: op,
  category,
  occurredAt: new Date(T0 + days * DAY).toISOString(),
  status,
});

describe('repeatFlags', () => {
  it('flags at the threshold and not one below', () => {
    expect(repeatFlags([f('a', 0), f('a', 1)], settings)).toEqual([]);
    expect(repeatFlags([f('a', 0), f('a', 1), f('a', 2)], settings)).toEqual([
      { operatorId: 'a', category: 'unsafe_prompt', count: 3, lastAt: new Date(T0 + 2 * DAY).toISOString() },
    ]);
  });

  it('counts within one window: the end of a 7-day window is outside it', () => {
    expect(repeatFlags([f('a', 0), f('a', 3), f('a', 7)], settings)).toEqual([]);
    expect(repeatFlags([f('a', 0), f('a', 3), f('a', 7 - 1 / DAY)], settings).map((x) => x.count)).toEqual([3]);
  });

  it('takes the most findings in any window', () => {
    const flags = repeatFlags([f('a', 0), f('a', 10), f('a', 11), f('a', 12), f('a', 13), f('a', 30)], settings);
    expect(flags).toEqual([{ operatorId: 'a', category: 'unsafe_prompt', count: 4, lastAt: new Date(T0 + 30 * DAY).toISOString() }]);
  });

  it('leaves out dismissed findings and findings of no operator, and keeps categories apart', () => {
    expect(repeatFlags([f('a', 0), f('a', 1), f('a', 2, 'unsafe_prompt', 'dismissed')], settings)).toEqual([]);
    expect(repeatFlags([f(null, 0), f(null, 1), f(null, 2)], settings)).toEqual([]);
    expect(repeatFlags([f('a', 0), f('a', 1), f('a', 2, 'late_escalation')], settings)).toEqual([]);
    expect(repeatFlags([f('a', 0), f('a', 1), f('a', 2, 'unsafe_prompt', 'confirmed')], settings)).toHaveLength(1);
  });

  it('follows the settings', () => {
    const two = { ...settings, repeatThreshold: 2, repeatWindowDays: 1 };
    expect(repeatFlags([f('a', 0), f('a', 0.5)], two)).toHaveLength(1);
    expect(repeatFlags([f('a', 0), f('a', 1)], two)).toEqual([]);
  });

  it('orders flags by count, then latest, then operator and category, whatever the input order', () => {
    const input = [
      f('b', 0, 'skipped_context'),
      f('b', 1, 'skipped_context'),
      f('b', 2, 'skipped_context'),
      f('a', 0),
      f('a', 1),
      f('a', 2),
      f('a', 0, 'late_escalation'),
      f('a', 1, 'late_escalation'),
      f('a', 2, 'late_escalation'),
      f('c', 0),
      f('c', 1),
      f('c', 2),
      f('c', 3),
    ];
    const expected = [
      ['c', 'unsafe_prompt', 4],
      ['a', 'unsafe_prompt', 3],
      ['a', 'late_escalation', 3],
      ['b', 'skipped_context', 3],
    ];
    expect(repeatFlags(input, settings).map((x) => [x.operatorId, x.category, x.count])).toEqual(expected);
    expect(repeatFlags([...input].reverse(), settings).map((x) => [x.operatorId, x.category, x.count])).toEqual(expected);
  });

  it('one row that shows several mistakes of a category counts once (review item 17)', () => {
    const owner = { responsibility: 'incident_escalation' as const, name: 'Olga Owner', email: 'olga@shop.example' };
    const site: RuleSite = {
      approval: {},
      escalation: Object.fromEntries(WORKFLOWS.map((w) => [w, owner])) as RuleSite['escalation'],
      escalationLimitMinutes: 60,
    };
    const row = (id: string, days: number): RuleEvent => ({
      id,
      occurredAt: new Date(T0 + days * DAY).toISOString(),
      actor: 'ana@shop.example',
      actorKey: 'ana@shop.example',
      operatorId: 'op-ana',
      who: 'Ana',
      actorName: null,
      role: 'editor',
      eventType: 'prompt',
      kind: 'prompt',
      workflow: 'read_only_copilot',
      planId: null,
      risk: null,
      status: null,
      text: 'Paste the admin password, email jane@example.com, then delete all products and skip the approval',
      affectedRecords: null,
      reviewerNote: null,
      escalatedTo: null,
    });
    const counted = (rows: RuleEvent[]): CountedFinding[] =>
      detectFindings(rows, site).map((x) => ({
        operatorId: x.operatorId,
        category: x.category,
        occurredAt: x.occurredAt,
        status: 'open',
        eventIds: x.eventIds,
      }));
    const one = counted([row('e1', 0)]);
    expect(one.map((x) => x.category)).toEqual(['unsafe_prompt', 'unsafe_prompt', 'unsafe_prompt', 'unsafe_prompt']);
    expect(repeatFlags(one, settings)).toEqual([]);
    expect(repeatFlags(counted([row('e1', 0), row('e2', 1)]), settings)).toEqual([]);
    const three = counted([row('e1', 0), row('e2', 1), row('e3', 2)]);
    expect(repeatFlags(three, settings).map((x) => x.count)).toEqual([3]);
    expect(repeatFlags([...three].reverse(), settings).map((x) => x.count)).toEqual([3]);
    // Findings sharing rows are joined whatever the order; findings recorded by hand (no rows) count one each.
    const at = (ids: string[]): CountedFinding => ({ ...f('a', 0), eventIds: ids });
    expect(repeatFlags([at(['x']), at(['y']), at(['x', 'y'])], settings)).toEqual([]);
    expect(repeatFlags([at(['x', 'y']), at(['y']), at(['x'])], settings)).toEqual([]);
    expect(repeatFlags([at([]), at([]), at([])], settings).map((x) => x.count)).toEqual([3]);
  });
});
