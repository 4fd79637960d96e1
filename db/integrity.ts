/**
 * Tamper-evident history, and the checks behind "Verify workspace".
 *
 * The change log is append-only twice over:
 * - Guards: triggers created by the migrations refuse UPDATE and DELETE on `change_log`, and any INSERT
 *   that would replace or upsert a row or that is not sealed. They hold on every connection, an outside
 *   sqlite3 tool included. Opening a workspace compares them (by name and SQL) with the ones the shipped
 *   migrations create, restores any that are missing or altered, removes every trigger the migrations
 *   do not create that sits on `change_log` or `redaction_grants` or names either of them (table names
 *   compared as SQLite does, ignoring ASCII case), and says so (`secureHistory`).
 * - The redaction grants table: the update guard lets a redaction through only while `redaction_grants`
 *   holds a row, and a redaction removes its row inside its own transaction, so at rest the table is
 *   empty. Opening removes any row found there (an outside tool's, or an interrupted write's) and
 *   recreates the table if it is missing or changed; Verify reports either as a failed guard.
 * - Seals: every row carries `seq` (1, 2, 3, ... without gaps) and two hashes:
 *     content_hash = sha256(canonical JSON of [id, entity, entity_id, site_id, action, summary, before,
 *                           after, actor, device, at])
 *     hash         = sha256(previous row's hash + "\n" + seq + "\n" + content_hash)
 *   (the first row follows 64 zeros). `sealChange` computes both and is the only place that does; it
 *   reads the end of the chain inside the caller's write transaction, so two writers cannot fork it
 *   (and the unique `seq` index and the insert guard refuse a fork anyway). Rows written before the
 *   chain existed are sealed once, in the order they were written, the first time the app opens the
 *   workspace after the migration that added the columns.
 *
 * Redaction is the one sanctioned change to written history, and the chain is built to survive it: the
 * chain links content hashes as written, not the content itself, so rewriting a row's text leaves every
 * link intact and only that row's content hash stops matching. A redaction therefore must:
 *   1. change only `summary`, `before` and `after` of the rows it cleans (never `seq`, `content_hash`,
 *      `hash` or any other column), and
 *   2. in the same transaction, after rewriting, append its own change-log entry (through
 *      `recordChange`, like every change) with `action: REDACTION_ACTION` and
 *      `after: redactionAfter(sqlite, seqs)`, which lists the `seq` of every row it rewrote with that
 *      row's content hash as rewritten.
 * Verify then reports "N history rows redacted on <date>" for those rows instead of a broken chain. A
 * row whose content no longer matches its hash is "changed" unless its content hash equals the one the
 * latest redaction entry naming it recorded: a redacted row edited again afterwards is "changed" too.
 * Only redaction entries whose own content is intact (or was itself redacted as recorded) are trusted.
 *
 * Limits, said plainly: the chain has no secret key. Someone who can write the file, drops the guards
 * and recomputes every hash after the row they changed leaves no trace the chain can see, and removing
 * the newest rows leaves a shorter valid chain. The chain makes a casual edit, an outside tool's edit or
 * a damaged row evident to anyone who verifies; it is not a signature.
 */
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import crypto from 'node:crypto';
import type { VerifyCheck, VerifyReport } from '../core/contract/integrity';

export const GENESIS_HASH = '0'.repeat(64);

/** The action of a redaction's own change-log entry (see the top of this file). */
export const REDACTION_ACTION = 'redact';


/** A change-log row's content as stored (before/after already JSON text). */
export interface ChangeContent {
  id: string;
  entity: string;
  entityId: string;
  siteId: string | null;
  action: string;
  summary: string;
  before: string | null;
  after: string | null;
  actor: string;
  device: string;
  at: string;
}

