/**
 * How the scale profile writes: rows go in through prepared better-sqlite3 statements (one per table
 * and column set, cached), and each change-log row is sealed into the history's hash chain with the
 * functions of db/history-seal.ts, exactly as `recordChange` would seal it, keeping the chain's end in
 * memory instead of reading it back for every row. Rows are held until `flush` and written in their
 * final state. The caller holds the write transaction.
 */
import type Database from 'better-sqlite3';
import { changeContent, type ChangeRecord } from '@main/services/change-log';
import { chainHash, contentHash, GENESIS_HASH } from '@db/history-seal';
import { monotonicFactory, type ULIDFactory } from 'ulid';

type Value = string | number | null;

/** A change as a service records it (`recordChange`). */
export type ScaleChange = ChangeRecord;

export class ScaleWriter {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly pending = new Map<string, { table: string; row: Record<string, Value> }>();
  private head: { seq: number; hash: string };
  private readonly ulid: ULIDFactory;
  changes = 0;

  /**
   * `random` draws the random part of the ids; their time part is the record's own time, as when the
   * app creates a record (db/ids.ts), so the same seed gives the same ids.
   */
  constructor(
    private readonly sqlite: Database.Database,
    private readonly actor: string,
    private readonly device: string,
    random: () => number,
  ) {
    this.ulid = monotonicFactory(random);
    const last = sqlite.prepare('SELECT seq, hash FROM change_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    this.head = last ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** A new record id (a ULID, as db/ids.ts makes them) for a record written at `at`. */
  id(at: string): string {
    return this.ulid(Date.parse(at));
  }

  /**
   * Adds one row (the keys are the table's column names). It is held until `flush`, so the site's
   * later changes to it (a review finished, an owner verified) are written with it in one INSERT of
   * its final state, not as an INSERT and UPDATEs; rows are flushed in the order they were added,
   * parents before the rows that refer to them.
   */
  insert(table: string, row: Record<string, Value>): void {
    this.pending.set(row.id as string, { table, row });
  }

  /** Changes the columns of `set` on a row (the caller bumps `version` and `updated_at` as the service would). */
  update(table: string, id: string, set: Record<string, Value>): void {
    const held = this.pending.get(id);
    if (held) {
      Object.assign(held.row, set);
      return;
    }
    const columns = Object.keys(set);
    this.statement(`update ${table}(${columns.join(',')})`, () => `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...Object.values(set),
      id,
    );
  }

  /** Writes the rows held so far. */
  flush(): void {
    for (const { table, row } of this.pending.values()) this.write(table, row);
    this.pending.clear();
  }

  private statement(key: string, text: () => string): Database.Statement {
    let stmt = this.statements.get(key);
    if (!stmt) {
      stmt = this.sqlite.prepare(text());
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  private write(table: string, row: Record<string, Value>): void {
    const columns = Object.keys(row);
    this.statement(`${table}(${columns.join(',')})`, () => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
      ...Object.values(row),
    );
  }

  /** Appends a sealed change-log row, as `recordChange` does inside a service's transaction. */
  change(at: string, c: ScaleChange): void {
    const row = changeContent(c, { id: this.id(at), actor: this.actor, device: this.device, at });
    const seq = this.head.seq + 1;
    const ch = contentHash(row);
    const hash = chainHash(this.head.hash, seq, ch);
    this.write('change_log', {
      id: row.id,
      entity: row.entity,
      entity_id: row.entityId,
      site_id: row.siteId,
      action: row.action,
      summary: row.summary,
      before: row.before,
      after: row.after,
      actor: row.actor,
      device: row.device,
      at: row.at,
      seq,
      content_hash: ch,
      hash,
    });
    this.head = { seq, hash };
    this.changes++;
  }
}
