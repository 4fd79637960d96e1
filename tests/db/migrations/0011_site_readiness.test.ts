import { describe, expect, it } from 'vitest';
import { AT, databaseBefore, foundationRows, insertRows, migrateThrough, stamped, tableRows, type DB } from './harness';

const dirty = (db: DB) =>
  (db.prepare('SELECT site_id FROM site_readiness WHERE dirty = 1 ORDER BY site_id').all() as { site_id: string }[]).map((r) => r.site_id);
const settle = (db: DB) => db.prepare('UPDATE site_readiness SET dirty = 0').run();

/** Three sites of one client, Ann owning the hosting of s1 and s2, and a first SOP cell. */
function world(): DB {
  const db = databaseBefore(11);
  foundationRows(db);
  insertRows(db, 'sites', [
    stamped('s2', { client_id: 'c1', name: 'Northwind Blog', production_url: 'https://blog.northwind.test', stage: 'pilot' }),
    stamped('s3', { client_id: 'c1', name: 'Northwind Docs', production_url: 'https://docs.northwind.test', stage: 'planning' }),
  ]);
  insertRows(db, 'people', [stamped('p2', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' })]);
  insertRows(db, 'owner_assignments', [
    stamped('oa1', { site_id: 's1', responsibility: 'hosting', owner_id: 'p1' }),
    stamped('oa2', { site_id: 's2', responsibility: 'hosting', owner_id: 'p1' }),
    stamped('oa3', { site_id: 's3', responsibility: 'hosting', owner_id: 'p2' }),
  ]);
  insertRows(db, 'sop_versions', [sop('sop1', 1)]);
  return db;
}

function sop(id: string, version: number, workflow = 'support_drafts') {
  return stamped(id, {
    workflow,
    role: 'support_agent',
    sop_version: version,
    purpose: 'Draft replies',
    when_to_use: 'Tickets',
    may_approve_low: 1,
    may_approve_medium: 0,
    may_approve_high: 0,
    bulk_approve_low_risk: 0,
    approval_notes: 'Low risk only',
    escalation_responsibility: 'support_routing',
    change_summary: 'First version',
    published_by: 'ann@agency.test',
  });
}

describe('migration 0011: stored readiness', () => {
  it('gives every existing site a dirty row with nothing counted yet, and leaves the sites as they were', () => {
    const db = world();
    const sites = tableRows(db, 'sites');
    migrateThrough(db, 11);
    expect(tableRows(db, 'site_readiness')).toEqual(
      ['s1', 's2', 's3'].map((id) => ({
        site_id: id,
        active: 0,
        stage: null,
        blocked: 0,
        sole_reason: null,
        owner_gaps: 0,
        incomplete: 0,
        valid_from: null,
        valid_until: null,
        dirty: 1,
      })),
    );
    expect(tableRows(db, 'site_blocking_reasons')).toEqual([]);
    expect(tableRows(db, 'site_blocking_reason_counts')).toEqual([]);
    expect(tableRows(db, 'sites')).toEqual(sites);
  });

  it('keeps the count of sites per reason as reasons are stored, renamed and removed', () => {
    const db = world();
    migrateThrough(db, 11);
    const counts = () => tableRows(db, 'site_blocking_reason_counts').map((r) => [r.reason_key, r.sites]);
    insertRows(db, 'site_blocking_reasons', [
      { site_id: 's1', reason_key: 'A' },
      { site_id: 's2', reason_key: 'A' },
      { site_id: 's2', reason_key: 'B' },
    ]);
    expect(counts()).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
    db.prepare("UPDATE site_blocking_reasons SET reason_key = 'C' WHERE site_id = 's2' AND reason_key = 'B'").run();
    expect(counts()).toEqual([
      ['A', 2],
      ['C', 1],
    ]);
    db.prepare("DELETE FROM site_blocking_reasons WHERE site_id = 's2'").run();
    expect(counts()).toEqual([['A', 1]]);
    db.prepare("DELETE FROM site_readiness WHERE site_id = 's1'").run();
    expect(counts()).toEqual([]);
  });

  it('marks exactly the sites a write to their own records can change', () => {
    const db = world();
    migrateThrough(db, 11);
    settle(db);
    insertRows(db, 'sites', [stamped('s4', { client_id: 'c1', name: 'Northwind Wiki', production_url: 'https://wiki.northwind.test', stage: 'setup' })]);
    expect(dirty(db)).toEqual(['s4']);
    settle(db);
    db.prepare("UPDATE sites SET staging_url = 'https://staging.blog.northwind.test' WHERE id = 's2'").run();
    expect(dirty(db)).toEqual(['s2']);
    settle(db);
    db.prepare("UPDATE owner_assignments SET verified_at = ?, verified_by_id = 'p2' WHERE id = 'oa1'").run(AT);
    expect(dirty(db)).toEqual(['s1']);
    settle(db);
    db.prepare("UPDATE people SET active = 0 WHERE id = 'p1'").run();
    expect(dirty(db)).toEqual(['s1', 's2']);
    settle(db);
    insertRows(db, 'site_checklist_items', [
      stamped('ci1', { site_id: 's3', kind: 'checklist', item_id: 'pause-high-risk', status: 'open', recorded_by: 'ann' }),
    ]);
    expect(dirty(db)).toEqual(['s3']);
    settle(db);
    insertRows(db, 'reviews', [stamped('r1', { site_id: 's2', kind: 'first_week', reason: 'Pilot started', due_on: '2026-03-08' })]);
    expect(dirty(db)).toEqual(['s2']);
    settle(db);
    insertRows(db, 'generated_documents', [
      stamped('d1', {
        site_id: 's1',
        kind: 'rollback_plan',
        format: 'md',
        final: 1,
        content_hash: 'h',
        outline: '[]',
        missing_count: 0,
        file_name: 'plan.md',
        generated_at: AT,
        generated_by: 'ann',
      }),
    ]);
    expect(dirty(db)).toEqual(['s1']);
    settle(db);
    insertRows(db, 'change_log', [
      {
        id: 'l1',
        entity: 'site',
        entity_id: 's3',
        site_id: 's3',
        action: 'update',
        summary: 'Edited',
        actor: 'ann',
        device: 'laptop',
        at: AT,
        seq: 1,
        content_hash: 'c1',
        hash: 'h1',
      },
      {
        id: 'l2',
        entity: 'client',
        entity_id: 'c1',
        site_id: null,
        action: 'update',
        summary: 'Renamed',
        actor: 'ann',
        device: 'laptop',
        at: AT,
        seq: 2,
        content_hash: 'c2',
        hash: 'h2',
      },
    ]);
    expect(dirty(db)).toEqual(['s3']);
    settle(db);
    db.prepare("DELETE FROM owner_assignments WHERE id = 'oa3'").run();
    expect(dirty(db)).toEqual(['s3']);
  });

  it('marks every site when a workspace-wide fact changes, and no site for writes that cannot change one', () => {
    const db = world();
    migrateThrough(db, 11);
    const all = ['s1', 's2', 's3'];
    const check = (write: () => void, expected: string[]) => {
      settle(db);
      write();
      expect(dirty(db)).toEqual(expected);
    };
    check(() => insertRows(db, 'workspace_meta', [{ key: 'setting.timeZone', value: '"Europe/Paris"', updated_at: AT }]), []);
    check(() => insertRows(db, 'workspace_meta', [{ key: 'verificationMaxAgeDays', value: '30', updated_at: AT }]), all);
    check(() => db.prepare("UPDATE workspace_meta SET value = '60' WHERE key = 'verificationMaxAgeDays'").run(), all);
    // A second version of a cell that has one already does not change which cells have an SOP; a first one does.
    check(() => insertRows(db, 'sop_versions', [sop('sop2', 2)]), []);
    check(() => insertRows(db, 'sop_versions', [sop('sop3', 1, 'product_copy')]), all);
    const item = (id: string, kind: string) =>
      stamped(id, {
        kind,
        item_id: `item-${id}`,
        item_version: 1,
        position: 1,
        title: 'Reach diagnostics',
        description: 'd',
        change_summary: 'c',
        published_by: 'ann',
      });
    check(() => insertRows(db, 'playbook_item_versions', [item('i1', 'acceptance')]), []);
    check(() => insertRows(db, 'playbook_item_versions', [item('i2', 'checklist')]), all);
    check(() => db.prepare("UPDATE playbook_item_versions SET title = 'Team reaches diagnostics' WHERE id = 'i2'").run(), all);
  });

  it('keeps a row per site: a new site gets one, a deleted site takes its row and reasons with it', () => {
    const db = world();
    migrateThrough(db, 11);
    insertRows(db, 'sites', [stamped('s5', { client_id: 'c1', name: 'Northwind Lab', production_url: 'https://lab.northwind.test', stage: 'setup' })]);
    db.prepare(
      "UPDATE site_readiness SET blocked = 1, active = 1, sole_reason = 'No support routing owner is assigned.', dirty = 0 WHERE site_id = 's5'",
    ).run();
    insertRows(db, 'site_blocking_reasons', [{ site_id: 's5', reason_key: 'No support routing owner is assigned.' }]);
    expect(() => insertRows(db, 'site_blocking_reasons', [{ site_id: 'nowhere', reason_key: 'x' }])).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE site_readiness SET blocked = 2 WHERE site_id = 's5'").run()).toThrow(/CHECK constraint failed: site_readiness_flags/);
    db.prepare("DELETE FROM sites WHERE id = 's5'").run();
    expect(tableRows(db, 'site_readiness').map((r) => r.site_id)).toEqual(['s1', 's2', 's3']);
    expect(tableRows(db, 'site_blocking_reasons')).toEqual([]);
  });
});
