import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows } from './harness';

const sop = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, {
    workflow: 'support_drafts',
    role: 'support_agent',
    sop_version: 1,
    purpose: 'Draft replies',
    when_to_use: 'Tickets',
    may_approve_low: 0,
    may_approve_medium: 0,
    may_approve_high: 0,
    bulk_approve_low_risk: 0,
    approval_notes: '',
    escalation_responsibility: 'support_routing',
    change_summary: 'Default',
    published_by: 'Rollout Workbench',
    ...extra,
  });
const operator = (id: string, extra: Record<string, unknown> = {}) => stamped(id, { site_id: 's1', person_id: 'p1', role: 'support_agent', ...extra });

// That 0002 keeps the sites of a 0001 file and refuses an operator for an unknown person is in tests/db/migrations.test.ts.
describe('migration 0002: playbook and operators', () => {
  it('adds the playbook and operator tables beside the foundation rows, which it leaves as they were', () => {
    const db = databaseBefore(2);
    foundationRows(db);
    const sites = tableRows(db, 'sites');
    migrateThrough(db, 2);
    expect(schemaNames(db, 'table')).toEqual(
      expect.arrayContaining([
        'operators',
        'scenario_check_answers',
        'scenario_checks',
        'scenarios',
        'site_sop_overrides',
        'sop_items',
        'sop_versions',
        'training_signoffs',
      ]),
    );
    expect(tableRows(db, 'sites')).toEqual(sites);
    insertRows(db, 'operators', [operator('o1')]);
    expect(tableRows(db, 'operators')[0]).toMatchObject({ access: 'none', version: 1, archived_at: null });
  });

  it('one active operator per person, site and role; access is none, granted or revoked', () => {
    const db = databaseBefore(2);
    foundationRows(db);
    migrateThrough(db, 2);
    insertRows(db, 'operators', [operator('o1')]);
    expect(() => insertRows(db, 'operators', [operator('o2')])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'operators', [operator('o2', { role: 'editor', access: 'maybe' })])).toThrow(/operators_access_valid/);
    db.prepare("UPDATE operators SET archived_at = ? WHERE id = 'o1'").run('2026-03-02T10:00:00.000Z');
    insertRows(db, 'operators', [operator('o2')]);
  });

  it('an SOP version is positive and once per cell, bulk approval needs low-risk approval, and a check scores within its total', () => {
    const db = databaseBefore(2);
    foundationRows(db);
    migrateThrough(db, 2);
    insertRows(db, 'sop_versions', [sop('v1')]);
    expect(() => insertRows(db, 'sop_versions', [sop('v2')])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'sop_versions', [sop('v2', { sop_version: 0 })])).toThrow(/sop_versions_version_positive/);
    expect(() => insertRows(db, 'sop_versions', [sop('v2', { sop_version: 2, bulk_approve_low_risk: 1 })])).toThrow(/sop_versions_bulk_needs_low/);
    insertRows(db, 'sop_items', [stamped('i1', { sop_version_id: 'v1', kind: 'refusal_rule', position: 0, text: 'Never share invoices' })]);
    expect(() => insertRows(db, 'sop_items', [stamped('i2', { sop_version_id: 'v1', kind: 'refusal_rule', position: 0, text: 'Twice' })])).toThrow(
      /UNIQUE constraint failed/,
    );
    expect(() => insertRows(db, 'sop_items', [stamped('i2', { sop_version_id: 'v1', kind: 'when_to_ask', position: 0, text: 'Not yet a kind' })])).toThrow(
      /sop_items_kind_valid/,
    );

    insertRows(db, 'operators', [operator('o1')]);
    insertRows(db, 'training_signoffs', [stamped('t1', { operator_id: 'o1', sop_version_id: 'v1', signed_at: '2026-03-01T10:00:00.000Z' })]);
    expect(() =>
      insertRows(db, 'training_signoffs', [stamped('t2', { operator_id: 'o1', sop_version_id: 'v1', signed_at: '2026-03-02T10:00:00.000Z' })]),
    ).toThrow(/UNIQUE constraint failed/);
    const check = (id: string, correct: number) =>
      stamped(id, { operator_id: 'o1', taken_at: '2026-03-01T10:00:00.000Z', correct, total: 5, passed: correct === 5 ? 1 : 0 });
    expect(() => insertRows(db, 'scenario_checks', [check('k1', 6)])).toThrow(/scenario_checks_score/);
    insertRows(db, 'scenario_checks', [check('k1', 5)]);
    expect(() =>
      insertRows(db, 'scenarios', [
        stamped('sc1', { slug: 'x', role: 'support_agent', workflow: 'support_drafts', situation: 'A refund', answer: 'maybe', explanation: '' }),
      ]),
    ).toThrow(/scenarios_answer_valid/);
  });
});
