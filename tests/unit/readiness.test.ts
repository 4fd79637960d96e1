import { describe, expect, it } from 'vitest';
import {
  checklistState,
  evaluateGate,
  GATE_CHECKLIST_ITEMS,
  GATE_ITEMS,
  gateItemProblems,
  gatesForTransition,
  ownerProblem,
  transitionCheck,
  type ReadinessFacts,
  type RollbackDocFact,
} from '@core/domain/readiness';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { defaultPlaybook } from '@core/playbook/default-playbook';

const checklist = defaultPlaybook().checklist;

function facts(over: Partial<ReadinessFacts> = {}): ReadinessFacts {
  const owners = Object.fromEntries(
    RESPONSIBILITIES.map((r) => [r, { assigned: true, ownerName: 'Ann', ownerActive: true, verifiedAt: '2026-03-01T00:00:00Z' }]),
  ) as ReadinessFacts['owners'];
  return {
    now: '2026-03-10T00:00:00Z',
    maxVerificationAgeDays: 90,
    missingSetup: [],
    owners,
    sopsComplete: true,
    manual: Object.fromEntries(['reach-diagnostics', 'pause-high-risk'].map((id) => [id, { status: 'done' as const, evidence: 'x', reason: null }])),
    firstWeek: { dueOn: '2026-03-08', doneAt: '2026-03-08T10:00:00Z', doneBy: 'Ann', skippedAt: null, skipReason: null },
    rollbackDoc: rollbackDoc(),
    ...over,
  };
}

/** A current rollback plan: exported after its last change, a backup of 2026-03-08 and a rehearsal passed on 2026-02-20. */
function rollbackDoc(over: Partial<RollbackDocFact> = {}): RollbackDocFact {
  return {
    finalAt: '2026-03-05T10:00:00Z',
    changedAt: '2026-03-04T10:00:00Z',
    lastBackupOn: '2026-03-08',
    latestRehearsal: { rehearsedOn: '2026-02-20', outcome: 'passed' },
    lastPassedRehearsalOn: '2026-02-20',
    maxBackupAgeDays: 7,
    maxRehearsalAgeDays: 180,
    ...over,
  };
}

describe('transitions and their gates', () => {
  it.each([
    ['planning', 'setup', []],
    ['setup', 'pilot', ['enable_write_workflows']],
    ['pilot', 'adoption', ['enable_write_workflows', 'invite_wider_team']],
    ['planning', 'adoption', ['enable_write_workflows', 'invite_wider_team']],
    ['paused', 'pilot', ['enable_write_workflows']],
    ['adoption', 'pilot', []],
    ['adoption', 'paused', []],
    ['pilot', 'retired', []],
  ] as const)('%s → %s needs %j', (from, to, gates) => {
    expect(gatesForTransition(from, to)).toEqual(gates);
  });

  it('passes when every fact is in place', () => {
    expect(transitionCheck('pilot', 'adoption', facts(), checklist)).toMatchObject({ ok: true, reasons: [] });
  });

  it('names an unverified owner, a stale verification and an inactive owner', () => {
    const f = facts();
    f.owners.diagnostics = { assigned: true, ownerName: 'Bo', ownerActive: true, verifiedAt: null };
    f.owners.permissions = { assigned: true, ownerName: 'Cy', ownerActive: true, verifiedAt: '2025-10-01T00:00:00Z' };
    f.owners.provider_key_billing = { assigned: true, ownerName: 'Di', ownerActive: false, verifiedAt: '2026-03-01T00:00:00Z' };
    const r = evaluateGate('invite_wider_team', f, checklist);
    expect(r.ok).toBe(false);
    expect(r.reasons).toEqual([
      'The Provider key & billing owner (Di) is inactive: assign an active person.',
      'The Diagnostics owner (Bo) is not verified.',
      'The Permissions owner (Cy) was last verified 160 days ago (more than 90): verify again.',
    ]);
  });

  it('the write-capable gate needs the rollback plan, pause location, support path and verified backups', () => {
    const f = facts({ manual: {}, rollbackDoc: rollbackDoc({ finalAt: null, changedAt: null }) });
    f.owners.support_routing = { assigned: false, ownerName: null, ownerActive: false, verifiedAt: null };
    f.owners.backups = { assigned: true, ownerName: 'Ed', ownerActive: true, verifiedAt: null };
    expect(evaluateGate('enable_write_workflows', f, checklist).reasons).toEqual([
      'No final rollback plan has been exported: complete it on the Documents tab and export the final version.',
      '“Team knows where to pause high-risk activity” is not done.',
      'No support path is known to work: No Support routing owner is assigned.',
      'The Backups owner (Ed) is not verified.',
    ]);
  });

  it('the write-capable gate also needs a complete setup record and a verified (not only assigned) support-routing owner', () => {
    const f = facts({ missingSetup: ['PHP version'] });
    f.owners.support_routing = { assigned: true, ownerName: 'Sue', ownerActive: true, verifiedAt: null };
    expect(evaluateGate('enable_write_workflows', f, checklist).reasons).toEqual(
      expect.arrayContaining([
        'The setup record is incomplete (missing: PHP version).',
        'No support path is known to work: The Support routing owner (Sue) is not verified.',
      ]),
    );
  });

  it('a rollback plan exported before the last change to its facts is no longer current', () => {
    const stale = facts({ rollbackDoc: rollbackDoc({ changedAt: '2026-03-06T09:00:00Z' }) });
    expect(checklistState(checklist, stale).find((c) => c.id === 'rollback-documented')).toMatchObject({
      computed: true,
      status: 'open',
      why: 'The rollback facts changed after the last final rollback plan (exported 2026-03-05, changed 2026-03-06): export it again.',
    });
    expect(checklistState(checklist, facts()).find((c) => c.id === 'rollback-documented')).toMatchObject({
      status: 'done',
      why: 'The final rollback plan exported on 2026-03-05 is current: last backup 2026-03-08, last restore rehearsal passed 2026-02-20.',
    });
  });

  it('ownerProblem counts a verification exactly at the limit', () => {
    const f = facts({ maxVerificationAgeDays: 9 });
    expect(ownerProblem('rollback_restore', f)).toBeNull();
    expect(ownerProblem('rollback_restore', facts({ maxVerificationAgeDays: 8 }))).toContain('last verified 9 days ago');
  });
});

