/**
 * The renderer's Content-Security-Policy, sent as a response header by the Electron session (and
 * mirrored in renderer/index.html's meta tag; tests/rpc/electron-csp.test.ts keeps the two in step).
 * No remote origin appears anywhere: the app works offline and loads nothing from the network.
 * Inline styles are allowed because the component library (Mantine) sets style attributes.
 */
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

/**
 * `npm run dev` only: Vite's dev server injects an inline React Refresh preamble and talks to the page
 * over a websocket on localhost. Never used for built files.
 */
export function devContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*");
}

/** Parses a policy into directive -> sources, for checks. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}
