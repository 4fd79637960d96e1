/**
 * A failed check, download or restart in words for the Settings page and the banner: what happened (the
 * page says when the app tries again, from the state's next check). Never a stack, never an address (a feed URL may carry a token), never a
 * credential; the log keeps where an address points but not its credentials.
 */

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim();
}

const SECRET_WORD = String.raw`\b(token|access[_-]?token|authorization|bearer|password|passwd|secret|api[_-]?key)\b`;
/** A word naming a credential and its value: quoted whole, or an optional scheme word (Bearer, token, Basic) and the value. */
const SECRET = new RegExp(`${SECRET_WORD}(["']?)\\s*[:=]?\\s*(?:(["'])(?:[^"'\\\\]|\\\\.)*\\3|["']?(?:(?:bearer|token|basic|digest)\\s+)?[^\\s"',;}&]+)`, 'gi');
/** Tokens GitHub issues, recognisable without a word before them. */
const GITHUB_TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{8,}|github_pat_[A-Za-z0-9_]{8,})\b/g;
const ADDRESS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi;

function withoutSecretWords(text: string): string {
  return text.replace(SECRET, '$1$2 (hidden)').replace(GITHUB_TOKEN, '(token hidden)');
}

/** Removes addresses and anything that looks like a credential from a message (for the page). */
export function withoutAddresses(text: string): string {
  return withoutSecretWords(text.replace(ADDRESS, '(address hidden)'));
}

/**
 * Removes credentials but keeps where an address points (for the log): a user and password before the
 * host and the whole query string are hidden, as is anything that looks like a credential.
 */
export function withoutCredentials(text: string): string {
  return withoutSecretWords(
    text.replace(ADDRESS, (address) => {
      try {
        const u = new URL(address);
        const who = u.username || u.password ? '(hidden)@' : '';
        return `${u.protocol}//${who}${u.host}${u.pathname}${u.search ? '?(hidden)' : ''}${u.hash ? '#(hidden)' : ''}`;
      } catch {
        return '(address hidden)';
      }
    }),
  );
}

export function updateFailureMessage(err: unknown, phase: 'check' | 'download' | 'install'): string {
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(message))
    return `The downloaded update did not match its published checksum, so it was discarded.`;
  if (NETWORK_CODES.has(code) || /net::ERR_|socket hang up|timed out|ENOTFOUND|ECONNREFUSED|ECONNRESET/i.test(message))
    return `The update server could not be reached (no network, or it is down).`;
  if (e.statusCode === 404 || code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return `The update server has no release information for this app.`;
  if (typeof e.statusCode === 'number') return `The update server answered with an error (HTTP ${e.statusCode}).`;
  const what =
    phase === 'check'
      ? 'The check for updates failed'
      : phase === 'download'
        ? 'The update could not be downloaded'
        : 'The downloaded update could not be installed';
  const detail = withoutAddresses(firstLine(message)).slice(0, 200);
  return `${what}${detail ? `: ${detail.replace(/[.\s]+$/, '')}` : ''}.`;
}
