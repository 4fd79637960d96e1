/**
 * Handing a digest to the workspace's SMTP server (nodemailer), and what went wrong in plain words.
 * The password is given by the caller (the device's credential store, or the CLI's environment) and
 * never appears in an error: the words are built here from the failure's kind and the server's reply
 * code; server text is shown only when it holds no form of the password, and never after a sign-in failure.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Settings } from '@core/contract/settings';

export interface TransportOptions {
  /** Connection and greeting timeouts (default 25 s); tests set them shorter. */
  connectionTimeoutMs?: number;
  /** How long the server may stay silent, above all before its reply to the end of the message data (default 10 minutes, RFC 5321 §4.5.3.2.6); tests set it shorter. */
  replyTimeoutMs?: number;
  /** Accepts a self-signed certificate (tests only; never by default). */
  allowSelfSigned?: boolean;
}

export type SmtpSettings = Pick<Settings, 'smtpHost' | 'smtpPort' | 'smtpSecurity' | 'smtpUser'>;

export const DEFAULT_TIMEOUT_MS = 25_000;
/** RFC 5321 §4.5.3.2.6: a client should wait 10 minutes for the reply to the end of the message data. */
export const DATA_REPLY_TIMEOUT_MS = 10 * 60_000;

let caCache: string[] | null | undefined;
/** Node's bundled CAs plus the system's, where this Node has `tls.getCACertificates` (Node 22.15+); null: Node's default alone. */
function systemCa(): string[] | null {
  if (caCache === undefined) {
    const get = (tls as { getCACertificates?: (type: 'default' | 'system') => string[] }).getCACertificates;
    try {
      const system = get ? get('system') : [];
      caCache = get && system.length ? [...get('default'), ...system] : null;
    } catch {
      caCache = null;
    }
  }
  return caCache;
}

