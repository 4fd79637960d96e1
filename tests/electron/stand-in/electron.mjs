// A stand-in for the 'electron' module: just enough of its API for main/index.ts to start under plain
// Node, recording every call so wiring.mjs can check how the shell wires Electron. It is no Electron:
// nothing renders; it only proves the main-process code paths (see run-if-available.mjs).
import { EventEmitter } from 'node:events';
import fs from 'node:fs';

export const record = {
  windows: [],
  menus: [],
  dialogs: [],
  opened: [],
  ipc: new Map(),
  session: {},
  quit: 0,
  quitted: false,
  lock: 0,
  notifications: [],
  badges: [],
  trays: [],
  loginItems: [],
  saveDialogs: [],
};

/** An event a listener may cancel, as Electron passes to 'close', 'before-quit' and 'will-quit'. */
function cancellable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

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
  hide() {
    this.visible = false;
  }
  /**
   * As Electron: 'close' (a listener may prevent it), then the page's beforeunload: a page with unsaved
   * changes (`unsaved`) holds the close back unless a 'will-prevent-unload' listener lets it go.
   */
  close() {
    if (this.destroyed) return;
    const event = cancellable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    if (this.unsaved) {
      const unload = cancellable();
      this.webContents.emit('will-prevent-unload', unload);
      if (!unload.defaultPrevented) return;
    }
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.emit('destroyed');
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0 && !app.quitting) app.emit('window-all-closed');
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
  isPackaged = process.env.STAND_IN_PACKAGED === '1';
  quitting = false;
  loginItem = { openAtLogin: false };
  getAppPath = () => process.env.STAND_IN_APP_PATH;
  getPath = (name) => {
    if (name === 'userData') return process.env.STAND_IN_USER_DATA;
    if (name === 'home' && process.env.STAND_IN_HOME) return process.env.STAND_IN_HOME;
    throw new Error(`stand-in: no path ${name}`);
  };
  getLoginItemSettings = (options) => {
    (record.loginItemReads ??= []).push(options ?? null);
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: process.env.STAND_IN_OPENED_AT_LOGIN === '1', status: 'not-registered' };
  };
  setLoginItemSettings = (settings) => {
    record.loginItems.push(settings);
    this.loginItem.openAtLogin = Boolean(settings.openAtLogin);
  };
  getName = () => 'Rollout Workbench';
  getVersion = () => '0.0.0-stand-in';
  requestSingleInstanceLock = () => {
    record.lock++;
    return true;
  };
  whenReady = () => Promise.resolve();
  /** As Electron: before-quit, every window closed (one that holds its close back cancels the quit), will-quit, quit. */
  quit = () => {
    record.quit++;
    const before = cancellable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const w of BrowserWindow.getAllWindows()) w.close();
    this.quitting = false;
    if (BrowserWindow.getAllWindows().length > 0) return;
    const will = cancellable();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    record.quitted = true;
    this.emit('quit');
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

/** A picture: where it came from, its representations, whether it is a template (macOS). */
class NativeImage {
  constructor(source) {
    this.source = source;
    this.representations = [];
    this.template = false;
  }
  isEmpty() {
    return this.source === null || (this.source.buffer !== undefined && this.source.buffer.length === 0);
  }
  addRepresentation(r) {
    this.representations.push({ scaleFactor: r.scaleFactor, bytes: r.buffer?.length ?? 0, buffer: r.buffer });
  }
  setTemplateImage(on) {
    this.template = on;
  }
  isTemplateImage() {
    return this.template;
  }
  resize(size) {
    const copy = new NativeImage(this.source);
    copy.resized = size;
    return copy;
  }
}

export const nativeImage = {
  createEmpty: () => new NativeImage(null),
  createFromPath: (file) => new NativeImage(fs.existsSync(file) ? { path: file, buffer: fs.readFileSync(file) } : null),
  createFromBuffer: (buffer, options) => new NativeImage({ buffer, scaleFactor: options?.scaleFactor ?? 1 }),
  createFromDataURL: (url) => new NativeImage({ dataURL: url, buffer: Buffer.from(url.split(',')[1] ?? '', 'base64') }),
};

/** The tray icon: records its picture, tooltip, title and menu; clicks are emitted by the scenario. */
export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = null;
    this.title = null;
    this.menu = null;
    this.menus = [];
    this.destroyed = false;
    record.trays.push(this);
  }
  setToolTip(tooltip) {
    this.tooltip = tooltip;
  }
  setTitle(title) {
    this.title = title;
  }
  setContextMenu(menu) {
    this.menu = menu;
    this.menus.push(menu);
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

/** A reversible stand-in for the credential store: never clear text on disk, and only this "device" can read it back. */
export const safeStorage = {
  isEncryptionAvailable: () => process.env.STAND_IN_SAFE_STORAGE !== 'off',
  getSelectedStorageBackend: () => process.env.STAND_IN_STORAGE_BACKEND ?? 'gnome_libsecret',
  encryptString(plain) {
    if (!this.isEncryptionAvailable()) throw new Error('stand-in: encryption is not available');
    const bytes = Buffer.from(plain, 'utf8');
    return Buffer.concat([Buffer.from('stand-in-v1:'), Buffer.from(bytes.map((b, i) => b ^ ((0x5a + i) % 256)))]);
  },
  decryptString(cipher) {
    const head = Buffer.from('stand-in-v1:');
    if (!cipher.subarray(0, head.length).equals(head)) throw new Error('stand-in: not encrypted here');
    return Buffer.from(cipher.subarray(head.length).map((b, i) => b ^ ((0x5a + i) % 256))).toString('utf8');
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
  showMessageBoxSync(...args) {
    const opts = args.length > 1 ? args[1] : args[0];
    record.dialogs.push({ ...opts, visibleWindow: args.length > 1 ? args[0].visible : null });
    // The cancel button ("Keep editing"), as a user who wants their changes would.
    return opts.cancelId ?? opts.buttons.length - 1;
  },
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
  async showSaveDialog(...args) {
    record.saveDialogs.push(args.length > 1 ? args[1] : args[0]);
    return { canceled: true, filePath: '' };
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

/** Electron's own updater: only its 'before-quit-for-update' event is used (electron-updater emits it too). */
export const autoUpdater = new EventEmitter();

export default { app, BrowserWindow, ipcMain, Menu, dialog, shell, session, Notification, powerMonitor, autoUpdater, Tray, nativeImage, safeStorage };
