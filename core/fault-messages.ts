/**
 * How a full or failing disk is said to the person using the app, in one place: saving a change
 * (main/rpc/faults.ts) and opening a workspace (db/open-errors.ts) use the same words. Each message says
 * what happened, that nothing was changed, and what to do.
 */

/** The disk (or the quota) has no room left. `nothing` says what was not changed, `then` what to do after freeing space. */
export function diskFullMessage(nothing: string, then: string): string {
  return `The disk is full: ${nothing}. Free some space on the disk that holds the workspace and ${then}.`;
}

/** SQLite could not write or read the disk (an I/O error), and the disk is not known to be full. */
export function diskFailingMessage(nothing: string, then: string): string {
  return `The workspace could not be written to the disk (it may be full, removed or failing): ${nothing}. Check the free space and the drive, then ${then}.`;
}
