/**
 * "Rollback plan current" with the currency rules: a final plan exported after its last change, a
 * backup within Settings' limit and a passed restore rehearsal within its limit, the latest rehearsal
 * not failed. Near misses on every boundary, all reasons listed together, how the Dashboard groups
 * them and where it sends a lead to fix them.
 */
import { describe, expect, it } from 'vitest';
import { fixPlace } from '@core/domain/blocker-fix';
import { checklistState, evaluateGate, rollbackProblems, type ReadinessFacts, type RollbackDocFact } from '@core/domain/readiness';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { backupProblem, currencyFlips, expiresAt, rehearsalProblem, startsAt } from '@core/domain/rollback-currency';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import { reasonKey } from '@main/services/readiness-batch';

const checklist = defaultPlaybook().checklist;
const NOW = '2026-03-10T09:00:00.000Z';
const DAY = 86_400_000;

function doc(over: Partial<RollbackDocFact> = {}): RollbackDocFact {
  return {
    finalAt: '2026-03-05T10:00:00Z',
    changedAt: '2026-03-04T10:00:00Z',
    lastBackupOn: '2026-03-09',
    latestRehearsal: { rehearsedOn: '2026-02-20', outcome: 'passed' },
    lastPassedRehearsalOn: '2026-02-20',
    maxBackupAgeDays: 7,
    maxRehearsalAgeDays: 180,
    ...over,
  };
}

function facts(rollbackDoc: RollbackDocFact, now = NOW): ReadinessFacts {
  const owners = Object.fromEntries(
    RESPONSIBILITIES.map((r) => [r, { assigned: true, ownerName: 'Ann', ownerActive: true, verifiedAt: '2026-03-01T00:00:00Z' }]),
  ) as ReadinessFacts['owners'];
  return {
    now,
    maxVerificationAgeDays: 90,
    missingSetup: [],
    owners,
    sopsComplete: true,
    manual: Object.fromEntries(['reach-diagnostics', 'pause-high-risk'].map((id) => [id, { status: 'done' as const, evidence: 'x', reason: null }])),
    firstWeek: { dueOn: '2026-03-08', doneAt: '2026-03-08T10:00:00Z', doneBy: 'Ann', skippedAt: null, skipReason: null },
    rollbackDoc,
  };
}

const writeGate = (d: RollbackDocFact, now = NOW) => evaluateGate('enable_write_workflows', facts(d, now), checklist);
const item = (d: RollbackDocFact, now = NOW) => checklistState(checklist, facts(d, now)).find((c) => c.id === 'rollback-documented')!;

const NO_BACKUP = 'No backup is recorded: take a backup, or check that the latest one exists, and record the day it was taken.';
const NO_REHEARSAL = 'No restore rehearsal is recorded: rehearse a restore on staging and record its outcome.';

describe('the last backup', () => {
  it('counts exactly maxBackupAgeDays old, to the last millisecond of that day; one day older it does not', () => {
    expect(writeGate(doc({ lastBackupOn: '2026-03-03' }))).toMatchObject({ ok: true, reasons: [] });
    expect(writeGate(doc({ lastBackupOn: '2026-03-03' }), '2026-03-10T23:59:59.999Z').ok).toBe(true);
    expect(writeGate(doc({ lastBackupOn: '2026-03-03' }), '2026-03-11T00:00:00.000Z').reasons).toEqual([
      'The last backup is too old (taken 2026-03-03, 8 days ago; a backup counts for 7 days): take a backup and record the day it was taken.',
    ]);
    expect(writeGate(doc({ lastBackupOn: '2026-03-02' })).reasons).toEqual([
      'The last backup is too old (taken 2026-03-02, 8 days ago; a backup counts for 7 days): take a backup and record the day it was taken.',
    ]);
    // The limit is the setting's.
    expect(writeGate(doc({ lastBackupOn: '2026-03-02', maxBackupAgeDays: 8 })).ok).toBe(true);
    expect(backupProblem({ ...doc({ lastBackupOn: '2026-03-08', maxBackupAgeDays: 1 }), now: NOW })).toBe(
      'The last backup is too old (taken 2026-03-08, 2 days ago; a backup counts for 1 day): take a backup and record the day it was taken.',
    );
  });

  it('dated on a day that has not begun anywhere does not count; today and a day already begun east of UTC do', () => {
    expect(writeGate(doc({ lastBackupOn: '2026-03-10' })).ok).toBe(true);
    // 09:00 UTC: 23:00 in the earliest zone (UTC+14), so the 11th has begun nowhere.
    expect(writeGate(doc({ lastBackupOn: '2026-03-11' })).reasons).toEqual([
      'The last backup is dated on a day still to come (2026-03-11): correct the day the backup was taken.',
    ]);
    expect(writeGate(doc({ lastBackupOn: '2026-03-11' }), '2026-03-10T09:59:59.999Z').ok).toBe(false);
    // From 10:00 UTC it is the 11th in UTC+14: someone there records today's backup.
    expect(writeGate(doc({ lastBackupOn: '2026-03-11' }), '2026-03-10T10:00:00.000Z').ok).toBe(true);
    expect(writeGate(doc({ lastBackupOn: '2026-03-12' }), '2026-03-10T23:00:00.000Z').ok).toBe(false);
  });

  it('none recorded does not count', () => {
    expect(writeGate(doc({ lastBackupOn: null })).reasons).toEqual([NO_BACKUP]);
  });
});

