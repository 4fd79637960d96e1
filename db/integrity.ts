/**
 * Tamper-evident history, and the checks behind "Verify workspace".
 *
 * The change log is append-only twice over:
 * - Guards: triggers created by the migrations refuse UPDATE and DELETE on `change_log`, and any INSERT
 *   that would replace or upsert a row or that is not sealed. They hold on every connection, an outside
 *   sqlite3 tool included. Opening a workspace compares them (by name and SQL) with the ones the shipped
 *   migrations create, restores any that are missing or altered, removes unknown triggers on the
 *   history table, and says so (`secureHistory`).
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
 *   2. in the same transaction, append its own change-log entry (through `recordChange`, like every
 *      change) with `action: REDACTION_ACTION` and `after: redactionAfter(seqs)`, listing the `seq` of
 *      every row it rewrote.
 * Verify then reports "N history rows redacted on <date>" for those rows instead of a broken chain. A
 * row whose content no longer matches its hash without a later redaction entry naming it is "changed".
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

/** The `after` value of a redaction's change-log entry: the seq of every history row it rewrote. */
export function redactionAfter(seqs: readonly number[]): { redactedSeqs: number[] } {
  return { redactedSeqs: [...seqs].sort((a, b) => a - b) };
}

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
// Guards: the triggers the shipped migrations create

export interface Guard {
  name: string;
  table: string;
  sql: string;
}

const shippedByFolder = new Map<string, Guard[]>();

/** The triggers a workspace has once the migrations in `folder` ran: built once per folder, in memory. */
export function shippedGuards(migrationsFolder: string, nativeBinding?: string): Guard[] {
  const known = shippedByFolder.get(migrationsFolder);
  if (known) return known;
  const reference = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    for (const m of readMigrationFiles({ migrationsFolder })) for (const stmt of m.sql) if (stmt.trim()) reference.exec(stmt);
    const guards = triggersOf(reference);
    shippedByFolder.set(migrationsFolder, guards);
    return guards;
  } finally {
    reference.close();
  }
}

