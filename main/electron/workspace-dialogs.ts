import { dialog, shell, type BrowserWindow } from 'electron';
import { type WorkspaceOpenError } from '../../db/client';
import { describeOpenProblem } from '../open-problem';

const LABELS = { 'choose-another': 'Choose Another File…', reveal: 'Show File', retry: 'Try Again', quit: 'Quit' } as const;

/**
 * Shown when the workspace cannot be opened, before any window exists: says what happened and
 * offers what can be done. Returns the next file to try, the same file again, or null to quit.
 */
export async function askAfterOpenFailure(err: WorkspaceOpenError, parent: BrowserWindow | null): Promise<string | null> {
  const screen = describeOpenProblem(err.problem, err.message);
  for (;;) {
    const opts = {
      type: 'error' as const,
      title: 'Rollout Workbench',
      message: screen.title,
      detail: screen.body,
      buttons: screen.actions.map((a) => LABELS[a]),
      defaultId: 0,
      cancelId: screen.actions.indexOf('quit'),
      noLink: true,
    };
    const { response } = parent ? await dialog.showMessageBox(parent, opts) : await dialog.showMessageBox(opts);
    const action = screen.actions[response] ?? 'quit';
    if (action === 'quit') return null;
    if (action === 'retry') return err.file;
    if (action === 'reveal') {
      shell.showItemInFolder(err.file);
      continue;
    }
    const chosen = await chooseWorkspaceFile(parent);
    if (chosen) return chosen;
  }
}

/** Picks a workspace file in a native dialog. Paths come from main only, never from the renderer. */
export async function chooseWorkspaceFile(parent: BrowserWindow | null): Promise<string | null> {
  const opts = {
    title: 'Open a workspace',
    buttonLabel: 'Open',
    filters: [{ name: 'Rollout Workbench workspace', extensions: ['sqlite'] }],
    properties: ['openFile' as const, 'promptToCreate' as const, 'createDirectory' as const],
  };
  const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, opts) : await dialog.showOpenDialog(opts);
  return canceled || !filePaths[0] ? null : filePaths[0];
}
