/**
 * Chooses the questions of one scenario-check attempt from a role's pool. A retake must not be
 * passable by remembering the last attempt's keys, and every attempt must test at least one
 * escalate or stop situation, because missing one of those fails the check on its own.
 */
import { SCENARIOS_PER_ATTEMPT, type ScenarioAnswer, type Workflow } from './vocabulary';

export interface DrawableScenario {
  id: string;
  workflow: Workflow;
  answer: ScenarioAnswer;
}

const isSafety = (s: DrawableScenario) => s.answer === 'escalate' || s.answer === 'stop';

/** Fisher–Yates on a copy; `random` must return numbers in [0, 1). */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Draws `count` distinct scenario ids (fewer only when the pool is smaller). In order of priority:
 * 1. never exactly the set of `last` (the operator's last attempt) when the pool holds another;
 * 2. at least one escalate or stop situation when the pool has one (this gives way to 1 only in a
 *    one-question draw after an attempt that asked the pool's only such situations);
 * 3. as few situations from `previous` (everything asked since the operator last passed) as the pool
 *    allows, and of those, the ones not in the last attempt first: when the pool has enough others,
 *    none repeat (a safety question is repeated only when the pool has no other);
 * 4. as many of the pool's workflows as possible;
 * 5. as many different answers as possible, which also leaves escalate and stop situations unused
 *    for the retake.
 * The same `random` sequence gives the same draw, so an attempt can be reproduced.
 */
export function drawScenarios(
  pool: readonly DrawableScenario[],
  previous: readonly string[],
  random: () => number,
  count: number = SCENARIOS_PER_ATTEMPT,
  last: readonly string[] = previous,
): string[] {
  const distinct = [...new Map(pool.map((s) => [s.id, s])).values()];
  const size = Math.min(Math.max(0, Math.floor(count)), distinct.length);
  if (size === 0) return [];
  const askedBefore = new Set(previous);
  const askedLastTime = new Set(last);
  const unseen = shuffled(
    distinct.filter((s) => !askedBefore.has(s.id) && !askedLastTime.has(s.id)),
    random,
  );
  const seenEarlier = shuffled(
    distinct.filter((s) => askedBefore.has(s.id) && !askedLastTime.has(s.id)),
    random,
  );
  const seen = shuffled(
    distinct.filter((s) => askedLastTime.has(s.id)),
    random,
  );

  const picked: DrawableScenario[] = [];
  const covered = new Set<Workflow>();
  const answered = new Set<ScenarioAnswer>();
  const take = (from: DrawableScenario[], index: number) => {
    const [s] = from.splice(index, 1);
    picked.push(s!);
    covered.add(s!.workflow);
    answered.add(s!.answer);
  };
  const preferences: ((s: DrawableScenario) => boolean)[] = [
    (s) => !covered.has(s.workflow) && !answered.has(s.answer),
    (s) => !covered.has(s.workflow),
    (s) => !answered.has(s.answer),
  ];
  const nextIndex = (group: DrawableScenario[]) => {
    for (const preferred of preferences) {
      const i = group.findIndex(preferred);
      if (i >= 0) return i;
    }
    return 0;
  };

  for (const group of [unseen, seenEarlier, seen]) {
    const safety = group.findIndex(isSafety);
    if (safety >= 0) {
      take(group, safety);
      break;
    }
  }
  for (const group of [unseen, seenEarlier, seen]) {
    while (picked.length < size && group.length > 0) take(group, nextIndex(group));
  }
  // Only a one-question draw can land here, when every escalate or stop situation of the pool was
  // asked last time. Repeating the last attempt exactly is worse than leaving that question out.
  const samePrevious = picked.length === askedLastTime.size && picked.every((s) => askedLastTime.has(s.id));
  const other = unseen.length > 0 ? unseen : seenEarlier;
  if (samePrevious && other.length > 0) {
    picked.pop();
    take(other, 0);
  }
  // Shuffled again so the safety question is not always first.
  return shuffled(picked, random).map((s) => s.id);
}
