/**
 * The guards of the tamper-evident history: the triggers the shipped migrations create on
 * `change_log` (no UPDATE, DELETE, replace or unsealed INSERT) and the `redaction_grants` table they
 * rely on. `secureHistory` runs right after the migrations: it restores missing or altered guards,
 * removes unknown triggers that could change history, empties the grants table and seals rows
 * written before the chain existed, returning a notice for each. `guardCheck` is Verify's view of the
 * same guards. The design as a whole is told at the top of db/integrity.ts.
 */
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { VerifyCheck } from '@core/contract/workspace';
import { chainHash, contentHash, CONTENT_COLUMNS, GENESIS_HASH, type ChangeContent } from './history-seal';

export interface Guard {
  name: string;
  table: string;
  sql: string;
}

export const HISTORY_TABLE = 'change_log';
const GRANTS_TABLE = 'redaction_grants';

/** SQLite compares identifiers ignoring the case of ASCII letters (and only of those). */
const ident = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());
const NAMES_GUARDED_TABLE = /(?<![\w$])(change_log|redaction_grants)(?![\w$])/i;

/** A trigger that could let history change: on the history or grants table, or naming either in its body. */
const reachesHistory = (t: Guard) => [HISTORY_TABLE, GRANTS_TABLE].includes(ident(t.table)) || NAMES_GUARDED_TABLE.test(t.sql ?? '');

interface ShippedHistory {
  guards: Guard[];
  /** How the migrations create `redaction_grants`; null before the migration that adds it. */
  grantsTableSql: string | null;
}

const shippedByFolder = new Map<string, ShippedHistory>();

/** The guards a workspace has once the migrations in `folder` ran: built once per folder, in memory. */
function shippedHistory(migrationsFolder: string, nativeBinding?: string): ShippedHistory {
  const known = shippedByFolder.get(migrationsFolder);
  if (known) return known;
  const reference = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    for (const m of readMigrationFiles({ migrationsFolder })) for (const stmt of m.sql) if (stmt.trim()) reference.exec(stmt);
    const grants = grantsTableOf(reference);
    // Only the triggers that reach history are its guards; the others (e.g. readiness dirty flags) are not history's business.
    const shipped = { guards: triggersOf(reference).filter(reachesHistory), grantsTableSql: grants?.type === 'table' ? grants.sql : null };
    shippedByFolder.set(migrationsFolder, shipped);
    return shipped;
  } finally {
    reference.close();
  }
}

function triggersOf(sqlite: Database.Database): Guard[] {
  return sqlite.prepare('SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = \'trigger\' ORDER BY name').all() as Guard[];
}

