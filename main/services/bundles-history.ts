/**
 * Which history rows a bundle may carry, checked the same way when it is written (rows that fail are
 * left out) and when it is read (rows that fail are problems naming the row): the history of a record
 * in the bundle, of a kind this app records, with content this app writes. Workspace-level rows
 * (settings, identity, installs, redactions, other imports) belong to the file they were written in.
 */
import { sql } from 'drizzle-orm';
import type { ReadableDb } from '@db/client';
import { ENTITIES } from '@core/contract/history';
import { describeFindings, scanForSecrets } from '@core/domain/secret-scanner';
import { REDACTION_ACTION } from '@db/history-seal';
import { HISTORY_COLUMNS, HISTORY_PATH, type BundleProblem, type BundleRow } from '../bundles/format';

const ENTITY_SET = new Set<string>(ENTITIES);
/** Kinds of record that are the workspace itself: never carried. */
const WORKSPACE_ENTITIES = new Set(['workspace', 'settings']);
/** Actions that change the workspace as a whole (or rewrite history): never carried. */
const WORKSPACE_ACTIONS = new Set([REDACTION_ACTION, 'import-bundle', 'install', 'upgrade', 'settings', 'identity', 'branding', 'restore']);
const ACTION = /^[a-z][a-z-]{0,39}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const NULLABLE = new Set(['site_id', 'before', 'after']);

export interface HistoryScope {
  now: Date;
  /** The id a record of the bundle has here (its own, or the one it was matched to); undefined: not in the bundle. */
  record: (bundleId: string) => string | undefined;
  /** The same, for sites only. */
  site: (bundleId: string) => string | undefined;
}

function jsonObjectOrNull(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'string') return false;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed));
  } catch {
    return false;
  }
}

/** Keys of before/after that hold ids, times and hashes, never text a person typed. */
const NOT_TEXT = /(^id$|Id$|Ids$|At$|On$|[hH]ash$|sha256$)/;

/**
 * The texts of a before/after object, value by value as the forms scan them: scanning the JSON as one
 * string would read ids and quotes run together as a written-out password.
 */
function textsOf(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return NOT_TEXT.test(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => textsOf(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => textsOf(v, k));
  return [];
}

/** Why a history row cannot be carried, or null. */
export function historyRowProblem(r: BundleRow, scope: HistoryScope): string | null {
  const extra = Object.keys(r).find((k) => !(HISTORY_COLUMNS as readonly string[]).includes(k));
  if (extra) return `it has a column ${extra} history rows do not have`;
  const wrong = HISTORY_COLUMNS.find((c) => !(typeof r[c] === 'string' || (NULLABLE.has(c) && r[c] === null)));
  if (wrong) return `${wrong} is missing or not text`;
  const entity = String(r.entity);
  if (!ENTITY_SET.has(entity)) return `this app has no kind of record called “${entity}”`;
  if (WORKSPACE_ENTITIES.has(entity)) return `it is a change to the ${entity} as a whole, which stays in the workspace it was made in`;
  const action = String(r.action);
  if (!ACTION.test(action)) return `its action “${action.slice(0, 40)}” is not one this app records`;
  if (WORKSPACE_ACTIONS.has(action)) return `its action “${action}” changes a workspace as a whole and is never imported`;
  for (const c of ['before', 'after'] as const) if (!jsonObjectOrNull(r[c])) return `${c} is not a record's fields as JSON (an object, or empty)`;
  const at = String(r.at);
  if (!INSTANT.test(at) || Number.isNaN(Date.parse(at))) return `its time “${at.slice(0, 40)}” is not a valid ISO time`;
  if (Date.parse(at) > scope.now.getTime()) return `its time ${at} is in the future`;
  if (scope.record(String(r.entity_id)) === undefined) return `it is the history of record ${String(r.entity_id)}, which is not in the bundle`;
  if (r.site_id !== null && scope.site(String(r.site_id)) === undefined) return `its site ${String(r.site_id)} is not in the bundle`;
  return null;
}

/**
 * The bundle's history rows sorted into new and already here (by id), each checked; new rows are
 * answered with their record and site mapped to the ids they have here.
 */
export function planHistory(db: ReadableDb, rows: BundleRow[], scope: HistoryScope, problems: BundleProblem[]): { fresh: BundleRow[]; identical: number } {
  const fresh: BundleRow[] = [];
  const ids = new Set<string>();
  let identical = 0;
  rows.forEach((r, i) => {
    const where = `History row ${i + 1} (id ${String(r.id)}${typeof r.summary === 'string' ? `, “${r.summary.slice(0, 60)}”` : ''})`;
    const bad = historyRowProblem(r, scope);
    if (bad) {
      problems.push({ path: HISTORY_PATH, message: `${where}: ${bad}.` });
      return;
    }
    if (ids.has(String(r.id))) {
      problems.push({ path: HISTORY_PATH, message: `${where}: the bundle holds two history rows with this id.` });
      return;
    }
    ids.add(String(r.id));
    for (const c of ['summary', 'before', 'after'] as const) {
      const found = (c === 'summary' ? [String(r.summary)] : textsOf(r[c] === null ? null : JSON.parse(String(r[c])))).flatMap((t) => scanForSecrets(t));
      if (found.length)
        problems.push({
          path: HISTORY_PATH,
          message: `${where}, field ${c}: contains ${describeFindings(found)}. Secrets are never stored: redact them in the workspace that exported the bundle, then export again.`,
        });
    }
    if (db.get(sql`SELECT 1 FROM change_log WHERE id = ${String(r.id)}`) !== undefined) identical++;
    else
      fresh.push({
        ...r,
        entity_id: scope.record(String(r.entity_id)),
        site_id: r.site_id === null ? null : scope.site(String(r.site_id)),
      });
  });
  return { fresh, identical };
}
