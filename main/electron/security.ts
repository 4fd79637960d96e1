import { shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../content-security-policy';
import { isSafeExternalUrl } from '../ipc-guard';

/**
 * Session-wide rules: the CSP header on every response the app's pages get (they only ever load the
 * app's own files), and no permission of any kind (camera, notifications, geolocation, USB...).
 */
export function hardenSession(session: Session, isDev: boolean): void {
  const policy = isDev ? devContentSecurityPolicy() : CONTENT_SECURITY_POLICY;
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Per-window rules: the page can never navigate away from the app, open windows or embed webviews;
 * a link to a plain https page opens in the user's browser instead.
 */
export function hardenContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // Subframes (none today) may show about:blank or srcdoc content, never another page.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url) && !/^about:(blank|srcdoc)$/.test(event.url)) event.preventDefault();
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

/** Applied to every webContents, whatever created it: nothing opens windows or navigates anywhere. */
export function denyEverything(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
