import { dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { type WorkspaceOpenError } from '@db/client';
import { describeOpenProblem, type OpenProblemScreen } from '../open-problem';

/**
 * The error screen when a workspace cannot be opened: a native dialog (no web content, nothing to
 * harden) saying what happened in plain words and offering what can be done. At startup it is shown
 * before any window exists and its way out is "Quit"; when switching workspaces it is "Keep Current".
 * Returns the next file to try (another one, or the same one again), or null for the way out.
 */
export async function askAfterOpenFailure(err: WorkspaceOpenError, parent: BrowserWindow | null, wayOut: 'quit' | 'keep-current'): Promise<string | null> {
  const screen = describeOpenProblem(err.problem, err.message);
  const labels = {
    'choose-another': 'Choose Another File…',
    reveal: 'Show File',
    retry: 'Try Again',
    quit: wayOut === 'quit' ? 'Quit' : 'Keep Current Workspace',
  } as const;
  for (;;) {
    const action = await showProblem(
      screen,
      screen.actions.map((a) => labels[a]),
      parent,
    );
    const chosen = screen.actions[action] ?? 'quit';
    if (chosen === 'quit') return null;
    if (chosen === 'retry') return err.file;
    if (chosen === 'reveal') {
      shell.showItemInFolder(err.file);
      continue;
    }
    const file = await chooseWorkspaceFile(parent);
    if (file) return file;
  }
}

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

/** Picks a workspace file in a native dialog. Paths come from main only, never from the renderer. */
export async function chooseWorkspaceFile(parent: BrowserWindow | null): Promise<string | null> {
  const opts = {
    title: 'Open a workspace',
    buttonLabel: 'Open',
    filters: [
      { name: 'Rollout Workbench workspace', extensions: ['sqlite'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile' as const, 'promptToCreate' as const, 'createDirectory' as const],
  };
  const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, opts) : await dialog.showOpenDialog(opts);
  return canceled || !filePaths[0] ? null : filePaths[0];
}

/** The folder for a document export, chosen in a native dialog opened by main (never a path from the page). */
export async function chooseExportFolder(parent: BrowserWindow | null, title: string): Promise<string | null> {
  const opts = { title, buttonLabel: 'Export Here', properties: ['openDirectory' as const, 'createDirectory' as const, 'promptToCreate' as const] };
  const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, opts) : await dialog.showOpenDialog(opts);
  return canceled ? null : (filePaths[0] ?? null);
}
