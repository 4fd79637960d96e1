/**
 * The connection-level work of finding and redacting secrets (main/services/workspace-secrets.ts decides and
 * records): every text column of every table is read by its shape, as the file's schema declares it,
 * and a redaction rewrites exactly the rows a scan found, inside the caller's transaction, with the
 * history trigger's grant written and removed in that same transaction.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SecretLocation } from '@core/contract/workspace';
import { describeFindings, redactSecrets, scanForSecrets } from '@core/domain/secret-scanner';
import type { ReadableDb, WritableDb } from '../client';
import { redactionAfter } from '../history-seal';
import { newId } from '../ids';

/**
 * Not scanned: drizzle's and SQLite's own tables, the redaction grants, and the derived tables
 * (stored readiness, owner counts) that are recomputed from the tables scanned whenever those change,
 * so a redaction there is followed by them within the same transaction.
 */
const SKIPPED_TABLES = new Set([
  '__drizzle_migrations',
  'sqlite_sequence',
  'redaction_grants',
  'site_readiness',
  'site_blocking_reasons',
  'site_blocking_reason_counts',
  'site_owner_stats',
]);

/** Stored values that are not text anyone typed: the logo's image bytes. */
const SKIPPED_VALUES: { table: string; key: string; reason: string }[] = [
  { table: 'workspace_meta', key: 'branding.logo', reason: 'The bytes of the logo image (a PNG or JPEG), not text.' },
];

/** The only history columns a redaction may rewrite (the trigger refuses any other change). */
const HISTORY_COLUMNS = ['summary', 'before', 'after'] as const;

/** Timestamps, days and hashes: written by the app, never typed. */
const isMachineColumn = (name: string) => /_at$|_on$|(^|_)hash$/.test(name);

/**
 * Ids and references. Most are ULIDs the app wrote, but some are typed by a person (a checklist item's
 * id in a playbook file), so an id column is scanned and only a ULID-shaped value is passed over.
 */
const isIdColumn = (name: string) => name === 'id' || /_id$/.test(name);
const MACHINE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The marker for an id: the date marker with a short fingerprint of the id it replaces, so two ids stay
 * two (a unique index still holds) and the same id is replaced alike wherever it is referenced.
 */
const idMarker = (marker: string, original: string) => `${marker.slice(0, -1)} #${createHash('sha256').update(original).digest('hex').slice(0, 8)}]`;

const PLACE: Record<string, [one: string, many: string]> = {
  change_log: ['History', 'history rows'],
  clients: ['Client', 'clients'],
  sites: ['Site', 'sites'],
  people: ['Person', 'people'],
  operators: ['Operator', 'operators'],
  owner_assignments: ['Owner assignment', 'owner assignments'],
  incidents: ['Incident', 'incidents'],
  incident_events: ['Incident note', 'incident notes'],
  reviews: ['Review', 'reviews'],
  site_checklist_items: ['Checklist item', 'checklist items'],
  site_pauses: ['Pause', 'pauses'],
  gate_overrides: ['Gate override', 'gate overrides'],
  site_runbook_facts: ['Runbook facts', 'runbook facts'],
  runbook_values: ['Runbook fact', 'runbook facts'],
  runbook_steps: ['Rollback step', 'rollback steps'],
  runbook_severities: ['Severity level', 'severity levels'],
  runbook_triage: ['Triage row', 'triage rows'],
  runbook_escalations: ['Escalation step', 'escalation steps'],
  runbook_vendors: ['Vendor contact', 'vendor contacts'],
  rollback_rehearsals: ['Restore rehearsal', 'restore rehearsals'],
  site_sop_overrides: ['SOP override', 'SOP overrides'],
  site_access_models: ['Access model', 'access models'],
  site_role_mappings: ['Role mapping', 'role mappings'],
  sop_versions: ['SOP', 'SOP versions'],
  sop_items: ['SOP item', 'SOP items'],
  scenarios: ['Scenario', 'scenarios'],
  playbook_item_versions: ['Playbook item', 'playbook items'],
  playbook_cadence_versions: ['Review cadence', 'review cadences'],
  saved_views: ['Saved view', 'saved views'],
  generated_documents: ['Document history', 'document history entries'],
  workspace_meta: ['Setting', 'settings'],
  findings: ['Finding', 'findings'],
  review_area_notes: ['First-week review note', 'first-week review notes'],
};

