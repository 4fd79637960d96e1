/**
 * What importing a bundle would do here, worked out from reads only: every row checked against this
 * workspace's schema (columns, types, and the tables' CHECK constraints, tried in a scratch in-memory
 * database with the same tables), every reference resolved (to a row in the bundle or here), every
 * text scanned for secrets, and every row sorted into new, identical or conflicting. The preview shows
 * the plan; the import works it out again inside its transaction, so it acts on what is here then.
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { ReadableDb } from '@db/client';
import { describeFindings, scanForSecrets } from '@core/domain/secret-scanner';
import { dataPath, type BundleProblem, type BundleRow } from '../bundles/format';
import type { ParsedBundle } from '../bundles/read';
import { isSharedRow, ownerColumns, rowLabel, tableSpec } from '../bundles/tables';
import { planHistory } from './bundles-history';
import { keyLabel, keyValues, rowByKey, uniqueKeys, type UniqueKey } from './bundles-keys';
import { tableShapes, type TableShape } from './bundles-tables';

export type FieldValue = string | number | null;

export interface RowOp {
  shape: TableShape;
  bundleId: string;
  localId: string;
  /** The bundle's row with its references remapped to the ids they have here. */
  row: BundleRow;
  kind: 'new' | 'identical' | 'conflict';
  here?: BundleRow;
  /** Columns that differ (conflicts only). */
  differs?: string[];
  label: string;
}

export interface ConflictView {
  id: string;
  table: string;
  label: string;
  /** A hash of what the user was shown (the record and each field's two values): the import's choice must carry it. */
  fingerprint: string;
  fields: { field: string; label: string; here: FieldValue; bundle: FieldValue }[];
}

export interface Plan {
  problems: BundleProblem[];
  ops: RowOp[];
  tables: { table: string; label: string; new: number; identical: number; conflicts: number }[];
  conflicts: ConflictView[];
  history: { fresh: BundleRow[]; identical: number };
}

/** Columns every table has that a merge never compares: they say when and how often a row was written here. */
const BOOKKEEPING = new Set(['id', 'created_at', 'updated_at', 'version']);
const NOT_SCANNED = /(^id$|_id$|_at$|_on$|hash|sha256|^row_key$|^fingerprint$)/;

export const conflictId = (table: string, bundleId: string) => `${table}:${bundleId}`;
const columnLabel = (c: string) =>
  c
    .replace(/_id$/, '')
    .replace(/_/g, ' ')
    .replace(/^./, (x) => x.toUpperCase());
const shown = (v: unknown): FieldValue => (v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v));

function typeProblem(shape: TableShape, row: BundleRow): string | null {
  for (const key of Object.keys(row)) if (!shape.columns.some((c) => c.name === key)) return `it has a column ${key} the table does not have`;
  for (const c of shape.columns) {
    if (!(c.name in row)) return `it lacks the column ${c.name}`;
    const v = row[c.name];
    if (v === null) {
      if (c.notnull) return `${c.name} is empty but required`;
      continue;
    }
    if (c.type === 'text' && typeof v !== 'string') return `${c.name} should be text`;
    if (c.type === 'integer' && !(typeof v === 'number' && Number.isInteger(v))) return `${c.name} should be a whole number`;
    if (c.type !== 'text' && c.type !== 'integer' && typeof v === 'object') return `${c.name} should be a single value`;
  }
  if (typeof row.id !== 'string' || row.id.length === 0 || row.id.length > 64) return 'its id is missing or malformed';
  return null;
}

/** Which rows are alive: an archived row is never matched by name, URL or email. */
const live = (row: BundleRow) => !('archived_at' in row) || row.archived_at === null;

/**
 * A scratch in-memory database with each table's CREATE TABLE and CREATE INDEX statements, so the
 * tables' own CHECK constraints judge every row and their unique keys catch two rows of the bundle
 * that would be one record here ("Acme" and "acme", two access models of one site).
 */
