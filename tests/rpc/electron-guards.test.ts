import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl, isTrustedSender, workspaceFromArgs } from '@main/ipc-guard';
import { describeOpenProblem, nativeModuleProblem } from '@main/open-problem';

describe('IPC sender check', () => {
  const prod = { windowId: 1, appUrl: 'file:///opt/app/out/renderer/index.html' };
  it('accepts our window showing our page', () => {
    expect(isTrustedSender({ senderId: 1, frameUrl: 'file:///opt/app/out/renderer/index.html#/sites', isMainFrame: true }, prod)).toBe(true);
  });
  it.each([
    [{ senderId: 2, frameUrl: 'file:///opt/app/out/renderer/index.html', isMainFrame: true }, 'another webContents'],
    [{ senderId: 1, frameUrl: 'file:///opt/app/out/renderer/index.html', isMainFrame: false }, 'an iframe in our page'],
    [{ senderId: 1, frameUrl: 'file:///tmp/evil.html', isMainFrame: true }, 'another local file'],
    [{ senderId: 1, frameUrl: 'file://evil-host/opt/app/out/renderer/index.html', isMainFrame: true }, 'a file URL on another host'],
    [{ senderId: 1, frameUrl: 'https://example.com/', isMainFrame: true }, 'a remote page'],
    [{ senderId: 1, frameUrl: 'about:blank', isMainFrame: true }, 'a blank page'],
    [{ senderId: 1, frameUrl: '', isMainFrame: true }, 'no frame URL'],
  ])('refuses %o (%s)', (sender) => {
    expect(isTrustedSender(sender, prod)).toBe(false);
  });
  it('in development accepts the dev server origin only', () => {
    const dev = { windowId: 3, appUrl: 'http://localhost:5173/' };
    expect(isTrustedSender({ senderId: 3, frameUrl: 'http://localhost:5173/#/sites', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ senderId: 3, frameUrl: 'http://localhost:5174/', isMainFrame: true }, dev)).toBe(false);
    expect(isTrustedSender({ senderId: 3, frameUrl: 'https://localhost:5173/', isMainFrame: true }, dev)).toBe(false);
  });
});

describe('navigation stays inside the app', () => {
  const app = 'file:///opt/app/out/renderer/index.html';
  it.each([
    ['file:///opt/app/out/renderer/index.html', true],
    ['file:///opt/app/out/renderer/index.html?x=1#/sites/abc', true],
    ['file:///opt/app/out/renderer/other.html', false],
    ['file:///etc/passwd', false],
    ['https://example.com/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<h1>hi</h1>', false],
    ['not a url', false],
  ])('%s -> %s', (url, ok) => {
    expect(isAppUrl(url, app)).toBe(ok);
  });
  it('a dev-server app URL allows its own origin only', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('file:///x', 'not a url')).toBe(false);
  });
});

describe('external links', () => {
  it.each([
    ['https://docs.example.com/sophmate', true],
    ['http://docs.example.com', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://user:pw@example.com', false],
    ['https://localhost', false],
    ['not a url', false],
  ])('%s -> %s', (url, ok) => {
    expect(isSafeExternalUrl(url)).toBe(ok);
  });
});

describe('workspace from the command line', () => {
  it('reads --workspace FILE, --workspace=FILE, then the environment', () => {
    expect(workspaceFromArgs(['electron', '.', '--workspace', '/a.sqlite'], {})).toBe('/a.sqlite');
    expect(workspaceFromArgs(['electron', '--workspace=/b.sqlite'], { ROLLOUT_WORKBENCH_DB: '/c.sqlite' })).toBe('/b.sqlite');
    expect(workspaceFromArgs(['electron'], { ROLLOUT_WORKBENCH_DB: '/c.sqlite' })).toBe('/c.sqlite');
    expect(workspaceFromArgs(['electron'], {})).toBeNull();
  });
  it('ignores an empty --workspace and the empty environment variable', () => {
    expect(workspaceFromArgs(['electron', '--workspace='], { ROLLOUT_WORKBENCH_DB: '/c.sqlite' })).toBe('/c.sqlite');
    expect(workspaceFromArgs(['electron', '--workspace'], { ROLLOUT_WORKBENCH_DB: '' })).toBeNull();
  });
});

describe('open-problem screen', () => {
  it('offers retry only when the file is locked, and always a way out', () => {
    expect(describeOpenProblem('locked', 'm').actions).toContain('retry');
    expect(describeOpenProblem('corrupt', 'm').actions).not.toContain('retry');
    for (const p of ['not-sqlite', 'corrupt', 'newer-schema', 'edited-migration', 'locked', 'unreadable'] as const) {
      const screen = describeOpenProblem(p, 'the message');
      // The dialog maps Escape to the last button, so the way out must be last.
      expect(screen.actions.at(-1)).toBe('quit');
      expect(screen.body).toBe('the message');
      expect(screen.title.length).toBeGreaterThan(10);
    }
  });
});

describe('better-sqlite3 built for the wrong runtime', () => {
  it('is recognised from the loader error and explained as an installation problem, with quit only', () => {
    const message =
      "/home/u/w.sqlite could not be opened: The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 150.";
    const screen = nativeModuleProblem(message);
    expect(screen?.actions).toEqual(['quit']);
    expect(screen?.body).toContain('electron-rebuild.mjs');
    // An installed app has no checkout to rebuild in: it says to reinstall.
    const installed = nativeModuleProblem(message, true);
    expect(installed?.body).toContain('install Rollout Workbench again');
    expect(installed?.body).not.toContain('npm');
  });
  it('leaves ordinary workspace problems alone', () => {
    expect(nativeModuleProblem('/home/u/w.sqlite is damaged and cannot be opened safely.')).toBeNull();
  });
});
