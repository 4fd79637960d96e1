import { BrowserWindow } from 'electron';
import { hardenContents } from './security';
import { preloadPath, rendererIndex } from './paths';

export interface MainWindow {
  window: BrowserWindow;
  appUrl: string;
}

export function createMainWindow(devServerUrl: string | undefined): MainWindow {
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
      spellcheck: true,
      // Middle-click must not open links in new windows (window.open is denied as well).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const appUrl = devServerUrl ?? new URL(`file://${rendererIndex()}`).href;
  const isAppUrl = (url: string) => {
    try {
      const u = new URL(url);
      const a = new URL(appUrl);
      return a.protocol === 'file:' ? u.protocol === 'file:' && u.pathname === a.pathname : u.origin === a.origin;
    } catch {
      return false;
    }
  };
  hardenContents(window.webContents, isAppUrl);
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex());
  return { window, appUrl };
}
