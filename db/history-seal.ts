/**
 * The seals of the tamper-evident history: every change-log row carries `seq` (1, 2, 3, ... without
 * gaps), a content hash of what it says and a chain hash linking it to the row before. `sealChange`
 * is the only place that computes a new row's seal, inside the write transaction that inserts it;
 * `redactionAfter` records what a redaction rewrote so Verify can tell it from tampering. How the
 * chain, the guards and Verify fit together is told at the top of db/integrity.ts.
 */
import type Database from 'better-sqlite3';
import crypto from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The action of a redaction's own change-log entry (see the top of db/integrity.ts). */
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
  return sha256(JSON.stringify([c.id, c.entity, c.entityId, c.siteId, c.action, c.summary, c.before, c.after, c.actor, c.device, c.at].map(stored)));
}

export function chainHash(previousHash: string, seq: number, content: string): string {
  return sha256(`${previousHash}\n${seq}\n${content}`);
}

export const CONTENT_COLUMNS = 'id, entity, entity_id AS entityId, site_id AS siteId, action, summary, before, after, actor, device, at';

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
