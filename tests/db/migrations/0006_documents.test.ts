import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, stamped, tableRows } from './harness';

const doc = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, {
    site_id: 's1',
    kind: 'rollback_plan',
    format: 'md',
    final: 0,
    content_hash: 'abc',
    outline: '[]',
    missing_count: 2,
    file_name: 'rollback-plan.md',
    generated_at: '2026-03-01T10:00:00.000Z',
    generated_by: 'ann',
    ...extra,
  });

// The new tables on a 0004 file, and the session planning reviews after it, are in tests/db/migrations.test.ts.
describe('migration 0006: generated documents and runbook facts', () => {
  it('a final document has nothing missing; kind and format are from the lists', () => {
    const db = databaseBefore(6);
    foundationRows(db);
    migrateThrough(db, 6);
    insertRows(db, 'generated_documents', [doc('d1')]);
    expect(() => insertRows(db, 'generated_documents', [doc('d2', { final: 1 })])).toThrow(/generated_documents_final_complete/);
    insertRows(db, 'generated_documents', [doc('d2', { final: 1, missing_count: 0 })]);
    expect(() => insertRows(db, 'generated_documents', [doc('d3', { kind: 'invoice' })])).toThrow(/generated_documents_kind_valid/);
    expect(() => insertRows(db, 'generated_documents', [doc('d3', { format: 'docx' })])).toThrow(/generated_documents_format_valid/);
    expect(tableRows(db, 'generated_documents').map((d) => [d.id, d.final])).toEqual([
      ['d1', 0],
      ['d2', 1],
    ]);
  });

  it('a site has one set of runbook facts, all optional', () => {
    const db = databaseBefore(6);
    foundationRows(db);
    migrateThrough(db, 6);
    insertRows(db, 'site_runbook_facts', [stamped('f1', { site_id: 's1' })]);
    expect(() => insertRows(db, 'site_runbook_facts', [stamped('f2', { site_id: 's1', backup_location: 'Host daily backups' })])).toThrow(
      /UNIQUE constraint failed/,
    );
    expect(() => insertRows(db, 'site_runbook_facts', [stamped('f2', { site_id: 'gone' })])).toThrow(/FOREIGN KEY/);
    expect(tableRows(db, 'site_runbook_facts')[0]).toMatchObject({ site_id: 's1', backup_location: null, known_good_sophmate: null });
  });
});
