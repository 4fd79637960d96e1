// The resident app's steps of a stand-in run (scenario.mjs): the tray and its menu, Check now, the pause,
// the window closed into the tray, the SMTP password in the credential store, start at login, Quit.
// Each step records what it saw in `out`; wiring.mjs asserts on it.
import { app, record } from 'electron';
import fs from 'node:fs';
import path from 'node:path';

/** Waits for a condition (never for a time); a run that never gets there fails, saying what it waited for. */
export async function waitFor(condition, what, ms = 15_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`stand-in: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const tray = () => record.trays[0] ?? null;

/** The tray's menu as wired: label, type, enabled, checked, and whether a click does something. */
export function trayMenu(t = tray()) {
  return (t?.menu?.template ?? []).map((i) => ({
    label: i.label ?? null,
    type: i.type ?? 'normal',
    enabled: i.enabled ?? true,
    checked: i.checked ?? null,
    clickable: typeof i.click === 'function',
  }));
}

export function clickTrayItem(label, t = tray()) {
  const item = (t?.menu?.template ?? []).find((i) => i.label === label);
  if (!item?.click) throw new Error(`stand-in: the tray menu has no clickable "${label}"`);
  item.click(item, null, {});
}

const events = (wc, name) => wc.sent.filter(([, n]) => n === name).map(([, , payload]) => payload);

/** Tray, Check now, pause, password, close into the tray: the desktop run ('open' scenario). */
export async function residentSteps({ out, win, call, clientId }) {
  const wc = win.webContents;
  const t = tray();
  out.trayCount = record.trays.length;
  const icon = (size) => fs.readFileSync(path.join(process.env.STAND_IN_APP_PATH, `build/icons/${size}x${size}.png`));
  const which = (buffer) => ['16', '32'].find((size) => buffer?.equals(icon(size))) ?? null;
  out.trayImage = {
    empty: t.image.isEmpty(),
    icon: which(t.image.source?.buffer),
    representations: t.image.representations.map((r) => ({ scaleFactor: r.scaleFactor, icon: which(r.buffer) })),
    template: t.image.isTemplateImage(),
  };
  out.trayTooltip = t.tooltip;
  out.trayMenu = trayMenu(t);

  // A click on the icon itself (Windows, Linux) opens the window.
  win.hide();
  t.emit('click');
  out.trayIconClickShows = win.visible;

  // Reviews: the window back, on the Reviews page.
  win.hide();
  wc.sent.length = 0;
  clickTrayItem('Reviews');
  out.trayReviews = { visible: win.visible, navigate: events(wc, 'navigate') };

  // Check now: a second site's review is new, so the check announces it (a write alone only repaints).
  await call('sites.create', { clientId, name: 'Second Shop', productionUrl: 'https://second.stand-in.test' });
  await waitFor(() => /2 reviews/.test(tray().tooltip ?? ''), 'the tray to count the second site');
  const before = record.notifications.length;
  wc.sent.length = 0;
  clickTrayItem('Check now');
  await waitFor(() => record.notifications.length > before, 'a notification after Check now');
  out.checkNow = {
    notification: record.notifications.at(-1).options,
    due: events(wc, 'reminders.due'),
    tooltip: tray().tooltip,
  };
  // Nothing new since: a check through the page's channel announces nothing again.
  const again = await call('reminders.checkNow', {});
  out.checkNowAgain = { ok: again.ok, due: again.value?.due, notifications: record.notifications.length - before };

  // Pause reminders for today: the menu is rebuilt with the box ticked, the page gets the state.
  const menus = tray().menus.length;
  wc.sent.length = 0;
  clickTrayItem('Pause reminders for today');
  out.paused = {
    rebuilt: tray().menus.length > menus,
    item: trayMenu().find((i) => i.label === 'Pause reminders for today'),
    tooltip: tray().tooltip,
    state: events(wc, 'reminders.state').at(-1)?.pausedToday ?? null,
  };
  clickTrayItem('Pause reminders for today');
  out.resumed = { item: trayMenu().find((i) => i.label === 'Pause reminders for today'), state: events(wc, 'reminders.state').at(-1)?.pausedToday ?? null };

  // The SMTP password: into the credential store (the stand-in safeStorage), never in clear on disk.
  const secret = 'Stand-in-SMTP-pa55word!';
  await call('settings.update', { smtpHost: 'smtp.stand-in.test', smtpUser: 'lead@stand-in.test' });
  out.passwordSet = await call('reminders.setSmtpPassword', { password: secret });
  const file = path.join(process.env.STAND_IN_USER_DATA, 'smtp-secrets.json');
  const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  out.secretsFile = {
    exists: bytes.length > 0,
    clearText: bytes.includes(secret),
    base64: bytes.includes(Buffer.from(secret).toString('base64')),
  };
  const state = await call('reminders.state', {});
  out.passwordState = { passwordStored: state.value?.email.passwordStored, credentialStore: state.value?.email.credentialStore };
  out.passwordInAnswers = JSON.stringify([out.passwordSet, state]).includes(secret);
  out.startAtLoginDev = state.value?.startAtLogin ?? null;

  // The live calendar's file is chosen in main's save dialog; cancelling it sets nothing.
  out.liveCalendarCancelled = await call('reminders.setLiveCalendar', { choose: true });
  out.saveDialogs = record.saveDialogs.map((d) => ({ title: d.title, defaultPath: d.defaultPath, filters: d.filters }));

  // Closing the window hides it into the tray; the first time, one notice says the app still runs.
  const quits = record.quit;
  const shown = record.notifications.length;
  win.close();
  const hint = record.notifications.slice(shown).map((n) => n.options);
  win.close();
  out.closed = {
    destroyed: win.isDestroyed(),
    visible: win.visible,
    quit: record.quit - quits,
    windows: record.windows.length,
    hint,
    hintsAfterSecondClose: record.notifications.length - shown,
    hintFile: fs.existsSync(path.join(process.env.STAND_IN_USER_DATA, 'close-to-tray.json')),
  };
  // Reminders keep coming while the window is hidden.
  const rpcHidden = await call('reminders.checkNow', {});
  out.checkWhileHidden = rpcHidden.ok;
}

/** The tray's Quit: a real quit, the window closed, the loop and the workspace stopped. */
export async function quitSteps({ out, win }) {
  // Quit with an unsaved form in the hidden window: the window shows for the question; "Keep editing"
  // cancels the quit, and the window stays resident (a close hides it again).
  win.hide();
  win.unsaved = true;
  const dialogs = record.dialogs.length;
  clickTrayItem('Quit');
  const asked = record.dialogs.slice(dialogs).find((d) => d.title === 'Discard changes?');
  out.keptEditing = {
    asked: Boolean(asked),
    visibleWhenAsked: asked?.visibleWindow ?? null,
    visible: win.visible,
    destroyed: win.isDestroyed(),
    quitted: Boolean(record.quitted),
  };
  win.close();
  out.keptEditing.afterClose = { visible: win.visible, destroyed: win.isDestroyed() };
  win.unsaved = false;
  const quits = record.quit;
  const wal = `${process.env.STAND_IN_WORKSPACE}-wal`;
  const walBefore = fs.existsSync(wal);
  clickTrayItem('Quit');
  await waitFor(() => record.quitted, 'the app to quit');
  // The workspace was closed: SQLite folds its write-ahead log back into the file and removes it.
  await waitFor(() => !fs.existsSync(wal), 'the workspace to close');
  out.trayQuit = {
    calls: record.quit - quits,
    quitted: record.quitted,
    windowDestroyed: win.isDestroyed(),
    trayDestroyed: tray().isDestroyed(),
    walBefore,
    walLeft: fs.existsSync(wal),
  };
}

/** A packaged run: start at login is turned on by the first reminder setting saved. */
export async function loginSteps({ out, call }) {
  // The first check has seen the settings as they were.
  await waitFor(() => fs.existsSync(path.join(process.env.STAND_IN_USER_DATA, 'reminders.json')), 'the first check');
  out.loginBefore = (await call('reminders.state', {})).value?.startAtLogin ?? null;
  out.loginItemsBefore = record.loginItems.length;
  const config = process.env.XDG_CONFIG_HOME || path.join(process.env.STAND_IN_HOME, '.config');
  const autostart = path.join(config, 'autostart/rollout-workbench.desktop');
  out.autostartAtStart = fs.existsSync(autostart) ? fs.readFileSync(autostart, 'utf8') : null;
  await call('settings.update', { quietHoursStart: '20:00', quietHoursEnd: '07:00' });
  const on = () => (process.platform === 'linux' ? fs.existsSync(autostart) : record.loginItems.length > 0);
  await waitFor(on, 'start at login to be turned on');
  out.loginItems = [...record.loginItems];
  out.loginItemReads = record.loginItemReads ?? [];
  out.autostart = fs.existsSync(autostart) ? fs.readFileSync(autostart, 'utf8') : null;
  out.loginAfter = (await call('reminders.state', {})).value?.startAtLogin ?? null;
  // Turned off in Settings: the entry goes.
  out.loginOff = (await call('reminders.setStartAtLogin', { on: false })).value?.startAtLogin ?? null;
  out.autostartAfterOff = fs.existsSync(autostart);
  out.loginItemsAfterOff = record.loginItems.slice(out.loginItems.length);
  out.execPath = process.execPath;
  out.appImage = process.env.APPIMAGE || null;
  out.loginMenuTitle = tray()?.title ?? null;
}

export { app };
