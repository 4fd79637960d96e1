/**
 * Finding and redacting secrets already stored in a workspace: in every text column of every record
 * and in history (a change-log row's summary, before and after). Redaction replaces each secret by a
 * dated marker in one transaction and records itself in history (without the secret), naming the
 * history rows it rewrote, so "Verify workspace" shows a redaction instead of tampering.
 *
 * History is append-only by triggers. The one exception is narrow: the trigger lets an UPDATE through
 * only while a row exists in `redaction_grants` and only when it changes summary, before and after.
 * The grant is written and removed inside the redaction's own transaction, so no other connection
 * ever sees one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RedactionResult, SecretScan } from '@core/contract/workspace';
import { emptyWriteAheadLog, latestChangeId, placeOf, redactedHistoryAfter, rewriteSecrets, scanSecrets, withSecureDelete } from '@db/queries/secrets';
import { REDACTION_ACTION } from '@db/history-seal';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { backupsFolderOf, listBackups } from '../backups/index';
import { workspaceIdentity } from './backups';
import { recordChange, writeTransaction } from './change-log';

export function findSecrets(ctx: HandlerContext): SecretScan {
  const { found, scannedRows } = scanSecrets(ctx.db);
  return { locations: found.map(({ rowid: _rowid, ...l }) => l), scannedRows };
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * Replaces every secret a fresh scan finds by "[secret removed <date>]", in records and in history, in
 * one transaction with its own history entry. Nothing found: nothing changes and nothing is recorded.
 */
export function redactSecretsEverywhere(ctx: WriteContext): RedactionResult {
  const at = ctx.clock.now().toISOString();
  const marker = `[secret removed ${at.slice(0, 10)}]`;
  // The replaced text must not stay readable in the file: SQLite zeroes the space a row frees only with
  // secure_delete on, and the write-ahead log keeps old page images until it is checkpointed.
  let result = withSecureDelete(ctx.db, () => redactInTransaction(ctx, at, marker));
  const changeId = result.changeId;
  if (changeId) {
    if (!emptyWriteAheadLog(ctx.db))
      ctx.log.warn('the write-ahead log could not be emptied after a redaction: another connection is reading; it is emptied at the next checkpoint');
    const backups = backupsBeside(ctx.workspacePath, workspaceIdentity(ctx));
    if (backups.length) {
      result = {
        ...result,
        backups,
        summary: `${result.summary} ${backups.length === 1 ? 'A backup made before it still holds' : `${backups.length} backups made before it still hold`} the old text: ${backups.join(', ')}. Delete ${backups.length === 1 ? 'it' : 'them'} or keep ${backups.length === 1 ? 'it' : 'them'} as safely as the secret itself.`,
      };
    }
    ctx.emit?.('data.changed', { entity: 'workspace', id: changeId });
  }
  return result;
}

/**
 * The backups of the workspace that hold what a redaction removes: the copies written before a
 * migration next to it (`.bak-*`) and this workspace's backups in its backups folder (main/backups/;
 * those without an identity count too, they may be its), by path relative to the workspace's folder.
 * A backup elsewhere (a folder chosen for "Back up to") is not known here.
 */
function backupsBeside(workspacePath: string, workspaceId: string | null): string[] {
  const dir = path.dirname(workspacePath);
  const prefix = `${path.basename(workspacePath)}.bak-`;
  let beside: string[] = [];
  try {
    beside = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(prefix))
      .sort();
  } catch {
    beside = [];
  }
  const folder = backupsFolderOf(workspacePath);
  const inFolder = listBackups(folder)
    .filter((b) => b.workspaceId === null || b.workspaceId === workspaceId)
    .map((b) => path.relative(dir, b.file))
    .sort();
  return [...beside, ...inFolder];
}

function redactInTransaction(ctx: WriteContext, at: string, marker: string): RedactionResult {
  return writeTransaction(ctx, (tx): RedactionResult => {
    // Scanned again inside the transaction: what is replaced is exactly what is there now.
    const { found } = scanSecrets(tx);
    if (!found.length) return { places: 0, secrets: 0, historyRows: 0, marker, summary: 'No secrets found: nothing was changed.', changeId: null, backups: [] };
    const { secrets, historySeqs, rowsPerTable } = rewriteSecrets(tx, found, at, marker);
    const where = [...rowsPerTable]
      .sort(([a], [b]) => (a === 'change_log' ? 1 : b === 'change_log' ? -1 : a.localeCompare(b)))
      .map(([table, n]) => {
        const [one, many] = placeOf(table);
        return count(n, table === 'change_log' ? 'history row' : one.toLowerCase(), many);
      });
    const summary = `Redacted ${count(secrets, 'secret', 'secrets')} in ${where.join(', ')}: each replaced by “${marker}”.`;
    recordChange(tx, ctx, at, {
      entity: 'workspace',
      entityId: 'workspace',
      action: REDACTION_ACTION,
      summary,
      // Read after the rewrite, in this transaction: each rewritten row's content hash as it now stands.
      after: redactedHistoryAfter(
        tx,
        historySeqs.filter((s) => s > 0),
      ),
    });
    return { places: found.length, secrets, historyRows: historySeqs.length, marker, summary, changeId: latestChangeId(tx), backups: [] };
  });
}