describe('restore rehearsals', () => {
  it('a failed one followed by a passed one passes; a passed one followed by a failed one blocks', () => {
    expect(writeGate(doc({ latestRehearsal: { rehearsedOn: '2026-03-02', outcome: 'passed' }, lastPassedRehearsalOn: '2026-03-02' })).ok).toBe(true);
    expect(writeGate(doc({ latestRehearsal: { rehearsedOn: '2026-03-02', outcome: 'failed' }, lastPassedRehearsalOn: '2026-02-20' })).reasons).toEqual([
      'The last restore rehearsal failed (2026-03-02): fix what failed, rehearse the restore again and record a passed rehearsal.',
    ]);
  });

  it('an outcome that was never recorded never counts as passed', () => {
    expect(writeGate(doc({ latestRehearsal: { rehearsedOn: '2026-03-01', outcome: 'unknown' }, lastPassedRehearsalOn: null })).reasons).toEqual([
      'No restore rehearsal is recorded as passed (the one of 2026-03-01 has no outcome): rehearse a restore on staging and record its outcome.',
    ]);
    // An older passed one still counts past a later one without an outcome.
    expect(writeGate(doc({ latestRehearsal: { rehearsedOn: '2026-03-01', outcome: 'unknown' }, lastPassedRehearsalOn: '2026-02-20' })).ok).toBe(true);
  });

  it('a passed one counts exactly maxRehearsalAgeDays old and not a day older', () => {
    const passedOn = (day: string) => doc({ latestRehearsal: { rehearsedOn: day, outcome: 'passed' }, lastPassedRehearsalOn: day });
    // 2025-09-11 is 180 days before 2026-03-10.
    expect(writeGate(passedOn('2025-09-11')).ok).toBe(true);
    expect(writeGate(passedOn('2025-09-10')).reasons).toEqual([
      'The last passed restore rehearsal is too old (2025-09-10, 181 days ago; a passed rehearsal counts for 180 days): rehearse a restore on staging again and record its outcome.',
    ]);
    expect(writeGate(passedOn('2026-03-12')).reasons).toEqual([
      'The last passed restore rehearsal is dated on a day still to come (2026-03-12): correct the day it was rehearsed.',
    ]);
  });

  it('none recorded does not count', () => {
    expect(rehearsalProblem({ ...doc({ latestRehearsal: null, lastPassedRehearsalOn: null }), now: NOW })).toBe(NO_REHEARSAL);
  });
});

describe('every reason that applies', () => {
  it('is a gate reason of its own, and the checklist item lists them all', () => {
    const d = doc({
      changedAt: '2026-03-06T09:00:00Z',
      lastBackupOn: '2026-02-01',
      latestRehearsal: { rehearsedOn: '2026-03-01', outcome: 'failed' },
    });
    const reasons = [
      'The rollback facts changed after the last final rollback plan (exported 2026-03-05, changed 2026-03-06): export it again.',
      'The last backup is too old (taken 2026-02-01, 37 days ago; a backup counts for 7 days): take a backup and record the day it was taken.',
      'The last restore rehearsal failed (2026-03-01): fix what failed, rehearse the restore again and record a passed rehearsal.',
    ];
    expect(writeGate(d)).toMatchObject({ ok: false, reasons });
    expect(item(d)).toMatchObject({ computed: true, status: 'open', why: reasons.join(' ') });
    expect(rollbackProblems(facts(doc({ finalAt: null, lastBackupOn: null, latestRehearsal: null, lastPassedRehearsalOn: null })))).toEqual([
      'No final rollback plan has been exported: complete it on the Documents tab and export the final version.',
      NO_BACKUP,
      NO_REHEARSAL,
    ]);
  });

  it('passes only with all three, and says so', () => {
    expect(item(doc())).toMatchObject({
      status: 'done',
      why: 'The final rollback plan exported on 2026-03-05 is current: last backup 2026-03-09, last restore rehearsal passed 2026-02-20.',
    });
  });
});

