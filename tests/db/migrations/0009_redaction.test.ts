import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, stamped, tableRows } from './harness';

const row = (id: string, seq: number) => ({
  id,
  entity: 'site',
  entity_id: 's1',
  site_id: 's1',
  action: 'update',
  summary: 'Provider key sk-live-123',
  before: '{"key":"sk-live-123"}',
  after: '{"key":null}',
  actor: 'ann',
  device: 'laptop',
  at: '2026-03-01T10:00:00.000Z',
  seq,
  content_hash: `c${seq}`,
  hash: `h${seq}`,
});
const redact = "UPDATE change_log SET summary = 'Provider key [redacted]', before = '{\"key\":\"[redacted]\"}' WHERE id = 'l1'";

describe('migration 0009: redaction', () => {
  it('history still refuses every UPDATE while no redaction grant is held, old rows and new', () => {
    const db = databaseBefore(9);
    foundationRows(db);
    insertRows(db, 'change_log', [row('l1', 1)]);
    migrateThrough(db, 9);
    insertRows(db, 'change_log', [row('l2', 2)]);
    expect(tableRows(db, 'redaction_grants')).toEqual([]);
    expect(() => db.prepare(redact).run()).toThrow('change_log is append-only');
    expect(() => db.prepare("UPDATE change_log SET summary = 'x' WHERE id = 'l2'").run()).toThrow('change_log is append-only');
    expect(() => db.prepare("DELETE FROM change_log WHERE id = 'l1'").run()).toThrow('change_log is append-only');
    expect(tableRows(db, 'change_log').map((r) => r.summary)).toEqual(['Provider key sk-live-123', 'Provider key sk-live-123']);
  });

  it('with a grant held, only the summary, before and after may be rewritten: who, when, what and the seal stay', () => {
    const db = databaseBefore(9);
    foundationRows(db);
    migrateThrough(db, 9);
    insertRows(db, 'change_log', [row('l1', 1)]);
    insertRows(db, 'redaction_grants', [stamped('grant', {})]);
    db.prepare(redact).run();
    for (const change of [
      "actor = 'mallory'",
      "at = 'later'",
      "action = 'create'",
      'seq = 9',
      "hash = 'forged'",
      "content_hash = 'forged'",
      "entity_id = 's2'",
    ]) {
      expect(() => db.prepare(`UPDATE change_log SET ${change} WHERE id = 'l1'`).run(), change).toThrow('change_log is append-only');
    }
    expect(() => db.prepare("DELETE FROM change_log WHERE id = 'l1'").run()).toThrow('change_log is append-only');
    db.prepare("DELETE FROM redaction_grants WHERE id = 'grant'").run();
    expect(() => db.prepare("UPDATE change_log SET after = 'x' WHERE id = 'l1'").run()).toThrow('change_log is append-only');
    expect(tableRows(db, 'change_log')[0]).toMatchObject({
      summary: 'Provider key [redacted]',
      before: '{"key":"[redacted]"}',
      after: '{"key":null}',
      actor: 'ann',
      seq: 1,
      hash: 'h1',
    });
  });
});