export interface Seal {
  seq: number;
  contentHash: string;
  hash: string;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text is hashed as it reads back from the file: half of a surrogate pair is written as three bytes that
 * are not UTF-8 and reads back as three U+FFFD, so it is hashed that way.
 */
function stored(v: string | null): string | null {
  if (v === null || (v as string & { isWellFormed(): boolean }).isWellFormed()) return v;
  return v.replace(LONE_SURROGATE, '\uFFFD\uFFFD\uFFFD');
}

export function contentHash(c: ChangeContent): string {
  return sha256(
    JSON.stringify([c.id, c.entity, c.entityId, c.siteId, c.action, c.summary, c.before, c.after, c.actor, c.device, c.at].map(stored)),
  );
}

export function chainHash(previousHash: string, seq: number, content: string): string {
  return sha256(`${previousHash}\n${seq}\n${content}`);
}

const CONTENT_COLUMNS = 'id, entity, entity_id AS entityId, site_id AS siteId, action, summary, before, after, actor, device, at';

/** A history row a redaction rewrote: its seq and its content hash as rewritten. */
export interface RedactedRow {
  seq: number;
  contentHash: string;
}

/**
 * The `after` value of a redaction's change-log entry: every history row it rewrote, by seq, with the
 * row's content hash as it reads now. Call it inside the redaction's transaction, after the rewrite.
 */
export function redactionAfter(sqlite: Database.Database, seqs: readonly number[]): { redactedRows: RedactedRow[] } {
  if (!sqlite.inTransaction) throw new Error('A redaction must be recorded inside the transaction that rewrote the rows.');
  const read = sqlite.prepare(`SELECT ${CONTENT_COLUMNS} FROM change_log WHERE seq = ?`);
  const redactedRows = [...new Set(seqs)]
    .sort((a, b) => a - b)
    .map((seq) => {
      const row = read.get(seq) as ChangeContent | undefined;
      if (!row) throw new Error(`History row ${seq} named by the redaction does not exist.`);
      return { seq, contentHash: contentHash(row) };
    });
  return { redactedRows };
}

const headStatements = new WeakMap<Database.Database, Database.Statement>();

/** The last sealed row: where the next row links to. */
function chainHead(sqlite: Database.Database): { seq: number; hash: string } {
  let stmt = headStatements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare('SELECT seq, hash FROM change_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1');
    headStatements.set(sqlite, stmt);
  }
  const row = stmt.get() as { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * The seal of a row about to be appended. Call it inside the write transaction that inserts the row,
 * so no other writer can append between reading the chain's end and writing the row.
 */
export function sealChange(sqlite: Database.Database, content: ChangeContent): Seal {
  if (!sqlite.inTransaction) throw new Error('A change-log row must be sealed inside the transaction that writes it.');
  const head = chainHead(sqlite);
  const seq = head.seq + 1;
  const ch = contentHash(content);
  return { seq, contentHash: ch, hash: chainHash(head.hash, seq, ch) };
}

// ---------------------------------------------------------------------------------------------
// Guards: the triggers the shipped migrations create, and the redaction grants table they rely on

export interface Guard {
  name: string;
  table: string;
  sql: string;
}

const HISTORY_TABLE = 'change_log';
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
    const shipped = { guards: triggersOf(reference), grantsTableSql: grants?.type === 'table' ? grants.sql : null };
    shippedByFolder.set(migrationsFolder, shipped);
    return shipped;
  } finally {
    reference.close();
  }
}

