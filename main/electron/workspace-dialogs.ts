/**
 * Native dialogs main opens for workspace files: a file or folder chosen by the user (never a path from
 * the page), and the few problems shown outside the window (the app cannot work at all, or a workspace
 * the menu asked for could not be opened).
 */
import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import type { OpenProblemScreen } from '../open-problem';

/** A problem with only one way out (the app cannot work at all): shown, then the caller quits. */
export async function showFatalProblem(screen: OpenProblemScreen, parent: BrowserWindow | null): Promise<void> {
  await showProblem(screen, ['Quit'], parent);
}

async function showProblem(screen: OpenProblemScreen, buttons: string[], parent: BrowserWindow | null): Promise<number> {
  // The log gets the same words (support asks for them; the smoke test reads them).
  console.error(`[error] ${screen.title}. ${screen.body}`);
  const opts: MessageBoxOptions = {
    type: 'error',
    title: 'Rollout Workbench',
    message: screen.title,
    detail: screen.body,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  };
  const { response } = parent ? await dialog.showMessageBox(parent, opts) : await dialog.showMessageBox(opts);
  return response;
}

const FILTERS: Record<'workspace' | 'backup' | 'bundle', { name: string; extensions: string[] }> = {
  workspace: { name: 'Rollout Workbench workspace', extensions: ['sqlite'] },
  backup: { name: 'Rollout Workbench backup', extensions: ['rwbackup', 'sqlite', 'bak'] },
  bundle: { name: 'Handover bundle', extensions: ['zip'] },
};

/** Picks an existing file of `kind` in a native dialog. Paths come from main only, never from the renderer. */
export async function chooseFileOfKind(parent: BrowserWindow | null, kind: keyof typeof FILTERS, title: string): Promise<string | null> {
  const opts = {
    title,
    buttonLabel: 'Open',
    filters: [FILTERS[kind], { name: 'All files', extensions: ['*'] }],
    properties: ['openFile' as const],
  };
  const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, opts) : await dialog.showOpenDialog(opts);
  return canceled || !filePaths[0] ? null : filePaths[0];
}

/** A workspace the menu asked for could not be opened: the current one stays open, and this says why. */
export async function showOpenRefusal(message: string, parent: BrowserWindow | null): Promise<void> {
  await showProblem({ title: 'The workspace could not be opened', body: message, actions: ['quit'] }, ['OK'], parent);
}

/** The folder for a document export, chosen in a native dialog opened by main (never a path from the page). */
export async function chooseExportFolder(parent: BrowserWindow | null, title: string): Promise<string | null> {
  const opts = { title, buttonLabel: 'Export Here', properties: ['openDirectory' as const, 'createDirectory' as const, 'promptToCreate' as const] };
  const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, opts) : await dialog.showOpenDialog(opts);
  return canceled ? null : (filePaths[0] ?? null);
}

/** Where the live calendar file (.ics) is kept current: chosen in a native save dialog opened by main. */
export async function chooseLiveCalendarFile(parent: BrowserWindow | null): Promise<string | null> {
  const opts = {
    title: 'Live calendar file',
    buttonLabel: 'Use This File',
    defaultPath: 'rollout-workbench-reviews.ics',
    filters: [
      { name: 'Calendar', extensions: ['ics'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
  const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, opts) : await dialog.showSaveDialog(opts);
  return canceled || !filePath ? null : filePath;
}
