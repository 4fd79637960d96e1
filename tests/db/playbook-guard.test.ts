/**
 * The playbook cannot be edited into a state that marks a correct operator wrong, breaks an export,
 * or lets a gate pass without what it checks: SOP publications are held to their scenario keys,
 * exports are always files the workspace would import, and the checklist items and first-week
 * cadence the gates rely on survive imports, edits and old workspaces.
 */
import { describe, expect, it } from 'vitest';
import type { InputOf } from '@core/contract/index';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import type { Sop } from '@core/playbook/schema';
import { openTestWorkspace, type TestWorkspace, playbookSnapshot } from './helpers';

type Cell = Pick<Sop, 'workflow' | 'role'>;
const ADMIN_APPROVALS: Cell = { workflow: 'workflow_approvals', role: 'administrator' };

/** The body of the current SOP of a cell, edited, as `sops.publish` takes it. */
async function publishInput(
  ws: TestWorkspace,
  cell: Cell,
  edit: (sop: InputOf<'sops.publish'>['sop']) => void,
  changeSummary = 'Edited',
): Promise<InputOf<'sops.publish'>> {
  const current = await ws.call('sops.get', cell);
  const { workflow: _w, role: _r, version, ...body } = current.sop;
  const sop = structuredClone(body);
  edit(sop);
  return { ...cell, baseVersion: version, sop, changeSummary };
}

const basisOf = (ws: TestWorkspace, slug: string) =>
  ws.session.workspace.sqlite.prepare('SELECT basis_kind AS kind, basis_index AS "index" FROM scenarios WHERE slug = ?').get(slug) as {
    kind: string;
    index: number;
  };

