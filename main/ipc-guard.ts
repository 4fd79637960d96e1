/**
 * Decides whether an IPC call comes from our own window and page. Pure, so it is tested under Node;
 * the Electron layer only supplies the facts.
 */
export interface SenderFacts {
  /** webContents id of the sender. */
  senderId: number;
  /** URL of the frame that sent the message. */
  frameUrl: string;
  /** Whether that frame is the page's top frame (an iframe never gets to call main). */
  isMainFrame: boolean;
}

export interface TrustedOrigin {
  /** webContents id of the main window. */
  windowId: number;
  /** The renderer's own URL: a file:// path to index.html, or the dev server origin. */
  appUrl: string;
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedOrigin): boolean {
  return sender.senderId === trusted.windowId && sender.isMainFrame && isAppUrl(sender.frameUrl, trusted.appUrl);
}

/**
 * Whether `url` is a page of the app: in production the renderer's own index.html (any hash route),
 * in development anything on the dev server's origin. Anything unparsable is not ours.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let page: URL;
  let app: URL;
  try {
    page = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return page.protocol === 'file:' && page.host === app.host && page.pathname === app.pathname;
  return (app.protocol === 'http:' || app.protocol === 'https:') && page.origin === app.origin;
}

/** External links may be opened in the system browser only for plain https URLs without credentials. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && !u.username && !u.password && u.hostname.includes('.');
  } catch {
    return false;
  }
}

/** The workspace path from the command line (`--workspace FILE` or `--workspace=FILE`) or the environment. */
export function workspaceFromArgs(argv: readonly string[], env: Record<string, string | undefined>): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--workspace' && argv[i + 1]) return argv[i + 1]!;
    if (a.startsWith('--workspace=') && a.length > '--workspace='.length) return a.slice('--workspace='.length);
  }
  return env.ROLLOUT_WORKBENCH_DB || null;
}