function triggersOf(sqlite: Database.Database): Guard[] {
  return sqlite
    .prepare("SELECT name, tbl_name AS \"table\", sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    .all() as Guard[];
}

const sameSql = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

interface GuardProblems {
  missing: Guard[];
  altered: Guard[];
  /** Triggers on the history table that the migrations do not create. */
  unknown: Guard[];
}

function guardProblems(sqlite: Database.Database, shipped: Guard[]): GuardProblems {
  const present = new Map(triggersOf(sqlite).map((t) => [t.name, t]));
  const shippedNames = new Set(shipped.map((g) => g.name));
  return {
    missing: shipped.filter((g) => !present.has(g.name)),
    altered: shipped.filter((g) => present.has(g.name) && !sameSql(present.get(g.name)!.sql, g.sql)),
    unknown: [...present.values()].filter((t) => t.table === 'change_log' && !shippedNames.has(t.name)),
  };
}

/** What opening found and repaired, per connection, so the app can show it once (see `openingNotices`). */
const noticesByConnection = new WeakMap<Database.Database, string[]>();
const guardsByConnection = new WeakMap<Database.Database, Guard[]>();

export function openingNotices(sqlite: Database.Database): string[] {
  return noticesByConnection.get(sqlite) ?? [];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * Run once right after the migrations: puts back missing or altered guards, removes unknown triggers on
 * the history table, and seals history rows written before the chain existed. Returns a plain-words
 * notice for each thing it did (or could not do on a read-only connection).
 */
export function secureHistory(sqlite: Database.Database, opts: { migrationsFolder: string; nativeBinding?: string; readonly?: boolean }): string[] {
  const shipped = shippedGuards(opts.migrationsFolder, opts.nativeBinding);
  guardsByConnection.set(sqlite, shipped);
  // A workspace kept at an older schema (only in tests of single migrations) has no seals yet.
  const chained = (sqlite.pragma('table_info(change_log)') as { name: string }[]).some((c) => c.name === 'seq');
  const inspect = () => {
    const problems = guardProblems(sqlite, shipped);
    const broken = problems.missing.length + problems.altered.length + problems.unknown.length;
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
      for (const t of found.problems.unknown) sqlite.exec(`DROP TRIGGER IF EXISTS ${quote(t.name)}`);
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
  for (const t of problems.unknown) notices.push(`A trigger “${t.name}” on the history table, not created by Rollout Workbench, has been removed.`);
  if (broken > 0) notices.push('Run Verify workspace (Settings, or `rollout-workbench verify`) to check whether history was changed meanwhile.');
  if (toSeal > 0) notices.push(`${plural(toSeal, 'earlier history row')} ${toSeal === 1 ? 'was' : 'were'} sealed into the tamper-evident chain.`);
  return notices;
}

function describeProblems(p: GuardProblems): string {
  return [
    p.missing.length ? `missing: ${p.missing.map((g) => g.name).join(', ')}` : '',
    p.altered.length ? `changed: ${p.altered.map((g) => g.name).join(', ')}` : '',
    p.unknown.length ? `unknown trigger on the history table: ${p.unknown.map((g) => g.name).join(', ')}` : '',
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
  const triggers = triggersOf(sqlite).filter((t) => t.table === 'change_log');
  for (const t of triggers) sqlite.exec(`DROP TRIGGER ${quote(t.name)}`);
  const rows = sqlite
    .prepare(
      `SELECT rowid AS rid, id, entity, entity_id AS entityId, site_id AS siteId, action, summary, before, after, actor, device, at
       FROM change_log WHERE seq IS NULL ORDER BY at, rowid`,
    )
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
  const shipped = guardsByConnection.get(sqlite);
  if (!shipped) {
    return { key: 'guards', title: 'History guards', ok: false, summary: 'The workspace was not opened by Rollout Workbench, so its guards cannot be compared.', details: [] };
  }
  const p = guardProblems(sqlite, shipped);
  const ok = p.missing.length + p.altered.length + p.unknown.length === 0;
  return {
    key: 'guards',
    title: 'History guards',
    ok,
    summary: ok
      ? `All ${shipped.length} history guards are in place: history cannot be edited, deleted or replaced.`
      : `The history guards were changed outside Rollout Workbench (${describeProblems(p)}). Close and reopen the workspace to restore them.`,
    details: [],
  };
}

/** Seqs named by redaction entries, with the day of the redaction that names them. */
function redactions(sqlite: Database.Database): Map<number, { seq: number; on: string }> {
  const rows = sqlite.prepare('SELECT seq, at, after FROM change_log WHERE action = ? AND seq IS NOT NULL').all(REDACTION_ACTION) as {
    seq: number;
    at: string;
    after: string | null;
  }[];
  const out = new Map<number, { seq: number; on: string }>();
  for (const r of rows) {
    let listed: unknown;
    try {
      listed = r.after === null ? null : (JSON.parse(r.after) as { redactedSeqs?: unknown }).redactedSeqs;
    } catch {
      listed = null;
    }
    if (!Array.isArray(listed)) continue;
    for (const s of listed) if (typeof s === 'number' && s < r.seq && !out.has(s)) out.set(s, { seq: r.seq, on: day(r.at) });
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
    .prepare(
      `SELECT id, entity, entity_id AS entityId, site_id AS siteId, action, summary, before, after, actor, device, at,
              seq, content_hash AS contentHash, hash
       FROM change_log ORDER BY seq`,
    )
    .iterate() as IterableIterator<StoredRow>;
  for (const row of rows) {
    let problem: string | null = null;
    if (row.seq === null || row.contentHash === null || row.hash === null) problem = 'it was never sealed: it was written outside Rollout Workbench';
    else if (row.seq !== expected) problem = `${plural(row.seq - expected, 'row')} before it ${row.seq - expected === 1 ? 'is' : 'are'} missing (deleted)`;
    else if (chainHash(previous, row.seq, row.contentHash) !== row.hash) problem = 'its seal does not follow from the row before it (a row was inserted, removed or re-sealed)';
    else if (contentHash(row) !== row.contentHash) {
      const r = redacted.get(row.seq);
      if (r) redactedOn.set(r.on, (redactedOn.get(r.on) ?? 0) + 1);
      else problem = 'its content was changed after it was written';
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