function words(name: string): string {
  const spaced = name.replace(/_/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export const placeOf = (table: string): [string, string] => PLACE[table] ?? [words(table), `${words(table).toLowerCase()} records`];

interface TableShape {
  table: string;
  /** The column that names a record: `id`, or `key` for settings. */
  idColumn: string;
  textColumns: string[];
  /** Text columns holding ids, where only a value that is not ULID-shaped is scanned. */
  idColumns: Set<string>;
  hasVersion: boolean;
  hasUpdatedAt: boolean;
  /** A column that says what the record is called, when it has one. */
  nameColumn: string | null;
  hasSiteId: boolean;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tableShapes(sqlite: Database.Database): TableShape[] {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const shapes: TableShape[] = [];
  for (const { name } of tables) {
    if (SKIPPED_TABLES.has(name) || name.startsWith('sqlite_')) continue;
    const cols = sqlite.prepare(`PRAGMA table_info(${q(name)})`).all() as { name: string; type: string; pk: number }[];
    const names = cols.map((c) => c.name);
    const idColumn = names.includes('id') ? 'id' : (cols.find((c) => c.pk > 0)?.name ?? 'rowid');
    const textColumns =
      name === 'change_log'
        ? [...HISTORY_COLUMNS]
        : cols.filter((c) => /text/i.test(c.type) && !isMachineColumn(c.name) && c.name !== idColumn).map((c) => c.name);
    if (!textColumns.length) continue;
    shapes.push({
      table: name,
      idColumn,
      textColumns,
      idColumns: new Set(textColumns.filter(isIdColumn)),
      hasVersion: names.includes('version'),
      hasUpdatedAt: names.includes('updated_at'),
      nameColumn: ['name', 'title'].find((c) => names.includes(c)) ?? null,
      hasSiteId: names.includes('site_id'),
    });
  }
  return shapes;
}

/** Text shown to the user about a record, with anything secret in it masked first. */
function safe(text: string, max = 80): string {
  const clean = redactSecrets(text, '[secret]').text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Every string of a JSON document, keys included, redacted; the document stays valid JSON. */
function redactJson(value: unknown, marker: string, count: { n: number }): unknown {
  if (typeof value === 'string') {
    const r = redactSecrets(value, marker);
    count.n += r.count;
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => redactJson(v, marker, count));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactJson(k, marker, count) as string, redactJson(v, marker, count)]));
  }
  return value;
}

/** A stored value with every secret replaced: JSON stays JSON (history and settings store JSON). */
function redactStored(text: string, marker: string): { text: string; count: number } {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[') || t.startsWith('"')) {
    try {
      const count = { n: 0 };
      const redacted = JSON.stringify(redactJson(JSON.parse(text), marker, count));
      if (!scanForSecrets(redacted).length) return { text: redacted, count: Math.max(count.n, 1) };
    } catch {
      // Not JSON after all: redacted as text below.
    }
  }
  return redactSecrets(text, marker);
}

/** A place holding a secret, with the row it is in. */
export interface Found extends SecretLocation {
  rowid: number;
}

export function scanSecrets(db: ReadableDb): { found: Found[]; scannedRows: number } {
  const sqlite = db.$client;
  const found: Found[] = [];
  let scannedRows = 0;
  const siteName = sqlite.prepare('SELECT name FROM sites WHERE id = ?').pluck();
  for (const shape of tableShapes(sqlite)) {
    const [place] = placeOf(shape.table);
    const extra = [shape.nameColumn, shape.hasSiteId ? 'site_id' : null, shape.table === 'change_log' ? 'at' : null].filter((c): c is string => Boolean(c));
    const columns = [...new Set([...shape.textColumns, ...extra])];
    const rows = sqlite
      .prepare(`SELECT rowid AS __rowid, ${q(shape.idColumn)} AS __id, ${columns.map(q).join(', ')} FROM ${q(shape.table)}`)
      .iterate() as IterableIterator<Record<string, unknown>>;
    for (const row of rows) {
      scannedRows++;
      const recordId = String(row.__id);
      if (SKIPPED_VALUES.some((s) => s.table === shape.table && s.key === recordId)) continue;
      for (const column of shape.textColumns) {
        const value = row[column];
        if (typeof value !== 'string' || !value) continue;
        if (shape.idColumns.has(column) && MACHINE_ID.test(value)) continue;
        const findings = scanForSecrets(value);
        if (!findings.length) continue;
        const inHistory = shape.table === 'change_log';
        let record: string;
        if (inHistory) record = `${String(row.at).replace('T', ' ').slice(0, 16)} · ${safe(String(row.summary ?? ''))}`;
        else if (shape.nameColumn && typeof row[shape.nameColumn] === 'string') record = safe(row[shape.nameColumn] as string);
        else if (shape.hasSiteId && typeof row.site_id === 'string') record = `${safe(String(siteName.get(row.site_id) ?? 'Unknown site'))}`;
        else record = recordId;
        found.push({
          id: `${shape.table}:${recordId}:${column}`,
          place,
          table: shape.table,
          recordId,
          record,
          field: inHistory ? `${words(column)} (history)` : words(column),
          column,
          found: describeFindings(findings),
          inHistory,
          rowid: Number(row.__rowid),
        });
      }
    }
  }
  return { found, scannedRows };
}

