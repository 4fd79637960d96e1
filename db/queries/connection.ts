/**
 * Reads that need the connection itself rather than a query: what the file's schema holds, the checks
 * of "Verify workspace" and the notices from opening it. Services call these instead of touching the
 * raw connection (docs/ARCHITECTURE.md, "One write path").
 */
import type Database from 'better-sqlite3';
import type { VerifyReport } from '@core/contract/workspace';
import type { ReadableDb } from '../client';
import { openingNotices } from '../history-guards';
import { verifyWorkspace } from '../integrity';

const tablesKnown = new WeakMap<Database.Database, Map<string, boolean>>();

/** Whether the workspace has this table (one opened with an older schema may not); asked once per connection. */
export function hasTable(db: ReadableDb, name: string): boolean {
  let known = tablesKnown.get(db.$client);
  if (!known) tablesKnown.set(db.$client, (known = new Map()));
  let found = known.get(name);
  if (found === undefined) {
    found = Boolean(db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
    known.set(name, found);
  }
  return found;
}

/** "Verify workspace": the file's integrity, its history chain and its guards, as of `now`. */
export function verifyOpenWorkspace(db: ReadableDb, now: Date): VerifyReport {
  return verifyWorkspace(db.$client, now);
}

/** What opening the workspace found and repaired (a restored history guard, rows sealed). */
export function openingNoticesOf(db: ReadableDb): string[] {
  return openingNotices(db.$client);
}
