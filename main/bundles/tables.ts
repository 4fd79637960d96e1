/**
 * Which tables a handover bundle carries, how a row belongs to a site, a client or the whole
 * workspace, and how an imported row is matched to one here. A table is either here or in
 * NOT_BUNDLED with the reason; a test fails for a table in neither, so a new table is never left out
 * by accident. The order rows are inserted in (parents first) comes from the foreign keys themselves.
 */
import type { Entity } from '../services/change-log';

/**
 * How the rows of a table belong to a scope:
 * - 'clients': the client (its own row); for a site, the site's client.
 * - 'sites': the site; for a client, its sites.
 * - 'scoped': a runbook row of the client or of one of the sites (client_id or site_id).
 * - { parent, column }: the row's `column` names a row of `parent` in the bundle.
 * - 'referenced': rows named by a bundled row's foreign key (people: also the client's own people);
 *   the whole table when everything is exported.
 */
export type Belongs = 'clients' | 'sites' | 'scoped' | 'referenced' | { parent: string; column: string };

export interface BundledTable {
  table: string;
  /** What a user calls one row ("Site", "Person"). */
  label: string;
  belongs: Belongs;
  /**
   * The natural key of a table shared by every site (the shipped playbook): its rows are matched by it,
   * whatever their ids. Matching itself reads the table's unique indexes (main/services/bundles-keys.ts);
   * this names the key for readers and for the tests' comparisons.
   */
  natural?: { columns: string[] };
  /**
   * Rows shared by every site and client (the playbook, activity sources): an import adds the ones whose
   * key is free here and maps the identical ones; it never changes one (a differing row is a problem).
   * Runbook rows of the agency template (neither client nor site) are shared too.
   */
  shared?: boolean;
  /** The history entity a row added or changed by an import is recorded under; none: one entry per table and site. */
  entity?: Entity;
  /** The columns that name a row to a user, first one present wins. */
  name: string[];
}