function triggersOf(sqlite: Database.Database): Guard[] {
  return sqlite
    .prepare("SELECT name, tbl_name AS \"table\", sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    .all() as Guard[];
}

/** Whatever holds the name `redaction_grants` (in any ASCII case): the table, or a view put in its place. */
function grantsTableOf(sqlite: Database.Database): { type: string; name: string; sql: string } | undefined {
  return sqlite
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = ?")
    .get(GRANTS_TABLE) as { type: string; name: string; sql: string } | undefined;
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

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

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
    notices.push('The table “redaction_grants”, which keeps history closed to edits outside a redaction, was missing (removed outside Rollout Workbench); it has been recreated.');
  }
  if (problems.grantsTable === 'altered') {
    notices.push('The table “redaction_grants”, which keeps history closed to edits outside a redaction, had been changed outside Rollout Workbench; the original has been recreated.');
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
  const rows = sqlite
    .prepare(`SELECT rowid AS rid, ${CONTENT_COLUMNS} FROM change_log WHERE seq IS NULL ORDER BY at, rowid`)
    .all() as (ChangeContent & { rid: number })[];
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

// ---------------------------------------------------------------------------------------------
// Verify

interface StoredRow extends ChangeContent {
  seq: number | null;
  contentHash: string | null;
  hash: string | null;
}

const day = (iso: string) => iso.slice(0, 10);
const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);
const short = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function integrityCheck(sqlite: Database.Database): VerifyCheck {
  const lines = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const ok = lines.length === 1 && lines[0] === 'ok';
  return {
    key: 'integrity',
    title: 'File structure',
    ok,
    summary: ok
      ? 'The file is intact: SQLite’s integrity check found no damage.'
      : `SQLite’s integrity check found ${plural(lines.length, 'problem')}. Restore the newest backup (a file next to this one ending in .bak…) or one of your own.`,
    details: ok ? [] : lines.slice(0, 20),
  };
}

function foreignKeyCheck(sqlite: Database.Database): VerifyCheck {
  const rows = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
  const byPair = new Map<string, number>();
  for (const r of rows) byPair.set(`${r.table} → ${r.parent}`, (byPair.get(`${r.table} → ${r.parent}`) ?? 0) + 1);
  const ok = rows.length === 0;
  return {
    key: 'foreign_keys',
    title: 'References between records',
    ok,
    summary: ok
      ? 'Every record refers only to records that exist.'
      : `${plural(rows.length, 'record')} ${rows.length === 1 ? 'refers' : 'refer'} to records that do not exist (changed outside Rollout Workbench).`,
    details: [...byPair].map(([pair, n]) => `${pair}: ${plural(n, 'record')}`),
  };
}

function guardCheck(sqlite: Database.Database): VerifyCheck {
  const shipped = shippedByConnection.get(sqlite);
  if (!shipped) {
    return { key: 'guards', title: 'History guards', ok: false, summary: 'The workspace was not opened by Rollout Workbench, so its guards cannot be compared.', details: [] };
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

interface Redaction {
  /** The seq of the redaction entry that last rewrote the row. */
  seq: number;
  on: string;
  /** The row's content hash as that redaction left it. */
  contentHash: string;
}

/** The rows a redaction entry says it rewrote, as written by `redactionAfter`; [] when it says nothing readable. */
function redactedRowsOf(after: string | null): RedactedRow[] {
  let listed: unknown;
  try {
    listed = after === null ? null : (JSON.parse(after) as { redactedRows?: unknown }).redactedRows;
  } catch {
    listed = null;
  }
  if (!Array.isArray(listed)) return [];
  return listed.filter(
    (r): r is RedactedRow =>
      r !== null && typeof r === 'object' && Number.isInteger((r as RedactedRow).seq) && typeof (r as RedactedRow).contentHash === 'string',
  );
}

/**
 * Every history row a redaction rewrote, with the latest redaction that names it. Entries are read
 * newest first, and one is believed only if its own content is intact, or is exactly what a later
 * believed redaction left: an edited redaction entry vouches for nothing.
 */
function redactions(sqlite: Database.Database): Map<number, Redaction> {
  const entries = sqlite
    .prepare(`SELECT ${CONTENT_COLUMNS}, seq, content_hash AS contentHash FROM change_log WHERE action = ? AND seq IS NOT NULL ORDER BY seq DESC`)
    .all(REDACTION_ACTION) as (ChangeContent & { seq: number; contentHash: string | null })[];
  const out = new Map<number, Redaction>();
  for (const entry of entries) {
    const current = contentHash(entry);
    if (current !== entry.contentHash && out.get(entry.seq)?.contentHash !== current) continue;
    for (const r of redactedRowsOf(entry.after)) {
      if (r.seq < entry.seq && !out.has(r.seq)) out.set(r.seq, { seq: entry.seq, on: day(entry.at), contentHash: r.contentHash });
    }
  }
  return out;
}

function chainCheck(sqlite: Database.Database): { check: VerifyCheck; chain: VerifyReport['chain'] } {
  const total = (sqlite.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
  const redacted = redactions(sqlite);
  const redactedOn = new Map<string, number>();
  let previous = GENESIS_HASH;
  let expected = 1;
  let checked = 0;
  let firstBreak: VerifyReport['chain']['firstBreak'] = null;
  const rows = sqlite
    .prepare(`SELECT ${CONTENT_COLUMNS}, seq, content_hash AS contentHash, hash FROM change_log ORDER BY seq`)
    .iterate() as IterableIterator<StoredRow>;
  for (const row of rows) {
    let problem: string | null = null;
    if (row.seq === null || row.contentHash === null || row.hash === null) problem = 'it was never sealed: it was written outside Rollout Workbench';
    else if (row.seq !== expected) problem = `${plural(row.seq - expected, 'row')} before it ${row.seq - expected === 1 ? 'is' : 'are'} missing (deleted)`;
    else if (chainHash(previous, row.seq, row.contentHash) !== row.hash) problem = 'its seal does not follow from the row before it (a row was inserted, removed or re-sealed)';
    else {
      const current = contentHash(row);
      if (current !== row.contentHash) {
        // Changed since it was written: fine only if it reads exactly as its latest redaction left it.
        const r = redacted.get(row.seq);
        if (r?.contentHash === current) redactedOn.set(r.on, (redactedOn.get(r.on) ?? 0) + 1);
        else if (r) problem = `its content was changed after its redaction on ${r.on}`;
        else problem = 'its content was changed after it was written';
      }
    }
    checked++;
    if (problem) {
      firstBreak = { seq: row.seq, id: row.id, at: row.at, what: short(row.summary), problem, following: total - checked };
      break;
    }
    previous = row.hash!;
    expected++;
  }
  const redactedList = [...redactedOn].map(([on, n]) => ({ on, rows: n })).sort((a, b) => a.on.localeCompare(b.on));
  const redactionText = redactedList.map((r) => `${plural(r.rows, 'history row')} redacted on ${r.on}.`).join(' ');
  const ok = firstBreak === null;
  const summary = ok
    ? `${total === 0 ? 'History is empty.' : `All ${plural(total, 'history row')} match their seals.`}${redactionText ? ` ${redactionText}` : ''}`
    : `History was changed at row ${firstBreak!.seq ?? '(unsealed)'} (${when(firstBreak!.at)}, “${firstBreak!.what}”): ${firstBreak!.problem}. ${plural(firstBreak!.following, 'later row')} ${firstBreak!.following === 1 ? 'follows' : 'follow'} it.`;
  return {
    check: { key: 'chain', title: 'History seals', ok, summary, details: redactedList.length && !ok ? [redactionText] : [] },
    chain: { rows: total, redacted: redactedList, firstBreak },
  };
}

/** Runs every check on an open workspace; reads only, so it also works read-only. */
export function verifyWorkspace(sqlite: Database.Database, now: Date): VerifyReport {
  const { check: chain, chain: chainFacts } = chainCheck(sqlite);
  const checks = [integrityCheck(sqlite), foreignKeyCheck(sqlite), guardCheck(sqlite), chain];
  return { ok: checks.every((c) => c.ok), checkedAt: now.toISOString(), checks, chain: chainFacts };
}