describe('publishing an SOP', () => {
  it('is refused when its scenario keys would contradict it, naming each scenario, the SOP item and the answer, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const input = await publishInput(
      ws,
      ADMIN_APPROVALS,
      (sop) => {
        sop.approvalBoundaries.mayApprove = ['low'];
      },
      'Administrators approve low risk only',
    );
    const before = playbookSnapshot(ws);
    const err = await ws.fail('sops.publish', input);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(
      /^Not published: the new Workflow approvals SOP for Administrator contradicts 2 of its scenario checks, so operators who follow it would be marked wrong\./,
    );
    expect(err.details?.issues?.map((i) => i.path)).toEqual(['scenarios.admin-high-risk-roles', 'scenarios.admin-medium-diff-clear']);
    expect(err.details?.issues?.find((i) => i.path === 'scenarios.admin-medium-diff-clear')?.message).toBe(
      'Scenario “admin-medium-diff-clear” answers approve, but its basis, the approval boundary of the Workflow approvals SOP for Administrator (may approve low risk) for a medium-risk plan, calls for escalate. ' +
        'Change the SOP so it still calls for that answer, or import a playbook whose scenario keys match the new SOP.',
    );
    expect(playbookSnapshot(ws)).toEqual(before);
    // The export that used to fail with INTERNAL still works: nothing was published.
    expect(
      (await ws.call('playbook.export', {})).sops.find((s) => s.workflow === 'workflow_approvals' && s.role === 'administrator')!.approvalBoundaries.mayApprove,
    ).toEqual(['low', 'medium', 'high']);
  });

  it('is refused when it drops the SOP item a scenario tests', async () => {
    const ws = openTestWorkspace();
    const input = await publishInput(ws, ADMIN_APPROVALS, (sop) => {
      sop.refusalRules = sop.refusalRules.filter((r) => !r.startsWith('Never bulk-approve'));
    });
    const before = playbookSnapshot(ws);
    const err = await ws.fail('sops.publish', input);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details?.issues).toEqual([
      {
        path: 'scenarios.admin-bulk-mixed',
        message:
          'Scenario “admin-bulk-mixed” (answer: reject) tests the refusal rule “Never bulk-approve anything but low-risk plans.”, which the new SOP no longer has, so its key would stand on nothing. Keep that item, or import a playbook whose scenarios test the new SOP.',
      },
    ]);
    expect(playbookSnapshot(ws)).toEqual(before);
  });

  it('is refused when a scenario that named no SOP item is contradicted by the new SOP’s text', async () => {
    const ws = openTestWorkspace();
    // A scenario imported before scenarios named their item, whose text shows no item either.
    ws.session.workspace.sqlite
      .prepare(
        "UPDATE scenarios SET basis_kind = NULL, basis_index = NULL, risk = NULL, situation = 'A plan fixes two typos in the returns page; the requester is in a hurry.' WHERE slug = 'admin-medium-diff-clear'",
      )
      .run();
    const input = await publishInput(ws, ADMIN_APPROVALS, (sop) => {
      sop.escalation.triggers.push('A plan fixes typos in the returns page');
    });
    const err = await ws.fail('sops.publish', input);
    expect(err.details?.issues).toEqual([
      {
        path: 'scenarios.admin-medium-diff-clear',
        message:
          'Scenario “admin-medium-diff-clear” answers approve, but its situation matches the escalation trigger “A plan fixes typos in the returns page” of the new SOP, which calls for escalate. Change the SOP so it still calls for that answer, or import a playbook whose scenario keys match the new SOP.',
      },
    ]);
  });

  it('moves the basis of a scenario with its item, so exporting and importing again changes nothing', async () => {
    const ws = openTestWorkspace();
    expect(basisOf(ws, 'admin-bulk-mixed')).toEqual({ kind: 'refusal_rule', index: 0 });
    const input = await publishInput(
      ws,
      ADMIN_APPROVALS,
      (sop) => {
        sop.refusalRules.unshift('Never approve a plan that a customer asked for by email.');
        sop.refusalRules[2] = 'Never approve a plan without reading both its diff preview and its affected records.';
      },
      'Plans asked for by email',
    );
    const published = await ws.call('sops.publish', input);
    expect(published.sop.version).toBe(2);
    expect(basisOf(ws, 'admin-bulk-mixed')).toEqual({ kind: 'refusal_rule', index: 1 });
    const history = await ws.call('history.list', { entity: 'sop' });
    expect(history.rows[0]!.summary).toBe(
      'Published Workflow approvals SOP for Administrator v2: Plans asked for by email (1 scenario check now points at the moved SOP item it tests)',
    );

    const file = await ws.call('playbook.export', {});
    expect(file.scenarios.find((s) => s.id === 'admin-bulk-mixed')!.basis).toEqual({ kind: 'refusal_rule', index: 1 });
    const before = playbookSnapshot(ws);
    expect(await ws.call('playbook.import', { content: JSON.stringify(file) })).toMatchObject({ published: 0 });
    expect(playbookSnapshot(ws)).toEqual({ ...before, log: before.log + 1 });
  });
});

describe('exporting the playbook', () => {
  it('gives scenarios stored without a basis the item their text and key show', async () => {
    const ws = openTestWorkspace();
    const shipped = defaultPlaybook().scenarios;
    ws.session.workspace.sqlite
      .prepare("UPDATE scenarios SET basis_kind = NULL, basis_index = NULL, risk = NULL WHERE slug IN ('support-card-number', 'admin-medium-diff-clear')")
      .run();
    const file = await ws.call('playbook.export', {});
    for (const id of ['support-card-number', 'admin-medium-diff-clear']) {
      const { basis, risk } = shipped.find((s) => s.id === id)!;
      expect(
        file.scenarios.find((s) => s.id === id),
        id,
      ).toMatchObject({ basis, ...(risk ? { risk } : {}) });
    }
  });

  it('is refused, naming them and the fix, when the text does not show which item such scenarios test', async () => {
    const ws = openTestWorkspace();
    ws.session.workspace.sqlite
      .prepare("UPDATE scenarios SET basis_kind = NULL, basis_index = NULL, risk = NULL WHERE slug IN ('support-curious-lookup', 'support-card-number')")
      .run();
    const err = await ws.fail('playbook.export', {});
    expect(err.code).toBe('REFUSED');
    expect(err.message).toBe(
      'The playbook cannot be exported yet: 1 scenario check does not name the SOP item it tests (support-curious-lookup), and a playbook file must. Add a basis to it in the playbook file you imported it from (e.g. "basis": { "kind": "refusal_rule", "index": 0 }), or leave it out to retire it, and import that file again.',
    );
    expect(err.details?.issues).toEqual([
      {
        path: 'scenarios.support-curious-lookup',
        message:
          'Scenario “support-curious-lookup” (Support agent, Read-only Copilot questions, answer reject) was stored before scenarios named the SOP item they test, and its text does not show which item that is.',
      },
    ]);
  });

  it('is refused with each problem, not INTERNAL, when the stored playbook breaks a rule of the file', async () => {
    const ws = openTestWorkspace();
    // As a workspace whose SOP was published before publications were checked against the keys.
    ws.session.workspace.sqlite
      .prepare("UPDATE sop_versions SET may_approve_high = 0, may_approve_medium = 0 WHERE workflow = 'workflow_approvals' AND role = 'administrator'")
      .run();
    const err = await ws.fail('playbook.export', {});
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(
      /^The playbook cannot be exported: the workspace's playbook breaks 2 rules a playbook file must keep, so the file would be refused on import\./,
    );
    expect(err.details?.issues?.map((i) => i.message)).toEqual([
      expect.stringContaining('Scenario “admin-high-risk-roles” answers approve'),
      expect.stringContaining('Scenario “admin-medium-diff-clear” answers approve'),
    ]);
  });
});

