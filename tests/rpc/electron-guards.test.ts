import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, isTrustedSender, workspaceFromArgs } from '../../main/ipc-guard';
import { describeOpenProblem } from '../../main/open-problem';

describe('IPC sender check', () => {
  const prod = { windowId: 1, appUrl: 'file:///opt/app/out/renderer/index.html' };
  it('accepts our window showing our page', () => {
    expect(isTrustedSender({ senderId: 1, frameUrl: 'file:///opt/app/out/renderer/index.html#/sites' }, prod)).toBe(true);
  });
  it.each([
    [{ senderId: 2, frameUrl: 'file:///opt/app/out/renderer/index.html' }, 'another webContents'],
    [{ senderId: 1, frameUrl: 'file:///tmp/evil.html' }, 'another local file'],
    [{ senderId: 1, frameUrl: 'https://example.com/' }, 'a remote page'],
    [{ senderId: 1, frameUrl: '' }, 'no frame URL'],
  ])('refuses %o (%s)', (sender) => {
    expect(isTrustedSender(sender, prod)).toBe(false);
  });
  it('in development accepts the dev server origin only', () => {
    const dev = { windowId: 3, appUrl: 'http://localhost:5173/' };
    expect(isTrustedSender({ senderId: 3, frameUrl: 'http://localhost:5173/#/sites' }, dev)).toBe(true);
    expect(isTrustedSender({ senderId: 3, frameUrl: 'http://localhost:5174/' }, dev)).toBe(false);
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
});

describe('open-problem screen', () => {
  it('offers retry only when the file is locked, and always a way out', () => {
    expect(describeOpenProblem('locked', 'm').actions).toContain('retry');
    expect(describeOpenProblem('corrupt', 'm').actions).not.toContain('retry');
    for (const p of ['not-sqlite', 'corrupt', 'newer-schema', 'edited-migration', 'locked', 'unreadable'] as const) {
      const screen = describeOpenProblem(p, 'the message');
      expect(screen.actions).toContain('quit');
      expect(screen.body).toBe('the message');
      expect(screen.title.length).toBeGreaterThan(10);
    }
  });
});