export function smtpOptions(s: SmtpSettings, password: string | null, opts: TransportOptions = {}): SMTPTransport.Options {
  const timeout = opts.connectionTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const security =
    s.smtpSecurity === 'tls' ? { secure: true } : s.smtpSecurity === 'starttls' ? { secure: false, requireTLS: true } : { secure: false, ignoreTLS: true };
  return {
    host: s.smtpHost ?? undefined,
    port: s.smtpPort,
    ...security,
    ...(s.smtpUser ? { auth: { user: s.smtpUser, pass: password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    // One inactivity timeout covers every reply; it must be long enough for the reply after the data,
    // or a message the server accepts late would be taken for lost and sent again.
    socketTimeout: opts.replyTimeoutMs ?? DATA_REPLY_TIMEOUT_MS,
    // Node's certificate authorities and, where this Node can read them, the operating system's (a
    // company's own CA); a self-signed server only when a test asks.
    tls: {
      rejectUnauthorized: !opts.allowSelfSigned,
      ...(s.smtpHost && !isIP(s.smtpHost) ? { servername: s.smtpHost } : {}),
      ...(systemCa() ? { ca: systemCa()! } : {}),
    },
    logger: false,
    debug: false,
  };
}

/**
 * The server's reply codes of the current message, in order (never their text). nodemailer reports a
 * timeout or a closed connection without the step it happened in; a 354 here means the message data
 * was being written, so the server may have accepted it.
 */
export interface ReplyTrace {
  codes: number[];
}

export type SmtpTransport = ReturnType<typeof nodemailer.createTransport<SMTPTransport.SentMessageInfo>> & { trace: ReplyTrace };

export function createSmtpTransport(s: SmtpSettings, password: string | null, opts: TransportOptions = {}): SmtpTransport {
  const trace: ReplyTrace = { codes: [] };
  const ignore = () => {};
  const logger = {
    level: ignore,
    trace: ignore,
    info: ignore,
    warn: ignore,
    error: ignore,
    fatal: ignore,
    debug: (meta: { tnx?: string }, line: unknown) => {
      const code = meta?.tnx === 'server' && typeof line === 'string' ? /^(\d{3})/.exec(line) : null;
      if (code) trace.codes.push(Number(code[1]));
    },
  };
  const transport = nodemailer.createTransport({ ...smtpOptions(s, password, opts), logger, transactionLog: true } as SMTPTransport.Options);
  return Object.assign(transport, { trace });
}

/** How a failed send ends: tried again later, given up at once (refused for good), or unknown (the server may have it). */
export type FailureKind = 'retry' | 'permanent' | 'unknown';

/**
 * Classifies a failure by its step: after the message data was written (a 354 was seen) only a reply
 * to the data tells; anything else there (a timeout, a closed connection) may follow an acceptance.
 * Before it, a 5xx refusal of the sender, a recipient or the data is permanent; everything else (a
 * 4xx, the connection, the greeting, TLS, sign-in) is tried again.
 */
export function classifySmtpFailure(err: unknown, trace: ReplyTrace): FailureKind {
  const e = (err ?? {}) as SmtpFailure;
  const code = e.responseCode ?? 0;
  const dataWritten = trace.codes.includes(354);
  if (dataWritten && !(e.code === 'EMESSAGE' && e.command === 'DATA' && code >= 400)) return 'unknown';
  if (code >= 500 && code < 600 && e.code !== 'EAUTH' && /^(MAIL FROM|RCPT TO|DATA)$/.test(e.command ?? '')) return 'permanent';
  return 'retry';
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
  rejected?: string[];
}

/**
 * Every form in which a server could echo the password: as written, URL-encoded, base64 at each of
 * the three alignments (the part that encodes the password's bytes alone, so it is found inside any
 * longer base64 such as the AUTH PLAIN token), and the whole AUTH PLAIN token.
 */
export function secretForms(password: string | null, user: string | null = null): string[] {
  if (!password) return [];
  const bytes = Buffer.from(password);
  const forms = new Set([password, encodeURIComponent(password)]);
  for (const k of [0, 1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const total = k + bytes.length;
    const core = b64.slice(Math.ceil((k * 8) / 6), total % 3 ? Math.floor((total * 8) / 6) : undefined);
    if (core.length >= 4) forms.add(core);
  }
  if (user !== null) forms.add(Buffer.from(`\0${user}\0${password}`).toString('base64'));
  return [...forms].filter(Boolean);
}

/** Server-supplied text, one line, or null when it holds any form of the password (then it is left out whole). */
function serverText(text: string | undefined, secrets: string[]): string | null {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return null;
  return secrets.some((f) => line.includes(f)) ? null : line;
}

/** The server's reply text, one line, or '' when it is empty or could hold the password. */
function replyText(e: SmtpFailure, secrets: string[]): string {
  const text = serverText((e.response ?? '').replace(/^\d{3}[ -]?(\d\.\d{1,3}\.\d{1,3})?\s*/, ''), secrets);
  return text ? text.slice(0, 200) : '';
}

function certReason(text: string): string {
  if (/self[- ]signed|SELF_SIGNED/i.test(text)) return 'it is self-signed';
  if (/expired|CERT_HAS_EXPIRED/i.test(text)) return 'it has expired';
  if (/altname|does not match|Hostname/i.test(text)) return 'it is for another server name';
  return 'no trusted authority signed it';
}

/** What went wrong with the SMTP server, in words a lead can act on; never the password or the AUTH exchange. */
export function describeSmtpError(err: unknown, s: SmtpSettings, password: string | null): string {
  const e = (err ?? {}) as SmtpFailure;
  const where = `${s.smtpHost}:${s.smtpPort}`;
  const secrets = secretForms(password, s.smtpUser ?? '');
  const text = replyText(e, secrets);
  const reply = e.responseCode ? ` The server answered ${e.responseCode}${text ? `: ${text}` : ''}.` : '';
  // nodemailer's message may quote the server; it is used to tell the kind of failure, and shown only when it holds no form of the password.
  const message = e.message ?? '';
  const shown = (n: number) => (serverText(message, secrets) ?? 'no details shown').slice(0, n);
  let words: string;
  if (e.code === 'EAUTH' && /without STARTTLS|not supported|AUTH/i.test(message) && !e.responseCode)
    words = `The SMTP server ${where} does not offer sign-in on this connection: check the security setting (STARTTLS or TLS) and the user.`;
  else if (e.code === 'EAUTH')
    // Never the server's text after a sign-in failure: a server may echo what it was sent.
    words = `Authentication failed at ${where}${e.responseCode ? ` (${e.responseCode})` : ''}: the server refused the user ${s.smtpUser ?? ''} with this password. Check the user and store the password again.`;
  else if (e.code === 'ETIMEDOUT' || /timed? ?out/i.test(message))
    words = `The SMTP server ${where} did not answer in time: check the server and port, and that this network lets mail through.`;
  else if (/ECONNREFUSED/.test(message)) words = `The SMTP server ${where} refused the connection: check the server and port, and that it is running.`;
  else if (/ENOTFOUND|EAI_AGAIN/.test(message) || e.code === 'EDNS') words = `The SMTP server ${s.smtpHost} was not found: check the server name.`;
  else if (e.code === 'ETLS' || /STARTTLS/i.test(message))
    words = `The SMTP server ${where} does not offer STARTTLS, which the security setting requires: choose TLS or None only if the server really works that way.`;
  else if (/wrong version number|packet length too long|unknown protocol/i.test(message))
    words = `Could not set up a secure connection to ${where}: the server does not speak TLS from the start on this port (a TLS problem). Choose STARTTLS (usually port 587), or the server's TLS port (usually 465).`;
  else if (/certificate|self[- ]signed|CERT_|altname/i.test(`${message} ${e.code ?? ''}`))
    words = `Could not set up a secure connection to ${where}: its certificate is not trusted (a TLS problem: ${certReason(`${message} ${e.code ?? ''}`)}). Check the server name, or ask the mail provider for a valid certificate.`;
  else if (/SSL|TLS/i.test(message))
    words = `Could not set up a secure connection to ${where} (a TLS problem): check that the security setting matches the port (STARTTLS usually 587, TLS usually 465).`;
  else if (e.code === 'EENVELOPE' && e.command === 'RCPT TO') words = `The SMTP server refused the recipient.${reply || ' No reason was given.'}`;
  else if (e.code === 'EENVELOPE' && e.command === 'MAIL FROM') words = `The SMTP server refused the sender address.${reply || ' No reason was given.'}`;
  else if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') words = `The SMTP server refused the message.${reply || ' No reason was given.'}`;
  else if (e.responseCode) words = `The SMTP server refused the message.${reply}`;
  else if (e.code === 'ECONNECTION' || e.code === 'ESOCKET') words = `The connection to the SMTP server ${where} failed or was closed: ${shown(160)}.`;
  else words = `Sending failed: ${message ? shown(200) : 'unknown reason'}.`;
  return words;
}
