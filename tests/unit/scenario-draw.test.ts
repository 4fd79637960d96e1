import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPlaybook,
  drawScenarios,
  OPERATOR_ROLES,
  SCENARIO_ANSWERS,
  SCENARIOS_PER_ATTEMPT,
  WORKFLOWS,
  type DrawableScenario,
} from '@core/playbook/index';

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const scenario = fc.record({
  id: fc.stringMatching(/^[a-z]{1,4}$/),
  workflow: fc.constantFrom(...WORKFLOWS),
  answer: fc.constantFrom(...SCENARIO_ANSWERS),
});
const pool = fc.uniqueArray(scenario, { selector: (s) => s.id, maxLength: 16 });
const poolAndPrevious = pool.chain((p) =>
  fc
    .tuple(fc.constant(p), fc.subarray(p.map((s) => s.id)), fc.array(fc.constant('not-in-pool'), { maxLength: 1 }))
    .map(([pl, prev, extra]) => ({ pool: pl, previous: [...prev, ...extra] })),
);
const count = fc.integer({ min: 1, max: 8 });
const seed = fc.integer();

const isSafety = (s: DrawableScenario) => s.answer === 'escalate' || s.answer === 'stop';
const sameSet = (a: readonly string[], b: readonly string[]) => new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

describe('drawing the questions of a scenario-check attempt', () => {
  it('draws distinct ids from the pool, as many as asked or the whole pool', () => {
    fc.assert(
      fc.property(poolAndPrevious, count, seed, ({ pool: p, previous }, n, s) => {
        const ids = drawScenarios(p, previous, seeded(s), n);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(Math.min(n, p.length));
        for (const id of ids) expect(p.some((x) => x.id === id)).toBe(true);
      }),
    );
  });

  it('is deterministic for the same random sequence', () => {
    fc.assert(
      fc.property(poolAndPrevious, count, seed, ({ pool: p, previous }, n, s) => {
        expect(drawScenarios(p, previous, seeded(s), n)).toEqual(drawScenarios(p, previous, seeded(s), n));
      }),
    );
  });

  it('never repeats the previous set when the pool holds another', () => {
    fc.assert(
      fc.property(poolAndPrevious, count, seed, ({ pool: p, previous }, n, s) => {
        fc.pre(p.length > n);
        expect(sameSet(drawScenarios(p, previous, seeded(s), n), previous)).toBe(false);
      }),
    );
  });

  it('includes an escalate or stop situation when the pool has one', () => {
    fc.assert(
      fc.property(poolAndPrevious, count, seed, ({ pool: p, previous }, n, s) => {
        const unseenSafety = p.some((x) => isSafety(x) && !previous.includes(x.id));
        // A one-question retake gives up the safety question only if the pool's safety questions were all asked last time.
        fc.pre(p.some(isSafety) && (n > 1 || unseenSafety || p.length === 1));
        const ids = drawScenarios(p, previous, seeded(s), n);
        expect(ids.some((id) => isSafety(p.find((x) => x.id === id)!))).toBe(true);
      }),
    );
  });

  it('repeats questions from the previous attempt only as far as the pool forces it', () => {
    fc.assert(
      fc.property(poolAndPrevious, count, seed, ({ pool: p, previous }, n, s) => {
        const ids = drawScenarios(p, previous, seeded(s), n);
        const unseen = p.filter((x) => !previous.includes(x.id));
        const safetyOnlyAsked = p.some(isSafety) && !unseen.some(isSafety);
        const forced = Math.max(0, ids.length - unseen.length) + (safetyOnlyAsked ? 1 : 0);
        expect(ids.filter((id) => previous.includes(id)).length).toBeLessThanOrEqual(forced);
      }),
    );
  });

  it('covers as many workflows as the pool allows', () => {
    fc.assert(
      fc.property(pool, count, seed, (p, n, s) => {
        const ids = drawScenarios(p, [], seeded(s), n);
        const covered = new Set(ids.map((id) => p.find((x) => x.id === id)!.workflow));
        expect(covered.size).toBe(Math.min(ids.length, new Set(p.map((x) => x.workflow)).size));
      }),
    );
  });

  it('gives every role of the shipped playbook a retake with no repeated question and an escalate or stop situation', () => {
    const scenarios = defaultPlaybook().scenarios;
    fc.assert(
      fc.property(fc.constantFrom(...OPERATOR_ROLES), seed, seed, (role, first, second) => {
        const rolePool = scenarios.filter((sc) => sc.role === role);
        const attempt = drawScenarios(rolePool, [], seeded(first));
        const retake = drawScenarios(rolePool, attempt, seeded(second));
        expect(attempt).toHaveLength(SCENARIOS_PER_ATTEMPT);
        expect(retake).toHaveLength(SCENARIOS_PER_ATTEMPT);
        expect(retake.filter((id) => attempt.includes(id))).toEqual([]);
        for (const ids of [attempt, retake]) expect(ids.some((id) => isSafety(rolePool.find((sc) => sc.id === id)!))).toBe(true);
      }),
    );
  });

  it('returns nothing from an empty pool', () => {
    expect(drawScenarios([], ['a'], seeded(1))).toEqual([]);
  });
});
