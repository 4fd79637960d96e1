import { describe, expect, it } from 'vitest';
import { AT, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows, type DB } from './harness';

const TABLES = [
  'activity_actor_matches',
  'activity_events',
  'activity_imports',
  'activity_source_event_types',
  'activity_sources',
  'finding_events',
  'findings',
  'playbook_finding_rule_versions',
  'review_area_notes',
];

const documentRow = (id: string, final: number) =>
  stamped(id, {
    site_id: 's1',
    kind: 'rollback_plan',
    format: 'md',
    final,
    content_hash: `hash-${id}`,
    outline: '[]',
    missing_count: 0,
    file_name: `${id}.md`,
    generated_at: AT,
    generated_by: 'ann@agency.test',
  });

function world(): DB {
  const db = databaseBefore(13);
  foundationRows(db);
  insertRows(db, 'generated_documents', [documentRow('d1', 1), documentRow('d2', 0)]);
  return db;
}

describe('migration 0013: first-week review', () => {
  it('adds the activity, findings and finding-rule tables', () => {
    const db = world();
    expect(schemaNames(db, 'table')).not.toEqual(expect.arrayContaining(['activity_events']));
    migrateThrough(db, 13);
    expect(schemaNames(db, 'table')).toEqual(expect.arrayContaining(TABLES));
    for (const t of TABLES) expect(tableRows(db, t)).toEqual([]);
  });

  it('keeps the generated documents across the rebuild and accepts the new kind', () => {
    const db = world();
    const before = tableRows(db, 'generated_documents');
    migrateThrough(db, 13);
    expect(tableRows(db, 'generated_documents')).toEqual(before);
    insertRows(db, 'generated_documents', [{ ...documentRow('d3', 0), kind: 'first_week_review' }]);
    expect(() => insertRows(db, 'generated_documents', [{ ...documentRow('d4', 0), kind: 'nonsense' }])).toThrow(/CHECK constraint failed/);
  });

  it('has the readiness triggers on generated_documents again, so a final document marks its site dirty', () => {
    const db = world();
    migrateThrough(db, 13);
    expect(schemaNames(db, 'trigger')).toEqual(
      expect.arrayContaining(['site_readiness_document_insert', 'site_readiness_document_update', 'site_readiness_document_delete']),
    );
    db.prepare('UPDATE site_readiness SET dirty = 0').run();
    insertRows(db, 'generated_documents', [documentRow('d5', 1)]);
    expect(tableRows(db, 'site_readiness').map((r) => [r.site_id, r.dirty])).toEqual([['s1', 1]]);
  });

  it('stores an event once per site and row key, and refuses an unknown kind', () => {
    const db = world();
    migrateThrough(db, 13);
    insertRows(db, 'activity_imports', [
      stamped('i1', {
        site_id: 's1',
        file_name: 'a.csv',
        file_sha256: 'x',
        rows: 1,
        imported: 1,
        duplicates: 0,
        bad: 0,
        masked: 1,
        imported_at: AT,
        imported_by: 'ann',
      }),
    ]);
    const event = (id: string, extra: Record<string, unknown> = {}) =>
      stamped(id, { site_id: 's1', import_id: 'i1', line: 2, row_key: 'k1', occurred_at: AT, actor: 'ann', event_type: 'prompt', kind: 'prompt', ...extra });
    insertRows(db, 'activity_events', [event('e1')]);
    expect(() => insertRows(db, 'activity_events', [event('e2')])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'activity_events', [event('e3', { row_key: 'k3', kind: 'nonsense' })])).toThrow(/CHECK constraint failed/);
  });
});