describe('checklist state', () => {
  it('decides computed items and explains them; manual items carry their evidence or reason', () => {
    const f = facts({
      missingSetup: ['Staging URL'],
      manual: { 'reach-diagnostics': { status: 'blocked', evidence: null, reason: 'Host blocks outbound HTTPS' } },
    });
    const state = checklistState(checklist, f);
    expect(state.find((s) => s.id === 'setup-record')).toMatchObject({ computed: true, status: 'open', why: 'Missing: Staging URL.' });
    expect(state.find((s) => s.id === 'owners-verified')).toMatchObject({ computed: true, status: 'done' });
    expect(state.find((s) => s.id === 'reach-diagnostics')).toMatchObject({ computed: false, status: 'blocked', why: 'Host blocks outbound HTTPS' });
    expect(state.find((s) => s.id === 'pause-high-risk')).toMatchObject({ status: 'open', why: 'Not done yet.' });
  });
});

describe('gate items', () => {
  const notApplicable = (id: string) => ({ [id]: { status: 'not_applicable' as const, evidence: null, reason: 'Nobody pauses anything here' } });

  it('marked not applicable do not pass a gate: only done counts', () => {
    const write = facts({ manual: { ...facts().manual, ...notApplicable('pause-high-risk') } });
    expect(evaluateGate('enable_write_workflows', write, checklist).reasons).toEqual([
      '“Team knows where to pause high-risk activity” is marked not applicable (Nobody pauses anything here), but the gate needs it done: record evidence, or move on only by a recorded override.',
    ]);
    const invite = facts({ manual: { ...facts().manual, ...notApplicable('reach-diagnostics') } });
    expect(evaluateGate('invite_wider_team', invite, checklist)).toMatchObject({
      ok: false,
      reasons: [expect.stringContaining('“Team can reach diagnostics and support” is marked not applicable')],
    });
    // Recorded as a fact, and the checklist says the gate still needs it.
    expect(checklistState(checklist, write).find((c) => c.id === 'pause-high-risk')).toMatchObject({
      status: 'not_applicable',
      why: 'Nobody pauses anything here (A readiness gate still needs it done.)',
    });
    // Items no gate relies on may still be not applicable.
    const other = facts({ manual: { ...facts().manual, ...notApplicable('provider-key-owner') } });
    expect(transitionCheck('pilot', 'adoption', other, checklist).ok).toBe(true);
  });

  it('are judged by the app’s rule, whatever the stored checklist says', () => {
    // An edited checklist that turns the first-week review into a tick box and the pause item into a computed one.
    const edited = checklist.map((c) =>
      c.id === 'first-week-review'
        ? { id: c.id, title: c.title, description: c.description }
        : c.id === 'pause-high-risk'
          ? { ...c, computed: 'sops_all_workflows' as const }
          : c,
    );
    const f = facts({ manual: { 'first-week-review': { status: 'done', evidence: 'ticked', reason: null } }, firstWeek: null });
    expect(evaluateGate('invite_wider_team', f, edited).reasons).toEqual([
      '“Team can reach diagnostics and support” is not done.',
      'No first-week review yet: it is planned when the site moves into Pilot.',
    ]);
    expect(evaluateGate('enable_write_workflows', f, edited).reasons).toEqual(['“Team knows where to pause high-risk activity” is not done.']);
    expect(checklistState(edited, f).find((c) => c.id === 'first-week-review')).toMatchObject({ computed: true, status: 'open' });
    expect(checklistState(edited, f).find((c) => c.id === 'pause-high-risk')).toMatchObject({ computed: false, status: 'open' });
    // A checklist that lost a gate item still needs it.
    expect(
      evaluateGate(
        'invite_wider_team',
        facts(),
        checklist.filter((c) => c.id !== 'reach-diagnostics'),
      ).ok,
    ).toBe(true);
    expect(
      evaluateGate(
        'invite_wider_team',
        facts({ manual: {} }),
        checklist.filter((c) => c.id !== 'reach-diagnostics'),
      ).ok,
    ).toBe(false);
  });

  it('are every item a gate reads and every item the shipped playbook decides by a rule, with that rule', () => {
    const gateIds = Object.values(GATE_CHECKLIST_ITEMS).flat();
    const shippedRules = Object.fromEntries(checklist.filter((c) => c.computed).map((c) => [c.id, c.computed]));
    expect(Object.keys(GATE_ITEMS).sort()).toEqual([...new Set([...gateIds, ...Object.keys(shippedRules)])].sort());
    for (const [id, rule] of Object.entries(GATE_ITEMS)) expect(rule ?? undefined, id).toBe(shippedRules[id]);
    expect(gateItemProblems(checklist)).toEqual([]);
  });

  it('cannot be retired, lose, gain or change their rule, and no other item may claim one', () => {
    const edited = structuredClone(checklist).filter((c) => c.id !== 'reach-diagnostics');
    const at = (id: string) => edited.findIndex((c) => c.id === id);
    delete edited[at('first-week-review')]!.computed;
    edited[at('pause-high-risk')]!.computed = 'sops_all_workflows';
    edited[at('setup-record')]!.computed = 'owners_verified';
    edited.push({ id: 'backups-tested', title: 'Backups tested', description: 'A restore was tried.', computed: 'rollback_document_current' });
    const problems = gateItemProblems(edited);
    expect(problems.map((p) => p.path)).toEqual([
      [at('setup-record'), 'computed'],
      [at('first-week-review'), 'computed'],
      [at('pause-high-risk'), 'computed'],
      [edited.length - 1, 'computed'],
      [],
    ]);
    expect(problems[0]!.message).toBe(
      '“Setup record complete” (setup-record) is decided by the app with the rule "setup_record_complete", which a playbook cannot change. Set "computed": "setup_record_complete"; you may reword the title and description.',
    );
    expect(problems[1]!.message).toBe(
      '“First-week review done” (first-week-review) is decided by the app (computed: "first_week_review_done") and the readiness gates rely on it, so a playbook cannot make it a tick box. Put back "computed": "first_week_review_done"; you may reword the title and description.',
    );
    expect(problems[2]!.message).toContain('“Team knows where to pause high-risk activity” (pause-high-risk) cannot be decided by the app');
    expect(problems[2]!.message).toContain('(sops_all_workflows belongs to sops-all-workflows). Remove "computed" from this item.');
    expect(problems[3]!.message).toContain('“Backups tested” (backups-tested) cannot be decided by the app');
    expect(problems[4]!.message).toBe(
      'The checklist item reach-diagnostics is missing: the readiness gates rely on it, so it cannot be retired. Keep it in the checklist; you may reword its title and description.',
    );
  });
});
