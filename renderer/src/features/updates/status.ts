/** The update state in words, for the banner and Settings → Updates. */
import type { UpdateState } from '@core/contract/updates';
import { formatDateTime } from '../../lib/format';

/** "a, b and c". */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Main names what runs with "a"/"an" ("an export of documents"); the reason speaks of that one ("the export of documents"). */
function theOne(name: string): string {
  return name.replace(/^(an?|the)\s+/i, 'the ');
}

/** Why "Restart to update" waits ("You can restart once the export of documents finishes."), or null when a restart may happen now. */
export function restartWaitsFor(busy: readonly string[]): string | null {
  if (busy.length === 0) return null;
  return `You can restart once ${listText(busy.map(theOne))} ${busy.length === 1 ? 'finishes' : 'finish'}.`;
}

/** The download's progress as a whole percentage between 0 and 100. */
export function downloadPercent(state: UpdateState): number {
  return Math.min(100, Math.max(0, Math.floor(state.progress?.percent ?? 0)));
}

/** When a failed check or download is tried again: from `nextCheckAt` alone, so it is never stale. */
export function retryText(state: UpdateState): string {
  return state.nextCheckAt ? `The next check is at ${formatDateTime(state.nextCheckAt)}.` : 'Use Check now to try again.';
}

/** A sentence ends with a full stop (main's messages do; one that does not gets one). */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/**
 * One sentence for the state's status; `tone` marks an error. The percentage of a download stays out
 * of it (a status is read aloud on every change): the progress bar carries it.
 */
export function statusText(state: UpdateState): { text: string; tone: 'error' | 'normal' } {
  const version = state.available?.version;
  switch (state.status) {
    case 'idle':
      return { text: state.automatic ? 'Not checked yet since Rollout Workbench started.' : 'Not checked: automatic updates are off.', tone: 'normal' };
    case 'checking':
      return { text: 'Checking for a newer version…', tone: 'normal' };
    case 'up-to-date':
      return { text: 'Up to date: this is the newest version.', tone: 'normal' };
    case 'downloading':
      return { text: version ? `Downloading version ${version} in the background.` : 'Downloading the update in the background.', tone: 'normal' };
    case 'ready':
      return { text: `Version ${version ?? 'newer'} is ready: restart to update.`, tone: 'normal' };
    case 'error':
      // main's words as given (check, download or install), under a prefix that fits all three.
      return { text: `Update problem: ${sentence(state.error ?? 'no reason was given')} ${retryText(state)}`, tone: 'error' };
  }
}

/** Whether "Next check …" shows: main skips checks while one runs, a download runs or a version waits; after an error the status says it. */
export function showsNextCheck(state: UpdateState): boolean {
  return state.status === 'idle' || state.status === 'up-to-date';
}
