/**
 * A real SMTP server on loopback for tests that send mail (smtp-server), keeping every message it
 * accepted parsed (mailparser): headers, text and HTML. It can accept, refuse (a reply code at MAIL
 * FROM, RCPT TO or DATA), hang (accept the connection and never greet) or answer the end of the data
 * late, and may require sign-in (`echoAuth`: a refusal that quotes the AUTH PLAIN token it was sent,
 * as some servers do).
 *
 *   const smtp = await startSmtpServer({ auth: { user: 'digest', password: 'pw' } });
 *   … settings smtpHost 127.0.0.1, smtpPort smtp.port, smtpSecurity 'none' …
 *   smtp.setMode({ refuse: { at: 'rcpt', code: 550, text: 'No such user' } });
 *   await smtp.close();
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export type SmtpMode =
  | 'accept'
  | 'hang'
  | { refuse: { at: 'mail' | 'rcpt' | 'data'; code: number; text?: string } }
  /** Keeps the message, but answers the end of its data only after `ms` (a slow server's late "250"). */
  | { lateReply: { ms: number } };

export interface ReceivedMessage {
  /** The envelope: MAIL FROM and RCPT TO as the server saw them. */
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  /** A header by lower-case name, as a string ('' when absent). */
  header(name: string): string;
  /** The raw message as received. */
  raw: string;
}

export interface SmtpTestServer {
  host: '127.0.0.1';
  port: number;
  messages: ReceivedMessage[];
  /** Users who tried to sign in, and whether it worked (never the passwords). */
  logins: { user: string; ok: boolean }[];
  /** Connections the server has seen. */
  connections(): number;
  setMode(mode: SmtpMode): void;
  close(): Promise<void>;
}

export async function startSmtpServer(
  opts: { auth?: { user: string; password: string }; starttls?: boolean; mode?: SmtpMode; echoAuth?: boolean } = {},
): Promise<SmtpTestServer> {
  let mode: SmtpMode = opts.mode ?? 'accept';
  let connections = 0;
  const hung: ((err?: Error | null) => void)[] = [];
  const messages: ReceivedMessage[] = [];
  const logins: { user: string; ok: boolean }[] = [];
  const refusal = (at: 'mail' | 'rcpt' | 'data') => {
    if (typeof mode !== 'object' || !('refuse' in mode) || mode.refuse.at !== at) return null;
    return Object.assign(new Error(mode.refuse.text ?? 'Refused by the test server'), { responseCode: mode.refuse.code });
  };
  const disabled = [...(opts.auth ? [] : ['AUTH']), ...(opts.starttls ? [] : ['STARTTLS'])];
  const server = new SMTPServer({
    logger: false,
    secure: false,
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    disabledCommands: disabled,
    closeTimeout: 200,
    onConnect(_session, cb) {
      connections++;
      if (mode === 'hang') hung.push(cb);
      else cb();
    },
    onAuth(auth, _session, cb) {
      const ok = Boolean(opts.auth) && auth.username === opts.auth!.user && auth.password === opts.auth!.password;
      logins.push({ user: auth.username ?? '', ok });
      if (ok) return cb(null, { user: auth.username });
      const token = Buffer.from(`\0${auth.username ?? ''}\0${auth.password ?? ''}`).toString('base64');
      cb(
        Object.assign(new Error(opts.echoAuth ? `Authentication credentials invalid for ${token}` : 'Authentication credentials invalid'), {
          responseCode: 535,
        }),
      );
    },
    onMailFrom(_address, _session, cb) {
      cb(refusal('mail'));
    },
    onRcptTo(_address, _session, cb) {
      cb(refusal('rcpt'));
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const refused = refusal('data');
        if (refused) return cb(refused);
        const late = typeof mode === 'object' && 'lateReply' in mode ? mode.lateReply.ms : 0;
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              parsed,
              raw,
              header: (name) => {
                const v = parsed.headers.get(name.toLowerCase());
                if (v === undefined) return '';
                if (typeof v === 'string') return v;
                if (v instanceof Date) return v.toISOString();
                return (v as { text?: string }).text ?? JSON.stringify(v);
              },
            });
            if (late) setTimeout(() => cb(), late);
            else cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    messages,
    logins,
    connections: () => connections,
    setMode(m) {
      mode = m;
      if (m !== 'hang') for (const cb of hung.splice(0)) cb(new Error('Closing'));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const cb of hung.splice(0)) cb(new Error('Closing'));
        server.close(() => resolve());
      }),
  };
}