describe('when the answer changes by time alone', () => {
  it('a backup and a passed rehearsal start to count when their day begins somewhere and stop after their limit', () => {
    expect(startsAt('2026-03-11')).toBe(Date.parse('2026-03-10T10:00:00Z'));
    expect(expiresAt('2026-03-03', 7)).toBe(Date.parse('2026-03-11T00:00:00Z'));
    expect(currencyFlips(doc())).toEqual([
      Date.parse('2026-03-08T10:00:00Z'),
      Date.parse('2026-03-17T00:00:00Z'),
      Date.parse('2026-02-19T10:00:00Z'),
      Date.parse('2026-08-20T00:00:00Z'),
    ]);
    expect(currencyFlips(doc({ lastBackupOn: null, lastPassedRehearsalOn: null }))).toEqual([]);
    // Each flip is the first instant of a new answer: the millisecond before it answers the other way.
    const d = doc({ lastBackupOn: '2026-03-11' });
    for (const flip of currencyFlips(d)) {
      const at = (t: number) => {
        const f = { ...d, now: new Date(t).toISOString() };
        return [backupProblem(f) === null, rehearsalProblem(f) === null];
      };
      expect(at(flip), new Date(flip).toISOString()).not.toEqual(at(flip - 1));
    }
    expect(writeGate(d, new Date(expiresAt('2026-03-11', 7) + 30 * DAY).toISOString()).ok).toBe(false);
  });
});

describe('the Dashboard', () => {
  it('groups each new reason as one, whatever its days and figures', () => {
    const gate = 'Enable write-capable workflows: ';
    const keys = (d: RollbackDocFact, now = NOW) => writeGate(d, now).reasons.map((r) => reasonKey(gate + r));
    const oldBackups = [doc({ lastBackupOn: '2026-02-01' }), doc({ lastBackupOn: '2025-12-24', maxBackupAgeDays: 30 })];
    expect(new Set(oldBackups.flatMap((d) => keys(d)))).toEqual(new Set([`${gate}The last backup is too old: take a backup and record the day it was taken.`]));
    expect(keys(doc({ lastBackupOn: '2026-04-01' }))).toEqual([
      `${gate}The last backup is dated on a day still to come: correct the day the backup was taken.`,
    ]);
    expect(keys(doc({ latestRehearsal: { rehearsedOn: '2026-03-01', outcome: 'failed' } }))).toEqual([
      `${gate}The last restore rehearsal failed: fix what failed, rehearse the restore again and record a passed rehearsal.`,
    ]);
    expect(keys(doc({ latestRehearsal: { rehearsedOn: '2025-01-01', outcome: 'unknown' }, lastPassedRehearsalOn: null }))).toEqual([
      `${gate}No restore rehearsal is recorded as passed: rehearse a restore on staging and record its outcome.`,
    ]);
    const tooOld = (day: string) => keys(doc({ latestRehearsal: { rehearsedOn: day, outcome: 'passed' }, lastPassedRehearsalOn: day }));
    expect(tooOld('2025-01-01')).toEqual(tooOld('2025-06-30'));
    expect(tooOld('2025-01-01')).toEqual([`${gate}The last passed restore rehearsal is too old: rehearse a restore on staging again and record its outcome.`]);
    expect(keys(doc({ lastBackupOn: null, latestRehearsal: null, lastPassedRehearsalOn: null }))).toEqual([gate + NO_BACKUP, gate + NO_REHEARSAL]);
  });

  it('sends backup and rehearsal reasons to the Documents tab, and a Backups owner still to the Owners tab', () => {
    const reasons = [
      ...writeGate(doc({ lastBackupOn: null, latestRehearsal: null, lastPassedRehearsalOn: null })).reasons,
      ...writeGate(doc({ lastBackupOn: '2026-02-01', latestRehearsal: { rehearsedOn: '2026-03-01', outcome: 'failed' } })).reasons,
      ...writeGate(doc({ lastBackupOn: '2026-04-01', latestRehearsal: { rehearsedOn: '2025-01-01', outcome: 'passed' }, lastPassedRehearsalOn: '2025-01-01' }))
        .reasons,
      ...writeGate(doc({ latestRehearsal: { rehearsedOn: '2025-01-01', outcome: 'unknown' }, lastPassedRehearsalOn: null })).reasons,
    ];
    expect(reasons).toHaveLength(7);
    for (const r of reasons) {
      expect(fixPlace(`Enable write-capable workflows: ${r}`), r).toBe('documents');
      expect(fixPlace(reasonKey(`Enable write-capable workflows: ${r}`)), r).toBe('documents');
    }
    expect(fixPlace('Enable write-capable workflows: The Backups owner (Ed) is not verified.')).toBe('owners');
  });
});