/** Whatever holds the name `redaction_grants` (in any ASCII case): the table, or a view put in its place. */
function grantsTableOf(sqlite: Database.Database): { type: string; name: string; sql: string } | undefined {
  return sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = ?").get(GRANTS_TABLE) as
    { type: string; name: string; sql: string } | undefined;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sameSql = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

interface GuardProblems {
  missing: Guard[];
  altered: Guard[];
  /** Triggers the migrations do not create that could let history change (see `reachesHistory`). */
  unknown: Guard[];
  /** `redaction_grants` is gone, or is not the table the migrations create (changed, or a view). */
  grantsTable: 'missing' | 'altered' | null;
  /** Rows in `redaction_grants`: while one exists, history summaries can be rewritten. */
  grantRows: number;
}

const problemCount = (p: GuardProblems) => p.missing.length + p.altered.length + p.unknown.length + (p.grantsTable ? 1 : 0) + (p.grantRows > 0 ? 1 : 0);

function guardProblems(sqlite: Database.Database, shipped: ShippedHistory): GuardProblems {
  const present = new Map(triggersOf(sqlite).map((t) => [ident(t.name), t]));
  const shippedNames = new Set(shipped.guards.map((g) => ident(g.name)));
  const found = (g: Guard) => present.get(ident(g.name));
  let grantsTable: GuardProblems['grantsTable'] = null;
  let grantRows = 0;
  if (shipped.grantsTableSql !== null) {
    const table = grantsTableOf(sqlite);
    if (!table) grantsTable = 'missing';
    else if (table.type !== 'table' || !sameSql(table.sql, shipped.grantsTableSql)) grantsTable = 'altered';
    if (table?.type === 'table') grantRows = (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(table.name)}`).get() as { n: number }).n;
  }
  return {
    missing: shipped.guards.filter((g) => !found(g)),
    altered: shipped.guards.filter((g) => found(g) && (found(g)!.name !== g.name || !sameSql(found(g)!.sql, g.sql))),
    unknown: [...present.values()].filter((t) => !shippedNames.has(ident(t.name)) && reachesHistory(t)),
    grantsTable,
    grantRows,
  };
}

/** What opening found and repaired, per connection, so the app can show it once (see `openingNotices`). */
const noticesByConnection = new WeakMap<Database.Database, string[]>();
const shippedByConnection = new WeakMap<Database.Database, ShippedHistory>();

export function openingNotices(sqlite: Database.Database): string[] {
  return noticesByConnection.get(sqlite) ?? [];
}

/** "1 row", "2,000 rows": a count in words, as every history message writes it. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Where an unknown trigger sits, in words. */
function triggerPlace(t: Guard): string {
  if (ident(t.table) === HISTORY_TABLE) return 'on the history table';
  if (ident(t.table) === GRANTS_TABLE) return 'on the redaction grants table';
  return `on “${t.table}” that reaches into the history or its redaction grants`;
}

/**
 * Run once right after the migrations: puts back missing or altered guards, removes unknown triggers
 * that could change history, empties and if need be recreates the redaction grants table, and seals
 * history rows written before the chain existed. Returns a plain-words notice for each thing it did
 * (or could not do on a read-only connection).
 */
export function secureHistory(sqlite: Database.Database, opts: { migrationsFolder: string; nativeBinding?: string; readonly?: boolean }): string[] {
  const shipped = shippedHistory(opts.migrationsFolder, opts.nativeBinding);
  shippedByConnection.set(sqlite, shipped);
  // A workspace kept at an older schema (only in tests of single migrations) has no seals yet.
  const chained = (sqlite.pragma('table_info(change_log)') as { name: string }[]).some((c) => c.name === 'seq');
  const inspect = () => {
    const problems = guardProblems(sqlite, shipped);
    const broken = problemCount(problems);
    // Rows from before the chain are sealed only while no row is sealed yet: a row slipped in later
    // without a seal stays unsealed, and Verify reports it.
    const toSeal =
      chained && !sqlite.prepare('SELECT 1 FROM change_log WHERE seq IS NOT NULL LIMIT 1').get()
        ? (sqlite.prepare('SELECT count(*) AS n FROM change_log WHERE seq IS NULL').get() as { n: number }).n
        : 0;
    return { problems, broken, toSeal };
  };
  const notices: string[] = [];
  noticesByConnection.set(sqlite, notices);
  const first = inspect();
  if (first.broken === 0 && first.toSeal === 0) return notices;
  if (opts.readonly || sqlite.readonly) {
    if (first.broken > 0) {
      notices.push(
        `The history guards of this workspace were removed or changed outside Rollout Workbench (${describeProblems(first.problems)}). They cannot be restored while the workspace is open read-only: open it with write access, then run Verify workspace.`,
      );
    }
    return notices;
  }
  // Looked at again under the write lock: another window may have repaired the file meanwhile.
  const { problems, broken, toSeal } = sqlite
    .transaction(() => {
      const found = inspect();
      // Unknown triggers go first: one on the grants table could otherwise keep its rows from going.
      for (const t of found.problems.unknown) sqlite.exec(`DROP TRIGGER IF EXISTS ${quote(t.name)}`);
      if (found.problems.grantsTable === 'altered') {
        const current = grantsTableOf(sqlite)!;
        sqlite.exec(`DROP ${current.type === 'view' ? 'VIEW' : 'TABLE'} ${quote(current.name)}`);
      }
      if (found.problems.grantsTable) sqlite.exec(shipped.grantsTableSql!);
      else if (found.problems.grantRows > 0) sqlite.exec(`DELETE FROM ${quote(GRANTS_TABLE)}`);
      for (const g of [...found.problems.missing, ...found.problems.altered]) {
        sqlite.exec(`DROP TRIGGER IF EXISTS ${quote(g.name)}`);
        sqlite.exec(g.sql);
      }
      if (found.toSeal > 0) sealEarlierRows(sqlite);
      return found;
    })
    .immediate();
  for (const g of problems.missing) notices.push(`The history guard “${g.name}” was missing (removed outside Rollout Workbench); it has been restored.`);
  for (const g of problems.altered) notices.push(`The history guard “${g.name}” had been changed outside Rollout Workbench; the original has been restored.`);
  for (const t of problems.unknown) notices.push(`A trigger “${t.name}” ${triggerPlace(t)}, not created by Rollout Workbench, has been removed.`);
  if (problems.grantsTable === 'missing') {
    notices.push(
      'The table “redaction_grants”, which keeps history closed to edits outside a redaction, was missing (removed outside Rollout Workbench); it has been recreated.',
    );
  }
  if (problems.grantsTable === 'altered') {
    notices.push(
      'The table “redaction_grants”, which keeps history closed to edits outside a redaction, had been changed outside Rollout Workbench; the original has been recreated.',
    );
  }
  if (problems.grantRows > 0) {
    notices.push(
      `${plural(problems.grantRows, 'leftover redaction grant')} (a row in “redaction_grants”, written outside Rollout Workbench or left by an interrupted write) let history summaries be rewritten; ${problems.grantRows === 1 ? 'it has' : 'they have'} been removed.`,
    );
  }
  if (broken > 0) notices.push('Run Verify workspace (Settings, or `rollout-workbench verify`) to check whether history was changed meanwhile.');
  if (toSeal > 0) notices.push(`${plural(toSeal, 'earlier history row')} ${toSeal === 1 ? 'was' : 'were'} sealed into the tamper-evident chain.`);
  return notices;
}

function describeProblems(p: GuardProblems): string {
  return [
    p.missing.length ? `missing: ${p.missing.map((g) => g.name).join(', ')}` : '',
    p.altered.length ? `changed: ${p.altered.map((g) => g.name).join(', ')}` : '',
    p.unknown.length ? `unknown trigger that could change history: ${p.unknown.map((g) => `${g.name} (on ${g.table})`).join(', ')}` : '',
    p.grantsTable === 'missing' ? 'missing table: redaction_grants' : '',
    p.grantsTable === 'altered' ? 'changed table: redaction_grants' : '',
    p.grantRows > 0 ? `${plural(p.grantRows, 'leftover redaction grant')}, which ${p.grantRows === 1 ? 'lets' : 'let'} history summaries be rewritten` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Seals rows written before the chain, oldest first. The guards refuse every UPDATE of history, so they
 * step aside inside this one transaction and are put back before it commits: no other connection ever
 * sees the table unguarded.
 */
function sealEarlierRows(sqlite: Database.Database): void {
  const triggers = triggersOf(sqlite).filter((t) => ident(t.table) === HISTORY_TABLE);
  for (const t of triggers) sqlite.exec(`DROP TRIGGER ${quote(t.name)}`);
  const rows = sqlite.prepare(`SELECT rowid AS rid, ${CONTENT_COLUMNS} FROM change_log WHERE seq IS NULL ORDER BY at, rowid`).all() as (ChangeContent & {
    rid: number;
  })[];
  const update = sqlite.prepare('UPDATE change_log SET seq = ?, content_hash = ?, hash = ? WHERE rowid = ?');
  let previous = GENESIS_HASH;
  rows.forEach((row, i) => {
    const seq = i + 1;
    const ch = contentHash(row);
    previous = chainHash(previous, seq, ch);
    update.run(seq, ch, previous, row.rid);
  });
  for (const t of triggers) sqlite.exec(t.sql);
}

export function guardCheck(sqlite: Database.Database): VerifyCheck {
  const shipped = shippedByConnection.get(sqlite);
  if (!shipped) {
    return {
      key: 'guards',
      title: 'History guards',
      ok: false,
      summary: 'The workspace was not opened by Rollout Workbench, so its guards cannot be compared.',
      details: [],
    };
  }
  const p = guardProblems(sqlite, shipped);
  const ok = problemCount(p) === 0;
  return {
    key: 'guards',
    title: 'History guards',
    ok,
    summary: ok
      ? `All ${shipped.guards.length} history guards are in place: history cannot be edited, deleted or replaced.`
      : `The history guards were changed outside Rollout Workbench (${describeProblems(p)}). Close and reopen the workspace to restore them.`,
    details: [],
  };
}
