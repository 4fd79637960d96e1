// A stand-in for the 'electron' module: just enough of its API for main/index.ts to start under plain
// Node, recording every call so wiring.mjs can check how the shell wires Electron. It is no Electron:
// nothing renders; it only proves the main-process code paths (see run-if-available.mjs).
import { EventEmitter } from 'node:events';

export const record = { windows: [], menus: [], dialogs: [], opened: [], ipc: new Map(), session: {}, quit: 0, lock: 0, notifications: [], badges: [] };

let nextId = 1;
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.mainFrame = { url: '' };
    this.sent = [];
    this.windowOpenHandler = null;
  }
  setWindowOpenHandler(h) {
    this.windowOpenHandler = h;
  }
  send(...args) {
    this.sent.push(args);
  }
  reload() {}
}

export class BrowserWindow extends EventEmitter {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    app.emit('web-contents-created', {}, this.webContents);
    this.visible = false;
    this.destroyed = false;
    this.loaded = null;
    BrowserWindow.all.push(this);
    record.windows.push(this);
    if (record.onWindow) record.onWindow(this);
  }
  loadFile(file) {
    this.loaded = { file };
    this.webContents.mainFrame.url = new URL(`file://${file}`).href;
    return Promise.resolve();
  }
  loadURL(url) {
    this.loaded = { url };
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  setTitle(title) {
    this.title = title;
  }
  setRepresentedFilename(file) {
    this.representedFilename = file;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    this.focused = true;
  }
}

class App extends EventEmitter {
  isPackaged = false;
  getAppPath = () => process.env.STAND_IN_APP_PATH;
  getPath = (name) => {
    if (name === 'userData') return process.env.STAND_IN_USER_DATA;
    throw new Error(`stand-in: no path ${name}`);
  };
  getName = () => 'Rollout Workbench';
  getVersion = () => '0.0.0-stand-in';
  requestSingleInstanceLock = () => {
    record.lock++;
    return true;
  };
  whenReady = () => Promise.resolve();
  quit = () => {
    record.quit++;
  };
  exit = (code) => {
    record.exitCode = code;
  };
  setBadgeCount = (n) => {
    record.badges.push(n);
    return true;
  };
}
export const app = new App();

export const ipcMain = {
  handle(channel, fn) {
    if (record.ipc.has(channel)) throw new Error(`stand-in: a second handler for ${channel}`);
    record.ipc.set(channel, fn);
  },
};

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    record.menus.push(menu);
  },
};

export const dialog = {
  async showMessageBox(...args) {
    const opts = args.length > 1 ? args[1] : args[0];
    record.dialogs.push(opts);
    // Take the way out (the last button), as a user closing the dialog would.
    return { response: opts.buttons.length - 1 };
  },
  async showOpenDialog(...args) {
    (record.openDialogs ??= []).push(args.length > 1 ? args[1] : args[0]);
    return { canceled: true, filePaths: [] };
  },
  showErrorBox(title, content) {
    record.dialogs.push({ title, detail: content });
  },
};

export const shell = {
  async openExternal(url) {
    record.opened.push(url);
  },
  showItemInFolder() {},
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(fn) {
        record.session.onHeadersReceived = fn;
      },
    },
    setPermissionRequestHandler(fn) {
      record.session.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      record.session.permissionCheck = fn;
    },
    setDevicePermissionHandler(fn) {
      record.session.devicePermission = fn;
    },
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record.notifications.push(this);
  }
}

export const powerMonitor = new EventEmitter();

export default { app, BrowserWindow, ipcMain, Menu, dialog, shell, session, Notification, powerMonitor };
