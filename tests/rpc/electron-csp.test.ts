import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy, parsePolicy } from '@main/content-security-policy';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function metaPolicy(): string {
  const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!match?.[1]) throw new Error('renderer/index.html has no Content-Security-Policy meta tag');
  return match[1];
}

/** Sources that would let the page load or send anything beyond the app's own files. */
function remoteSources(policy: string): string[] {
  return [...parsePolicy(policy).values()].flat().filter((s) => s === '*' || /^(https?|wss?|ftp):/i.test(s) || /^[\w-]+(\.[\w-]+)+/.test(s));
}

describe('Content-Security-Policy of the desktop window', () => {
  it('names no remote origin and allows no inline or evaluated script', () => {
    for (const policy of [CONTENT_SECURITY_POLICY, metaPolicy()]) {
      expect(remoteSources(policy)).toEqual([]);
      const script = parsePolicy(policy).get('script-src') ?? parsePolicy(policy).get('default-src');
      expect(script).toEqual(["'self'"]);
      expect(parsePolicy(policy).get('object-src')).toEqual(["'none'"]);
    }
  });

  it('the header sent by main and the meta tag in index.html agree directive by directive', () => {
    const header = parsePolicy(CONTENT_SECURITY_POLICY);
    // frame-ancestors is ignored in a meta tag, so only the header carries it.
    header.delete('frame-ancestors');
    expect(Object.fromEntries(parsePolicy(metaPolicy()))).toEqual(Object.fromEntries(header));
  });

  it('the development policy only adds what the local dev server needs', () => {
    const dev = parsePolicy(devContentSecurityPolicy());
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:*', 'http://localhost:*']);
    expect(dev.get('default-src')).toEqual(["'self'"]);
  });
});
