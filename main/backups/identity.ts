/**
 * A workspace's identity as backups record it: the id of its first history row. History is
 * append-only and sealed, so that id never changes while the workspace lives, every copy and every
 * restored backup keeps it, and two workspaces never share it (ids are random). Retention and the
 * daily backup's "last one" use it, so a backups folder shared by several workspaces, or two
 * workspaces of the same name, never mix.
 */
import type Database from 'better-sqlite3';

/** Rows not sealed yet get their `seq` in the order (at, rowid) when they are (db/history-guards.ts), so the first row stays first. */
export const WORKSPACE_ID_SQL = 'SELECT id FROM change_log ORDER BY seq IS NULL, seq, at, rowid LIMIT 1';
/** The same for a workspace from before history was sealed (no `seq` column yet: it is about to be migrated). */
const BEFORE_SEALING_SQL = 'SELECT id FROM change_log ORDER BY at, rowid LIMIT 1';

/** The identity of the workspace open in `db`, or null when it has no history yet (or no history table). */
export function workspaceIdOf(db: Database.Database): string | null {
  for (const query of [WORKSPACE_ID_SQL, BEFORE_SEALING_SQL]) {
    try {
      const row = db.prepare(query).get() as { id: string } | undefined;
      return row?.id ?? null;
    } catch {
      // No `seq` column (an older workspace), or no history table at all: the next query, or none.
    }
  }
  return null;
}