describe('the checklist items the gates rely on', () => {
  async function importRefused(ws: TestWorkspace, edit: (file: Awaited<ReturnType<typeof exportFile>>) => void) {
    const file = await exportFile(ws);
    edit(file);
    const before = playbookSnapshot(ws);
    const err = await ws.fail('playbook.import', { content: JSON.stringify(file) });
    expect(err.code).toBe('INVALID_INPUT');
    expect(playbookSnapshot(ws)).toEqual(before);
    return err;
  }
  const exportFile = (ws: TestWorkspace) => ws.call('playbook.export', {});

  it('cannot be retired by an import', async () => {
    const ws = openTestWorkspace();
    const err = await importRefused(ws, (file) => {
      file.checklist = file.checklist.filter((c) => c.id !== 'reach-diagnostics');
    });
    expect(err.details?.issues).toEqual([
      {
        path: 'checklist',
        message:
          'The checklist item reach-diagnostics is missing: the readiness gates rely on it, so it cannot be retired. Keep it in the checklist; you may reword its title and description.',
      },
    ]);
    expect((await ws.call('playbook.items', {})).checklist.map((c) => c.itemId)).toContain('reach-diagnostics');
  });

  it('cannot lose, gain or change a computed rule by an import, and no new item may claim one', async () => {
    const ws = openTestWorkspace();
    const ids = defaultPlaybook().checklist.map((c) => c.id);
    const err = await importRefused(ws, (file) => {
      delete file.checklist[ids.indexOf('first-week-review')]!.computed;
      file.checklist[ids.indexOf('pause-high-risk')]!.computed = 'sops_all_workflows';
      file.checklist.push({ id: 'backups-tested', title: 'Backups tested', description: 'A restore was tried on staging.', computed: 'owners_verified' });
    });
    expect(err.details?.issues?.map((i) => i.path)).toEqual([
      `checklist[${ids.indexOf('first-week-review')}].computed`,
      `checklist[${ids.indexOf('pause-high-risk')}].computed`,
      `checklist[${ids.length}].computed`,
    ]);
    expect(err.details?.issues?.[0]?.message).toContain('so a playbook cannot make it a tick box. Put back "computed": "first_week_review_done"');
    expect(err.details?.issues?.[1]?.message).toContain('Remove "computed" from this item.');
  });

  it('may be reworded by an import and by an edit, and keep their rule', async () => {
    const ws = openTestWorkspace();
    const file = await exportFile(ws);
    const i = file.checklist.findIndex((c) => c.id === 'first-week-review');
    file.checklist[i]!.title = 'First week reviewed with the team';
    await ws.call('playbook.import', { content: JSON.stringify(file) });
    const items = await ws.call('playbook.items', {});
    expect(items.checklist.find((c) => c.itemId === 'first-week-review')).toMatchObject({
      title: 'First week reviewed with the team',
      computed: 'first_week_review_done',
      version: 2,
    });
    const edited = await ws.call('playbook.updateItem', {
      kind: 'checklist',
      itemId: 'pause-high-risk',
      version: 1,
      title: 'Team can pause any workflow',
      description: 'Shown on staging.',
      changeSummary: 'Plainer',
    });
    expect(edited).toMatchObject({ computed: null, version: 2 });
  });

  it('come back with their rule, and the first-week cadence with a whole week, when an old workspace is opened', async () => {
    const ws = openTestWorkspace();
    const sqlite = ws.session.workspace.sqlite;
    // As left by imports and edits made before these rules held.
    sqlite.prepare("UPDATE playbook_item_versions SET retired = 1 WHERE item_id = 'reach-diagnostics'").run();
    sqlite.prepare("UPDATE playbook_item_versions SET computed = NULL WHERE item_id = 'first-week-review'").run();
    sqlite.prepare("UPDATE playbook_item_versions SET computed = 'sops_all_workflows' WHERE item_id = 'pause-high-risk'").run();
    sqlite.prepare("UPDATE playbook_item_versions SET computed = 'owners_verified' WHERE item_id = 'provider-key-owner'").run();
    sqlite.prepare("UPDATE playbook_cadence_versions SET offset_days = 0 WHERE kind = 'first_week'").run();
    ws.session.close();

    const again = openTestWorkspace(ws.file);
    const items = await again.call('playbook.items', {});
    const byId = new Map(items.checklist.map((c) => [c.itemId, c]));
    expect(byId.get('reach-diagnostics')).toMatchObject({ version: 2, retired: false, computed: null, publishedBy: 'Rollout Workbench' });
    expect(byId.get('first-week-review')).toMatchObject({ version: 2, computed: 'first_week_review_done' });
    expect(byId.get('pause-high-risk')).toMatchObject({ version: 2, computed: null });
    expect(byId.get('provider-key-owner')).toMatchObject({ version: 2, computed: null });
    expect(items.cadences.find((c) => c.kind === 'first_week')).toMatchObject({ version: 2, offsetDays: 7 });
    const history = await again.call('history.list', { entity: 'sop' });
    expect(history.rows[0]).toMatchObject({ action: 'restore-rules' });
    expect(history.rows[0]!.summary).toContain('first-week review due 7 days after the pilot starts (was 0)');
    // The workspace exports a file it would import again, and opening once more changes nothing.
    await again.call('playbook.export', {});
    const before = playbookSnapshot(again);
    again.session.close();
    expect(playbookSnapshot(openTestWorkspace(ws.file))).toEqual(before);
  });
});

