/**
 * Decides whether an IPC call comes from our own window and page. Pure, so it is tested under Node;
 * the Electron layer only supplies the facts.
 */
export interface SenderFacts {
  /** webContents id of the sender. */
  senderId: number;
  /** URL of the frame that sent the message. */
  frameUrl: string;
}

export interface TrustedOrigin {
  /** webContents id of the main window. */
  windowId: number;
  /** The renderer's own URL: a file:// path to index.html, or the dev server origin. */
  appUrl: string;
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedOrigin): boolean {
  if (sender.senderId !== trusted.windowId) return false;
  let frame: URL;
  let app: URL;
  try {
    frame = new URL(sender.frameUrl);
    app = new URL(trusted.appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === app.pathname;
  return frame.origin === app.origin;
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
    if (a.startsWith('--workspace=')) return a.slice('--workspace='.length);
  }
  return env.ROLLOUT_WORKBENCH_DB || null;
}
