import { describe, expect, it } from 'vitest';
import { columnsOf, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows } from './harness';

const sopVersion = stamped('v1', {
  workflow: 'support_drafts',
  role: 'support_agent',
  sop_version: 1,
  purpose: 'Draft replies',
  when_to_use: 'Tickets',
  may_approve_low: 1,
  may_approve_medium: 0,
  may_approve_high: 0,
  bulk_approve_low_risk: 0,
  approval_notes: '',
  escalation_responsibility: 'support_routing',
  change_summary: 'Default',
  published_by: 'Rollout Workbench',
});
const item = (id: string, itemId: string, extra: Record<string, unknown>) =>
  stamped(id, { site_id: 's1', kind: 'checklist', item_id: itemId, recorded_by: 'ann', ...extra });
const NO_EVIDENCE = '(no evidence was recorded: marked done before evidence was required)';

/** A 0006 workspace with SOP items, a scenario and checklist items done with and without evidence. */
function workspaceFrom0006() {
  const db = databaseBefore(7);
  foundationRows(db);
  insertRows(db, 'sop_versions', [sopVersion]);
  insertRows(db, 'sop_items', [
    stamped('si1', { sop_version_id: 'v1', kind: 'refusal_rule', position: 0, text: 'Never share invoices', why: 'Privacy' }),
    stamped('si2', { sop_version_id: 'v1', kind: 'good_example', position: 0, text: 'Thanks for waiting' }),
  ]);
  insertRows(db, 'scenarios', [
    stamped('sc1', { slug: 'refund', role: 'support_agent', workflow: 'support_drafts', situation: 'A refund', answer: 'escalate', explanation: 'Money' }),
  ]);
  insertRows(db, 'site_checklist_items', [
    item('i1', 'reach-diagnostics', { status: 'done' }),
    item('i2', 'pause-high-risk', { status: 'done', evidence: 'Paused and resumed on staging' }),
    item('i3', 'backups-tested', { status: 'open' }),
    item('i4', 'host-notes', { status: 'not_applicable', reason: 'No host notes' }),
  ]);
  return db;
}