/** What a rewrite changed: secrets replaced, history rows rewritten (their seq) and rows per table. */
export interface Rewritten {
  secrets: number;
  historySeqs: number[];
  rowsPerTable: Map<string, number>;
}

/** Replaces every secret `found` by the marker, row by row, inside the caller's transaction. */
export function rewriteSecrets(tx: WritableDb, found: readonly Found[], at: string, marker: string): Rewritten {
  const sqlite = tx.$client;
  const shapes = new Map(tableShapes(sqlite).map((s) => [s.table, s]));
  const byRow = new Map<string, Found[]>();
  for (const f of found) byRow.set(`${f.table}\u0000${f.rowid}`, [...(byRow.get(`${f.table}\u0000${f.rowid}`) ?? []), f]);

  let secrets = 0;
  const historySeqs: number[] = [];
  const rowsPerTable = new Map<string, number>();
  const grant = newId();
  sqlite.prepare('INSERT INTO redaction_grants (id, created_at, updated_at) VALUES (?, ?, ?)').run(grant, at, at);
  for (const places of byRow.values()) {
    const { table, rowid } = places[0]!;
    const shape = shapes.get(table)!;
    const current = sqlite.prepare(`SELECT ${places.map((p) => q(p.column)).join(', ')} FROM ${q(table)} WHERE rowid = ?`).get(rowid) as Record<string, string>;
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const p of places) {
      const r = shape.idColumns.has(p.column)
        ? redactSecrets(current[p.column]!, idMarker(marker, current[p.column]!))
        : redactStored(current[p.column]!, marker);
      secrets += r.count;
      sets.push(`${q(p.column)} = ?`);
      values.push(r.text);
    }
    if (table !== 'change_log') {
      if (shape.hasUpdatedAt) {
        sets.push('updated_at = ?');
        values.push(at);
      }
      if (shape.hasVersion) sets.push('version = version + 1');
    } else {
      historySeqs.push((sqlite.prepare('SELECT seq FROM change_log WHERE rowid = ?').pluck().get(rowid) as number | null) ?? 0);
    }
    sqlite.prepare(`UPDATE ${q(table)} SET ${sets.join(', ')} WHERE rowid = ?`).run(...values, rowid);
    rowsPerTable.set(table, (rowsPerTable.get(table) ?? 0) + 1);
  }
  sqlite.prepare('DELETE FROM redaction_grants').run();
  return { secrets, historySeqs, rowsPerTable };
}

/** The redaction's history `after`: each rewritten history row's content hash as it now stands (read in the transaction). */
export function redactedHistoryAfter(tx: WritableDb, seqs: readonly number[]) {
  return redactionAfter(tx.$client, seqs);
}

/** The id of the change just recorded. */
export function latestChangeId(tx: WritableDb): string {
  return tx.$client.prepare('SELECT id FROM change_log ORDER BY seq DESC LIMIT 1').pluck().get() as string;
}

/**
 * Runs `fn` with secure_delete on, so SQLite zeroes the space a rewritten row frees (the replaced text
 * must not stay readable in the file), then sets it back as it was.
 */
export function withSecureDelete<T>(db: ReadableDb, fn: () => T): T {
  const sqlite = db.$client;
  const before = Number(sqlite.pragma('secure_delete', { simple: true }));
  sqlite.pragma('secure_delete = ON');
  try {
    return fn();
  } finally {
    sqlite.pragma(`secure_delete = ${before}`);
  }
}

/** Empties the write-ahead log, which keeps old page images until it is checkpointed; false when a reader kept it busy. */
export function emptyWriteAheadLog(db: ReadableDb): boolean {
  const [checkpoint] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return !checkpoint?.busy;
}
