/**
 * The tray icon (the menu bar on macOS) of the resident app: what main/reminders/tray-model.ts decided,
 * turned into an Electron Tray and Menu. No rule lives here: the tooltip, the macOS title (the count) and
 * the items come from the model, and a click runs the item's action through the caller.
 *
 * The icon is the app icon, 16 px with its 32 px version for high-density screens (32 px alone on
 * Linux, whose panels scale it to their own size). Its files ship in the package beside the bundles
 * (electron-builder.ts `files`), found from app.getAppPath() like every shipped file. macOS shows it in
 * colour: the icon is a filled square, which as a template image would be a grey block.
 */
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../rpc/context';
import type { TrayAction, TrayItem, TrayModel } from '../reminders/tray-model';

/** The icon files, relative to the app's root (the checkout, or app.asar). */
export const TRAY_ICON_FILES = { small: 'build/icons/16x16.png', large: 'build/icons/32x32.png' } as const;

export function trayIcon(log: Logger, platform: NodeJS.Platform = process.platform): NativeImage {
  const read = (file: string): Buffer | null => {
    try {
      return fs.readFileSync(path.join(app.getAppPath(), file));
    } catch (err) {
      log.warn(`The tray icon ${file} could not be read (${(err as Error).message}); the tray shows no picture.`);
      return null;
    }
  };
  const large = read(TRAY_ICON_FILES.large);
  if (platform === 'linux') return large ? nativeImage.createFromBuffer(large) : nativeImage.createEmpty();
  const small = read(TRAY_ICON_FILES.small);
  if (!small) return large ? nativeImage.createFromBuffer(large).resize({ width: 16, height: 16 }) : nativeImage.createEmpty();
  const image = nativeImage.createFromBuffer(small, { scaleFactor: 1 });
  if (large) image.addRepresentation({ scaleFactor: 2, buffer: large });
  return image;
}

export class AppTray {
  private readonly tray: Tray;
  private model: TrayModel | null = null;

  constructor(
    icon: NativeImage,
    private readonly run: (action: TrayAction, model: TrayModel | null) => void,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.tray = new Tray(icon);
    // macOS opens the menu on a click; Windows and Linux give the click to the app, which opens the window.
    if (platform !== 'darwin') this.tray.on('click', () => this.run('open', this.model));
  }

  /** Shows the model: tooltip, the count beside the icon on macOS, and the menu (rebuilt: Linux applies only a new one). */
  paint(model: TrayModel): void {
    if (this.tray.isDestroyed()) return;
    this.model = model;
    this.tray.setToolTip(model.tooltip);
    if (this.platform === 'darwin') this.tray.setTitle(model.title);
    this.tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => this.menuItem(item, model))));
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private menuItem(item: TrayItem, model: TrayModel): MenuItemConstructorOptions {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    return {
      label: item.label,
      enabled: item.enabled,
      type: item.type ?? 'normal',
      ...(item.type === 'checkbox' ? { checked: item.checked ?? false } : {}),
      ...(action ? { click: () => this.run(action, model) } : {}),
    };
  }
}
