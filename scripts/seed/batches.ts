/**
 * How the demo seed shares the workspace while it writes: short write transactions of whole units (a
 * client with its people, a site with everything on it), a pause between them long enough for a
 * waiting save to get the lock, and a longer lock wait than the app's, since nobody waits on the seed.
 */
import type Database from 'better-sqlite3';
import { BUSY_RETRY } from '@main/rpc/faults';

/** Sites (or clients) per transaction at most. */
export const SEED_BATCH_SITES = 100;
/** A batch also ends once it has held the write lock this long, so another writer waits about a second at most on any machine. */
const SEED_BATCH_MAX_MS = 1000;
/** The seed is a batch job with nobody waiting on it, so it may wait longer for the write lock than the app. */
export const SEED_BUSY_TIMEOUT_MS = 30_000;
/**
 * Pause between batches: longer than the app's longest wait between two tries for the lock, so a save
 * waiting behind the seed always tries (and gets the lock) within the pause, however busy the machine.
 */
const SEED_BATCH_PAUSE_MS = BUSY_RETRY.maxWaitMs + 50;

/**
 * Runs `fn` in write transactions of whole units (a client with its people, a site with everything
 * on it): `unitDone()` after each unit commits once the batch has `batchUnits` units or has run for
 * SEED_BATCH_MAX_MS, then opens the next after a short pause, so other writers get in between
 * batches. A failure rolls back the current batch only.
 */
export function inBatches(sqlite: Database.Database, batchUnits: number, fn: (unitDone: () => void) => void): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let units = 0;
  let began = performance.now();
  sqlite.prepare('BEGIN IMMEDIATE').run();
  try {
    fn(() => {
      if (++units < batchUnits && performance.now() - began < SEED_BATCH_MAX_MS) return;
      sqlite.prepare('COMMIT').run();
      Atomics.wait(pause, 0, 0, SEED_BATCH_PAUSE_MS);
      sqlite.prepare('BEGIN IMMEDIATE').run();
      units = 0;
      began = performance.now();
    });
    sqlite.prepare('COMMIT').run();
  } catch (e) {
    if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
    throw e;
  }
}