function openScratch(db: ReadableDb, shapes: TableShape[], keys: Map<string, UniqueKey[]>, nativeBinding?: string) {
  const scratch = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  scratch.pragma('foreign_keys = OFF');
  for (const s of shapes) {
    const statements = db.all<{ sql: string }>(
      sql`SELECT sql FROM sqlite_master WHERE tbl_name = ${s.spec.table} AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type = 'index', name`,
    );
    for (const st of statements) scratch.exec(st.sql);
  }
  const inserts = new Map(
    shapes.map((s) => [
      s.spec.table,
      scratch.prepare(`INSERT INTO "${s.spec.table}" (${s.columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${s.columns.map(() => '?').join(', ')})`),
    ]),
  );
  return {
    db: scratch,
    check(shape: TableShape, row: BundleRow): string | null {
      try {
        inserts.get(shape.spec.table)!.run(...shape.columns.map((c) => row[c.name] as never));
        return null;
      } catch (e) {
        const m = (e as Error).message;
        if (/UNIQUE constraint failed: \w+\.id$/.test(m)) return 'the bundle holds two rows with this id';
        const index = /UNIQUE constraint failed: index '([^']+)'/.exec(m)?.[1];
        const key = (keys.get(shape.spec.table) ?? []).find((k) => k.name === index);
        if (key) return `another row of the bundle has the same ${keyLabel(key)}: they would be one record`;
        if (/UNIQUE constraint failed/.test(m))
          return `another row of the bundle has the same ${m.replace(/^UNIQUE constraint failed: /, '').replace(/\w+\./g, '')}: they would be one record`;
        return m.replace(/^CHECK constraint failed: /, 'it breaks the rule ');
      }
    },
    close: () => scratch.close(),
  };
}

type Scratch = ReturnType<typeof openScratch>;
interface Matched {
  here?: BundleRow;
  problem?: string;
}

/**
 * The row here a bundle's row is, if any: by id, else by a unique key (after its references are
 * mapped). Keys that name the row's parent (one access model per site) match whatever their state;
 * keys that identify a record on their own (a client's name, a live site's URL, a person's email)
 * match only when both rows are live. Rows shared by every site match by key first, and a free key
 * with a taken id is a problem. A row matched here must belong to the same site or client (owner
 * columns), or it is a problem: a bundle never takes over another client's record.
 */
function matchRow(
  db: ReadableDb,
  scratch: Scratch,
  shape: TableShape,
  keys: UniqueKey[],
  row: BundleRow,
  nameOf: (table: string, id: unknown) => string,
): Matched {
  const t = shape.spec.table;
  const owners = ownerColumns(shape.spec);
  const shared = isSharedRow(shape.spec, row);
  const columns = shape.columns.map((c) => c.name);
  const hasArchive = columns.includes('archived_at');
  const owned = (here: BundleRow, how: string): Matched => {
    const moved = owners.find((c) => (here[c] ?? null) !== (row[c] ?? null));
    if (!moved) return { here };
    const target = shape.refs.get(moved) ?? moved;
    return {
      problem: `${how} ${rowLabel(shape.spec, here)} here, which belongs to ${nameOf(target, here[moved])}; the bundle puts it under ${nameOf(target, row[moved])}. A bundle never moves a record to another site or client`,
    };
  };
  const byId = db.get<BundleRow>(sql`SELECT * FROM ${sql.identifier(t)} WHERE id = ${String(row.id)}`);
  if (byId && !shared) return owned(byId, 'its id is that of');
  let applicable = false;
  for (const key of keys) {
    const identity = !key.columns.some((c) => owners.includes(c));
    const values = keyValues(scratch.db, t, columns, key, row);
    if (!values) continue;
    applicable = true;
    if (identity && !shared && !live(row)) continue;
    const found = rowByKey(db, t, key, values, identity && !shared && hasArchive ? 'archived_at IS NULL' : undefined);
    if (found) return shared ? { here: found } : owned(found, `it has the same ${keyLabel(key)} as`);
  }
  if (byId && shared && !applicable) return { here: byId };
  if (byId) return { problem: `its id is that of a different row here (${rowLabel(shape.spec, byId)})` };
  for (const key of keys) {
    const values = keyValues(scratch.db, t, columns, key, row);
    const taken = values ? rowByKey(db, t, key, values) : undefined;
    if (taken)
      return {
        problem: `it cannot be added: ${rowLabel(shape.spec, taken)} here has the same ${keyLabel(key)}${live(row) && live(taken) ? '' : ' (one of them is archived, so they are not taken as one record)'}. Rename one of them, or make both live, then import again`,
      };
  }
  return {};
}