describe('the first-week cadence', () => {
  it('cannot fall due before the first week is over, on the playbook page or in a file', async () => {
    const ws = openTestWorkspace();
    const cadence = (await ws.call('playbook.items', {})).cadences.find((c) => c.kind === 'first_week')!;
    const before = playbookSnapshot(ws);
    const err = await ws.fail('playbook.updateCadence', {
      kind: 'first_week',
      version: cadence.version,
      description: cadence.description,
      rrule: null,
      offsetDays: 0,
      changeSummary: 'Review the same day',
    });
    expect(err.code).toBe('INVALID_INPUT');
    const message =
      'First-week reviews need Days after (offsetDays) of at least 7: the review looks back on the whole first week of the pilot, so it cannot fall due before that week is over. Set 7 or more.';
    expect(err.details?.issues).toEqual([{ path: 'offsetDays', message }]);

    const file = await ws.call('playbook.export', {});
    file.cadences.find((c) => c.kind === 'first_week')!.offsetDays = 6;
    const bad = await ws.fail('playbook.import', { content: JSON.stringify(file) });
    expect(bad.details?.issues).toEqual([{ path: `cadences[${file.cadences.findIndex((c) => c.kind === 'first_week')}].offsetDays`, message }]);
    expect(playbookSnapshot(ws)).toEqual(before);

    expect(
      await ws.call('playbook.updateCadence', {
        kind: 'first_week',
        version: cadence.version,
        description: cadence.description,
        rrule: null,
        offsetDays: 7 + 3,
        changeSummary: 'Ten days',
      }),
    ).toMatchObject({ offsetDays: 10 });
  });
});