describe('migration 0007: access model and playbook data', () => {
  it('keeps SOP items and scenarios; scenarios gain an empty basis and risk; an SOP item may now be "when to ask"', () => {
    const db = workspaceFrom0006();
    const items = tableRows(db, 'sop_items');
    migrateThrough(db, 7);
    expect(tableRows(db, 'sop_items')).toEqual(items);
    expect(columnsOf(db, 'scenarios')).toEqual(expect.arrayContaining(['basis_kind', 'basis_index', 'risk']));
    expect(tableRows(db, 'scenarios')[0]).toMatchObject({ slug: 'refund', answer: 'escalate', basis_kind: null, basis_index: null, risk: null });
    insertRows(db, 'sop_items', [stamped('si3', { sop_version_id: 'v1', kind: 'when_to_ask', position: 0, text: 'A customer asks for a discount' })]);
    expect(() => insertRows(db, 'sop_items', [stamped('si4', { sop_version_id: 'v1', kind: 'refusal_rule', position: 0, text: 'Twice' })])).toThrow(
      /UNIQUE constraint failed/,
    );
    expect(() => insertRows(db, 'sop_items', [stamped('si4', { sop_version_id: 'v1', kind: 'shrug', position: 0, text: 'x' })])).toThrow(
      /sop_items_kind_valid/,
    );
    expect(schemaNames(db, 'table')).not.toContain('__new_sop_items');
  });

  it('a checklist item done without evidence gets a marker saying so; the rest keep their words; Done now needs evidence', () => {
    const db = workspaceFrom0006();
    migrateThrough(db, 7);
    expect(tableRows(db, 'site_checklist_items').map((r) => [r.id, r.status, r.evidence, r.reason])).toEqual([
      ['i1', 'done', NO_EVIDENCE, null],
      ['i2', 'done', 'Paused and resumed on staging', null],
      ['i3', 'open', null, null],
      ['i4', 'not_applicable', null, 'No host notes'],
    ]);
    expect(() => insertRows(db, 'site_checklist_items', [item('i5', 'new-item', { status: 'done' })])).toThrow(/site_checklist_items_done_has_evidence/);
    expect(() => insertRows(db, 'site_checklist_items', [item('i5', 'reach-diagnostics', { status: 'open' })])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'site_checklist_items', [item('i5', 'new-item', { status: 'blocked' })])).toThrow(/site_checklist_items_reason_needed/);
    expect(schemaNames(db, 'table')).not.toContain('__new_site_checklist_items');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('a site access model is one per site: bulk approval only for low risk, the First-Run Checklist with both its day and who completed it', () => {
    const db = workspaceFrom0006();
    migrateThrough(db, 7);
    const model = (id: string, extra: Record<string, unknown> = {}) => stamped(id, { site_id: 's1', ...extra });
    expect(() => insertRows(db, 'site_access_models', [model('a1', { bulk_approval_risk: 'medium' })])).toThrow(/site_access_models_bulk_low_only/);
    expect(() => insertRows(db, 'site_access_models', [model('a1', { first_run_completed_on: '15 Jan', first_run_completed_by_id: 'p1' })])).toThrow(
      /site_access_models_first_run_day/,
    );
    expect(() => insertRows(db, 'site_access_models', [model('a1', { first_run_completed_on: '2026-01-15' })])).toThrow(/site_access_models_first_run_both/);
    insertRows(db, 'site_access_models', [model('a1', { bulk_approval_risk: 'low', first_run_completed_on: '2026-01-15', first_run_completed_by_id: 'p1' })]);
    expect(tableRows(db, 'site_access_models')[0]).toMatchObject({ read_only_copilot: 0, workflow_approvals: 0 });
    expect(() => insertRows(db, 'site_access_models', [model('a2')])).toThrow(/UNIQUE constraint failed/);

    const mapping = (id: string, extra: Record<string, unknown> = {}) =>
      stamped(id, { site_id: 's1', role: 'support_agent', wordpress_role: 'Shop manager', ...extra });
    expect(() => insertRows(db, 'site_role_mappings', [mapping('m1', { max_approve_risk: 'any' })])).toThrow(/site_role_mappings_risk_valid/);
    expect(() => insertRows(db, 'site_role_mappings', [mapping('m1', { wordpress_role: ' ' })])).toThrow(/site_role_mappings_wp_role_not_blank/);
    insertRows(db, 'site_role_mappings', [mapping('m1')]);
    expect(tableRows(db, 'site_role_mappings')[0]).toMatchObject({ max_approve_risk: 'none' });
    expect(() => insertRows(db, 'site_role_mappings', [mapping('m2')])).toThrow(/UNIQUE constraint failed/);
  });

  it('an operator has one open scenario draw; cadence offsets stay within a year; playbook item versions are positive and once', () => {
    const db = workspaceFrom0006();
    migrateThrough(db, 7);
    insertRows(db, 'operators', [stamped('o1', { site_id: 's1', person_id: 'p1', role: 'support_agent' })]);
    insertRows(db, 'scenario_draws', [stamped('dr1', { operator_id: 'o1', drawn_at: '2026-03-01T10:00:00.000Z' })]);
    expect(() => insertRows(db, 'scenario_draws', [stamped('dr2', { operator_id: 'o1', drawn_at: '2026-03-01T11:00:00.000Z' })])).toThrow(
      /UNIQUE constraint failed/,
    );
    insertRows(db, 'scenario_draw_items', [stamped('di1', { draw_id: 'dr1', scenario_id: 'sc1', position: 0 })]);
    expect(() => insertRows(db, 'scenario_draw_items', [stamped('di2', { draw_id: 'dr1', scenario_id: 'sc1', position: 1 })])).toThrow(
      /UNIQUE constraint failed/,
    );
    insertRows(db, 'operator_access_workflows', [stamped('aw1', { operator_id: 'o1', workflow: 'support_drafts' })]);
    expect(() => insertRows(db, 'operator_access_workflows', [stamped('aw2', { operator_id: 'o1', workflow: 'support_drafts' })])).toThrow(
      /UNIQUE constraint failed/,
    );

    const cadence = (id: string, extra: Record<string, unknown>) =>
      stamped(id, { kind: 'first_week', cadence_version: 1, description: 'A week in', change_summary: 'Default', published_by: 'Rollout Workbench', ...extra });
    expect(() => insertRows(db, 'playbook_cadence_versions', [cadence('cv1', { offset_days: 400 })])).toThrow(/playbook_cadence_versions_offset/);
    expect(() => insertRows(db, 'playbook_cadence_versions', [cadence('cv1', { kind: 'yearly', offset_days: 7 })])).toThrow(
      /playbook_cadence_versions_kind_valid/,
    );
    insertRows(db, 'playbook_cadence_versions', [cadence('cv1', { offset_days: 7 })]);
    const pbItem = (id: string, extra: Record<string, unknown>) =>
      stamped(id, {
        kind: 'checklist',
        item_id: 'reach-diagnostics',
        item_version: 1,
        position: 0,
        title: 'Reach diagnostics',
        description: 'd',
        change_summary: 'Default',
        published_by: 'Rollout Workbench',
        ...extra,
      });
    expect(() => insertRows(db, 'playbook_item_versions', [pbItem('pv1', { item_version: 0 })])).toThrow(/playbook_item_versions_version_positive/);
    expect(() => insertRows(db, 'playbook_item_versions', [pbItem('pv1', { kind: 'gate' })])).toThrow(/playbook_item_versions_kind_valid/);
    insertRows(db, 'playbook_item_versions', [pbItem('pv1', {})]);
    expect(() => insertRows(db, 'playbook_item_versions', [pbItem('pv2', {})])).toThrow(/UNIQUE constraint failed/);
    expect(tableRows(db, 'playbook_item_versions')[0]).toMatchObject({ retired: 0 });
  });
});