function sharedProblem(shape: TableShape, row: BundleRow, label: string, differs: string[]): string {
  const fields = differs.map(columnLabel).join(', ');
  if (shape.spec.table.startsWith('activity_source'))
    return `${label} here differs from the bundle's (${fields}). Activity sources are shared by every site, so an import never changes one: make them the same in either workspace, then import again`;
  if (!shape.spec.shared && row.client_id == null && row.site_id == null)
    return `the agency's runbook template here differs from the bundle's (${fields}). An import never changes the template: make them the same in either workspace, then import again`;
  return `this bundle was made with a different playbook version: ${label} differs here (${fields}). An import never changes the playbook: bring both workspaces to the same playbook, then import again`;
}

export function planImport(db: ReadableDb, bundle: ParsedBundle, opts: { nativeBinding?: string; now: Date }): Plan {
  const problems: BundleProblem[] = [];
  const shapes = tableShapes(db);
  const keys = new Map(shapes.map((s) => [s.spec.table, uniqueKeys(db, s.spec.table)]));
  const maps = new Map<string, Map<string, string>>(shapes.map((s) => [s.spec.table, new Map()]));
  const records = new Map<string, string>();
  const inBundle = new Map<string, Set<string>>(shapes.map((s) => [s.spec.table, new Set()]));
  const ops: RowOp[] = [];
  const scratch = openScratch(db, shapes, keys, opts.nativeBinding);
  const nameOf = (table: string, id: unknown): string => {
    if (typeof id !== 'string') return 'nothing';
    const spec = tableSpec(table);
    const here = spec ? db.get<BundleRow>(sql`SELECT * FROM ${sql.identifier(table)} WHERE id = ${id}`) : undefined;
    if (here && spec) return rowLabel(spec, here);
    const op = ops.find((o) => o.shape.spec.table === table && o.localId === id);
    return op ? `${op.label} (new, from the bundle)` : `${table} ${id}`;
  };
  try {
    for (const shape of shapes) {
      const t = shape.spec.table;
      const path = dataPath(t);
      for (const original of bundle.tables.get(t) ?? []) {
        const label = rowLabel(shape.spec, original);
        const bad = typeProblem(shape, original) ?? scratch.check(shape, original);
        if (bad) {
          problems.push({ path, message: `${label} (id ${String(original.id)}): ${bad}.` });
          continue;
        }
        const row: BundleRow = { ...original };
        for (const [column, target] of shape.refs) {
          const v = row[column];
          if (typeof v === 'string') row[column] = maps.get(target)?.get(v) ?? v;
        }
        for (const [column, value] of Object.entries(row)) {
          if (typeof value !== 'string' || NOT_SCANNED.test(column)) continue;
          const found = scanForSecrets(value);
          if (found.length)
            problems.push({
              path,
              message: `${label} (id ${String(row.id)}), field ${columnLabel(column)}: contains ${describeFindings(found)}. Secrets are never stored: remove it in the workspace that exported the bundle, then export again.`,
            });
        }
        const bundleId = String(row.id);
        const matched = matchRow(db, scratch, shape, keys.get(t)!, row, nameOf);
        if (matched.problem) {
          problems.push({ path, message: `${label} (id ${bundleId}): ${matched.problem}.` });
          continue;
        }
        const here = matched.here;
        const localId = here ? String(here.id) : bundleId;
        if (inBundle.get(t)!.has(localId)) {
          problems.push({ path, message: `${label} (id ${bundleId}): another row of the bundle is the same record here (${nameOf(t, localId)}).` });
          continue;
        }
        maps.get(t)!.set(bundleId, localId);
        records.set(bundleId, localId);
        inBundle.get(t)!.add(localId);
        row.id = localId;
        const differs = here ? shape.columns.map((c) => c.name).filter((c) => !BOOKKEEPING.has(c) && here[c] !== row[c]) : [];
        if (here && differs.length && isSharedRow(shape.spec, row)) {
          problems.push({ path, message: `${label} (id ${bundleId}): ${sharedProblem(shape, row, label, differs)}.` });
          continue;
        }
        ops.push({ shape, bundleId, localId, row, kind: !here ? 'new' : differs.length ? 'conflict' : 'identical', ...(here ? { here, differs } : {}), label });
      }
    }
  } finally {
    scratch.close();
  }

  // References: to a row of the bundle or to a row here.
  const exists = (table: string, id: string) => db.get(sql`SELECT 1 FROM ${sql.identifier(table)} WHERE id = ${id}`) !== undefined;
  for (const op of ops) {
    for (const [column, target] of op.shape.refs) {
      const v = op.row[column];
      if (typeof v !== 'string' || inBundle.get(target)?.has(v)) continue;
      if (!exists(target, v))
        problems.push({
          path: dataPath(op.shape.spec.table),
          message: `${op.label} (id ${op.bundleId}): ${columnLabel(column)} refers to ${target} ${v}, which is neither in the bundle nor here.`,
        });
    }
  }

  const sites = maps.get('sites')!;
  const history = planHistory(db, bundle.history, { now: opts.now, record: (id) => records.get(id), site: (id) => sites.get(id) }, problems);
  const tables = shapes
    .filter((s) => (bundle.tables.get(s.spec.table) ?? []).length > 0)
    .map((s) => {
      const mine = ops.filter((o) => o.shape === s);
      const n = (k: RowOp['kind']) => mine.filter((o) => o.kind === k).length;
      return { table: s.spec.table, label: s.spec.label, new: n('new'), identical: n('identical'), conflicts: n('conflict') };
    });
  const conflicts = ops.filter((o) => o.kind === 'conflict').map((o) => conflictView(db, o));
  return { problems, ops, tables, conflicts, history };
}

/** A conflict as the user sees it: the record named as it is here and, when it differs, as the bundle names it. */
function conflictView(db: ReadableDb, o: RowOp): ConflictView {
  const hereName = rowLabel(o.shape.spec, o.here!);
  const bundleName = o.label;
  const siteId = o.shape.spec.table !== 'sites' && typeof o.row.site_id === 'string' ? o.row.site_id : null;
  const site = siteId ? db.get<{ name: string }>(sql`SELECT name FROM sites WHERE id = ${siteId}`)?.name : undefined;
  const label = `${hereName}${bundleName === hereName ? '' : ` (in the bundle: ${bundleName})`}${site ? ` of site “${site}”` : ''}`;
  const id = conflictId(o.shape.spec.table, o.bundleId);
  const fields = o.differs!.map((f) => ({ field: f, label: columnLabel(f), here: shown(o.here![f]), bundle: shown(o.row[f]) }));
  const fingerprint = crypto
    .createHash('sha256')
    .update(JSON.stringify([id, o.localId, fields.map((f) => [f.field, f.here, f.bundle])]))
    .digest('hex')
    .slice(0, 32);
  return { id, table: o.shape.spec.table, label, fingerprint, fields };
}
