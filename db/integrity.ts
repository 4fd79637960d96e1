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
 *
 * Where it lives: the seals and the redaction entry in history-seal.ts, the guards and their repair
 * on opening in history-guards.ts, and Verify (this file) reads both.
 */
import type Database from 'better-sqlite3';
import type { VerifyCheck, VerifyReport } from '@core/contract/workspace';
import { guardCheck, plural } from './history-guards';
import { chainHash, contentHash, CONTENT_COLUMNS, GENESIS_HASH, REDACTION_ACTION, type ChangeContent, type RedactedRow } from './history-seal';

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
    else if (chainHash(previous, row.seq, row.contentHash) !== row.hash)
      problem = 'its seal does not follow from the row before it (a row was inserted, removed or re-sealed)';
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
