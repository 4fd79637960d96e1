import { shell, type Session, type WebContents } from 'electron';
import { isSafeExternalUrl } from '../ipc-guard';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Session-wide rules: CSP on every response, no permissions (camera, notifications...) for pages. */
export function hardenSession(session: Session, isDev: boolean): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // The dev server needs its websocket and inline React refresh preamble; production stays strict.
    headers['Content-Security-Policy'] = [isDev ? CONTENT_SECURITY_POLICY.replace("connect-src 'self'", "connect-src 'self' ws:").replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") : CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Per-window rules: the page can never navigate away or open windows; https links go to the browser. */
export function hardenContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