export const BUNDLED_TABLES: BundledTable[] = [
  // A workspace holds one client of a name, one live site of a production URL and one person of an email
  // (unique indexes): the same one made separately on two machines is one record when both are live.
  { table: 'clients', label: 'Client', belongs: 'clients', entity: 'client', name: ['name'] },
  { table: 'sites', label: 'Site', belongs: 'sites', entity: 'site', name: ['name', 'production_url'] },
  { table: 'people', label: 'Person', belongs: 'referenced', entity: 'person', name: ['email', 'name'] },
  {
    table: 'owner_assignments',
    label: 'Owner assignment',
    belongs: { parent: 'sites', column: 'site_id' },
    entity: 'owner_assignment',
    name: ['responsibility'],
  },
  { table: 'operators', label: 'Operator', belongs: { parent: 'sites', column: 'site_id' }, entity: 'operator', name: ['role'] },
  { table: 'operator_access_workflows', label: 'Operator workflow', belongs: { parent: 'operators', column: 'operator_id' }, name: ['workflow'] },
  { table: 'training_signoffs', label: 'Training sign-off', belongs: { parent: 'operators', column: 'operator_id' }, name: ['signed_at'] },
  { table: 'scenario_checks', label: 'Scenario check', belongs: { parent: 'operators', column: 'operator_id' }, name: ['taken_at'] },
  { table: 'scenario_check_answers', label: 'Scenario answer', belongs: { parent: 'scenario_checks', column: 'check_id' }, name: ['answer'] },
  { table: 'scenario_draws', label: 'Scenario draw', belongs: { parent: 'operators', column: 'operator_id' }, name: ['drawn_at'] },
  { table: 'scenario_draw_items', label: 'Scenario draw item', belongs: { parent: 'scenario_draws', column: 'draw_id' }, name: ['position'] },
  { table: 'site_access_models', label: 'Access model', belongs: { parent: 'sites', column: 'site_id' }, name: ['site_id'] },
  { table: 'site_role_mappings', label: 'Role mapping', belongs: { parent: 'sites', column: 'site_id' }, name: ['role'] },
  { table: 'site_checklist_items', label: 'Checklist item', belongs: { parent: 'sites', column: 'site_id' }, name: ['item_id'] },
  { table: 'site_sop_overrides', label: 'SOP override', belongs: { parent: 'sites', column: 'site_id' }, name: ['workflow'] },
  { table: 'site_pauses', label: 'Pause', belongs: { parent: 'sites', column: 'site_id' }, name: ['paused_at'] },
  { table: 'site_pause_workflows', label: 'Paused workflow', belongs: { parent: 'site_pauses', column: 'pause_id' }, name: ['workflow'] },
  { table: 'site_runbook_facts', label: 'Runbook facts', belongs: { parent: 'sites', column: 'site_id' }, name: ['site_id'] },
  { table: 'gate_overrides', label: 'Gate override', belongs: { parent: 'sites', column: 'site_id' }, name: ['gate'] },
  { table: 'generated_documents', label: 'Document record', belongs: { parent: 'sites', column: 'site_id' }, name: ['file_name'] },
  { table: 'rollback_rehearsals', label: 'Rollback rehearsal', belongs: { parent: 'sites', column: 'site_id' }, name: ['rehearsed_on'] },
  { table: 'review_schedules', label: 'Review schedule', belongs: { parent: 'sites', column: 'site_id' }, name: ['rrule'] },
  { table: 'reviews', label: 'Review', belongs: { parent: 'sites', column: 'site_id' }, entity: 'review', name: ['kind', 'due_on'] },
  { table: 'review_area_notes', label: 'Review note', belongs: { parent: 'reviews', column: 'review_id' }, name: ['area'] },
  { table: 'review_operators', label: 'Reviewed operator', belongs: { parent: 'reviews', column: 'review_id' }, name: ['operator_id'] },
  { table: 'incidents', label: 'Incident', belongs: { parent: 'sites', column: 'site_id' }, entity: 'incident', name: ['title'] },
  { table: 'incident_events', label: 'Incident event', belongs: { parent: 'incidents', column: 'incident_id' }, name: ['kind'] },
  { table: 'runbook_values', label: 'Runbook value', belongs: 'scoped', name: ['key'] },
  { table: 'runbook_steps', label: 'Runbook step', belongs: 'scoped', name: ['text'] },
  { table: 'runbook_escalations', label: 'Runbook escalation', belongs: 'scoped', name: ['action'] },
  { table: 'runbook_severities', label: 'Runbook severity', belongs: 'scoped', name: ['name'] },
  { table: 'runbook_triage', label: 'Runbook triage row', belongs: 'scoped', name: ['symptom'] },
  { table: 'runbook_vendors', label: 'Runbook vendor', belongs: 'scoped', name: ['name'] },
  { table: 'activity_sources', label: 'Activity source', belongs: 'referenced', shared: true, entity: 'activity_source', name: ['name'] },
  {
    table: 'activity_source_event_types',
    label: 'Event type mapping',
    belongs: { parent: 'activity_sources', column: 'source_id' },
    shared: true,
    name: ['raw'],
  },
  { table: 'activity_imports', label: 'Activity import', belongs: { parent: 'sites', column: 'site_id' }, entity: 'activity_import', name: ['file_name'] },
  { table: 'activity_events', label: 'Activity event', belongs: { parent: 'sites', column: 'site_id' }, name: ['row_key'] },
  { table: 'activity_actor_matches', label: 'Actor match', belongs: { parent: 'sites', column: 'site_id' }, name: ['actor_key'] },
  { table: 'findings', label: 'Finding', belongs: { parent: 'sites', column: 'site_id' }, entity: 'finding', name: ['summary'] },
  { table: 'finding_events', label: 'Finding event', belongs: { parent: 'findings', column: 'finding_id' }, name: ['event_id'] },
  {
    table: 'sop_versions',
    label: 'SOP version',
    belongs: 'referenced',
    natural: { columns: ['workflow', 'role', 'sop_version'] },
    shared: true,
    entity: 'sop',
    name: ['workflow'],
  },
  {
    table: 'sop_items',
    label: 'SOP item',
    belongs: { parent: 'sop_versions', column: 'sop_version_id' },
    natural: { columns: ['sop_version_id', 'kind', 'position'] },
    shared: true,
    name: ['text'],
  },
  { table: 'scenarios', label: 'Scenario', belongs: 'referenced', natural: { columns: ['slug'] }, shared: true, name: ['slug'] },
  {
    table: 'playbook_item_versions',
    label: 'Playbook item version',
    belongs: 'referenced',
    natural: { columns: ['kind', 'item_id', 'item_version'] },
    shared: true,
    name: ['title'],
  },
  {
    table: 'playbook_cadence_versions',
    label: 'Review cadence version',
    belongs: 'referenced',
    natural: { columns: ['kind', 'cadence_version'] },
    shared: true,
    name: ['kind'],
  },
  {
    table: 'playbook_finding_rule_versions',
    label: 'Finding rules version',
    belongs: 'referenced',
    natural: { columns: ['rules_version'] },
    shared: true,
    entity: 'finding_rules',
    name: ['rules_version'],
  },
];

