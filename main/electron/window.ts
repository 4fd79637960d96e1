import { BrowserWindow, dialog } from 'electron';
import { pathToFileURL } from 'node:url';
import { isAppUrl } from '../ipc-guard';
import { preloadPath, rendererIndex } from './paths';
import { hardenContents } from './security';

export interface MainWindow {
  window: BrowserWindow;
  /** The page the window shows: the built index.html (file://) or the dev server's URL. */
  appUrl: string;
}

/**
 * The one application window. Hidden until the renderer has painted (no white flash), with the
 * renderer locked down: isolated and sandboxed, no Node, only the preload's two functions.
 */
/**
 * `onKeepEditing`: the user kept a form with unsaved changes, so the close (and a quit that asked it)
 * did not happen.
 */
export function createMainWindow(devServerUrl: string | undefined, onKeepEditing: () => void = () => {}): MainWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Rollout Workbench',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      // Middle-click must not open links in new windows (window.open is denied as well).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const appUrl = devServerUrl ?? pathToFileURL(rendererIndex()).href;
  hardenContents(window.webContents, (url) => isAppUrl(url, appUrl));
  window.once('ready-to-show', () => window.show());
  // The page holds the close back while a form has unsaved changes: ask, as the page itself would.
  // A quit from the tray reaches a hidden window: it is shown first, so the user sees what is asked about.
  window.webContents.on('will-prevent-unload', (event) => {
    if (!window.isVisible()) window.show();
    window.focus();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      title: 'Discard changes?',
      message: 'Discard changes?',
      detail: 'A form has changes that are not saved. Close anyway and discard them, or keep editing.',
      buttons: ['Discard and close', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
    });
    if (choice === 0) event.preventDefault();
    else onKeepEditing();
  });
  // A page that cannot load never becomes "ready to show": show the window anyway so the user is
  // not left with an invisible process, and say why in the log.
  window.webContents.once('did-fail-load', (_event, code, description, url) => {
    console.error(`[error] the window could not load ${url}: ${description} (${code})`);
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex());
  return { window, appUrl };
}
