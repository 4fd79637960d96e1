/**
 * Writes a plan (plan.ts) inside the caller's write transaction: new rows inserted parents first,
 * conflicts the user chose to take updated (their version bumped past both sides, so a form still open
 * on the old record is refused as stale), the bundle's history rows that are new here appended in
 * their original order and sealed into this workspace's chain, then one history entry per record added
 * or changed (per table and site for rows that are not records of their own) and one summary entry.
 */
import type { WritableDb } from '@db/client';
import { changeLog } from '@db/schema/index';
import { sql } from 'drizzle-orm';
import { chainHash, contentHash, GENESIS_HASH, type ChangeContent } from '@db/history-seal';
import type { WriteContext } from '../rpc/context';
import { insertRows, recordChange, type Entity } from './change-log';
import { refused } from './errors';
import type { BundleRow } from '../bundles/format';
import { conflictId, type Plan, type RowOp } from './bundles-plan';

/** The user's choice per conflict, with the fingerprint of the conflict as the preview showed it. */
export type Choices = Record<string, { choice: 'keep' | 'take'; fingerprint: string }>;

export interface ApplyResult {
  added: number;
  updated: number;
  skipped: number;
  history: number;
}

export function applyPlan(tx: WritableDb, ctx: WriteContext, at: string, plan: Plan, choices: Choices, bundleName: string): ApplyResult {
  const result: ApplyResult = { added: 0, updated: 0, skipped: 0, history: 0 };
  const written: { op: RowOp; action: 'added' | 'updated' }[] = [];
  for (const op of plan.ops) {
    const columns = op.shape.columns.map((c) => c.name);
    if (op.kind === 'new') {
      try {
        insertRows(tx, op.shape.spec.table, columns, [columns.map((c) => op.row[c] as unknown)]);
      } catch (e) {
        throw collision(op, e);
      }
      result.added++;
      written.push({ op, action: 'added' });
    } else if (op.kind === 'conflict' && choices[conflictId(op.shape.spec.table, op.bundleId)]?.choice === 'take') {
      const set = op.differs!;
      const version = Math.max(Number(op.here!.version), Number(op.row.version)) + 1;
      const assignments = set.map((c) => sql`${sql.identifier(c)} = ${op.row[c] as string | number | null}`);
      tx.run(
        sql`UPDATE ${sql.identifier(op.shape.spec.table)} SET ${sql.join(assignments, sql`, `)}, version = ${version}, updated_at = ${at} WHERE id = ${op.localId}`,
      );
      result.updated++;
      written.push({ op, action: 'updated' });
    } else result.skipped++;
  }

  for (const r of plan.history.fresh) {
    const content: ChangeContent = {
      id: String(r.id),
      entity: String(r.entity),
      entityId: String(r.entity_id),
      siteId: (r.site_id as string | null) ?? null,
      action: String(r.action),
      summary: String(r.summary),
      before: (r.before as string | null) ?? null,
      after: (r.after as string | null) ?? null,
      actor: String(r.actor),
      device: String(r.device),
      at: String(r.at),
    };
    tx.insert(changeLog)
      .values({ ...content, ...sealAfter(tx, content) })
      .run();
    ctx.writes.historyRows++;
    result.history++;
  }

  const grouped = new Map<string, { entity: Entity; entityId: string; siteId: string | null; label: string; added: number; updated: number }>();
  for (const { op, action } of written) {
    const siteId = op.shape.spec.table === 'sites' ? op.localId : typeof op.row.site_id === 'string' ? op.row.site_id : null;
    if (op.shape.spec.entity) {
      const changed = action === 'updated' ? op.differs! : [];
      recordChange(tx, ctx, at, {
        entity: op.shape.spec.entity,
        entityId: op.localId,
        siteId,
        action: action === 'added' ? 'import' : 'import-update',
        summary: `${action === 'added' ? 'Added' : 'Updated'} from handover bundle “${bundleName}”: ${op.label}`,
        ...(action === 'updated' ? { before: pick(op.here!, changed), after: pick(op.row, changed) } : {}),
      });
      continue;
    }
    const key = `${op.shape.spec.table}\u001f${siteId ?? ''}`;
    const g = grouped.get(key) ?? {
      entity: siteId ? 'site' : 'workspace',
      entityId: siteId ?? 'workspace',
      siteId,
      label: op.shape.spec.label,
      added: 0,
      updated: 0,
    };
    g[action]++;
    grouped.set(key, g);
  }
  for (const g of grouped.values()) {
    const parts = [g.added ? `${g.added} added` : '', g.updated ? `${g.updated} updated` : ''].filter(Boolean).join(', ');
    recordChange(tx, ctx, at, {
      entity: g.entity,
      entityId: g.entityId,
      siteId: g.siteId,
      action: 'import',
      summary: `${g.label} rows from handover bundle “${bundleName}”: ${parts}`,
    });
  }
  return result;
}

/**
 * The seal of a history row appended as it was written elsewhere (its own id, actor, device and time):
 * the same content hash and chain link `sealChange` (db/history-seal.ts) gives a row written here,
 * read from the end of the chain inside this transaction.
 */
function sealAfter(tx: WritableDb, content: ChangeContent): { seq: number; contentHash: string; hash: string } {
  const head = tx.get<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM change_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`) ?? {
    seq: 0,
    hash: GENESIS_HASH,
  };
  const seq = head.seq + 1;
  const ch = contentHash(content);
  return { seq, contentHash: ch, hash: chainHash(head.hash, seq, ch) };
}

/** A row that a unique rule here refuses (another record already holds its name, URL or place). */
function collision(op: RowOp, e: unknown): unknown {
  const m = e instanceof Error ? e.message : '';
  if (!/UNIQUE constraint failed/.test(m)) return e;
  return refused(
    `${op.label} cannot be added: a different record here already holds the same ${m.replace(/^UNIQUE constraint failed: (index )?/, '').replace(/'/g, '')}. Rename or archive one of them, then import again. Nothing was imported.`,
  );
}

function pick(row: BundleRow, columns: string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c]]));
}