/** Tables a bundle never carries, and why. */
export const NOT_BUNDLED: Record<string, string> = {
  __drizzle_migrations: 'the record of applied migrations belongs to the file, not to its records',
  sqlite_sequence: 'SQLite’s own bookkeeping',
  workspace_meta: 'settings and identity of this workspace file',
  change_log: 'carried separately as history/change_log.json and sealed into the importing chain',
  redaction_grants: 'empty at rest; part of the history guards',
  device_identities: 'who uses this device: local to each machine',
  saved_views: 'a user’s own list views, not a client’s records',
  site_readiness: 'derived: recomputed from the records by the importing workspace',
  site_blocking_reasons: 'derived: recomputed from the records by the importing workspace',
  site_blocking_reason_counts: 'derived: recomputed from the records by the importing workspace',
  site_owner_stats: 'derived: kept by triggers from owner assignments',
  import_mappings: 'how this workspace reads its own spreadsheets: a setting of the workspace, not a client’s records',
  import_mapping_columns: 'part of a saved spreadsheet mapping (import_mappings), a setting of the workspace',
  reminder_deliveries: 'which e-mail digests this workspace sent: its own delivery record, not a client’s records',
};

export const tableSpec = (table: string) => BUNDLED_TABLES.find((t) => t.table === table);

/**
 * The columns that say whose a row is (its client, its site, its parent record). A row matched to one
 * here must have the same values in them, after the bundle's ids are mapped: a bundle never moves a
 * record to another site or client, whatever id or name it reuses.
 */
export function ownerColumns(spec: BundledTable): string[] {
  const b = spec.belongs;
  if (typeof b === 'object') return [b.column];
  if (b === 'sites') return ['client_id'];
  if (b === 'scoped') return ['client_id', 'site_id'];
  if (spec.table === 'people') return ['client_id'];
  return [];
}

/** Whether a row is shared by every site (see `shared`): the playbook, activity sources, the agency's runbook template. */
export function isSharedRow(spec: BundledTable, row: Record<string, unknown>): boolean {
  return !!spec.shared || (spec.belongs === 'scoped' && row.client_id == null && row.site_id == null);
}

/** The name a user knows a row by: "Site “Northwind Shop”". */
export function rowLabel(spec: BundledTable, row: Record<string, unknown>): string {
  const col = spec.name.find((c) => row[c] !== null && row[c] !== undefined && row[c] !== '');
  const value = col ? String(row[col]) : String(row.id);
  return `${spec.label} “${value.length > 60 ? `${value.slice(0, 59)}…` : value}”`;
}
