/**
 * Loopback HTTP transport for `npm run web` and the E2E tests: POST /rpc/:channel with a bearer token,
 * Server-Sent Events on /events, and the built renderer as static files. Bound to 127.0.0.1 only;
 * Host and Origin are checked so another web page (or DNS rebinding) cannot drive the workspace.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ErrorCode, type RpcResult } from '@core/errors';
import { CALLER_ID, Callers } from './callers';
import type { Caller } from './context';

export interface HttpTransportOptions {
  /** `caller`: the page that called, when it said which (the x-workbench-client header). */
  dispatch(channel: string, input: unknown, caller?: Caller): Promise<RpcResult<unknown>>;
  /** Folder with the built renderer (index.html and assets); omit to serve RPC only. */
  staticDir?: string;
  port?: number;
  token?: string;
  /** Register for data-changed events; returns an unsubscribe function. */
  subscribe?: (listener: (event: string, payload: unknown) => void) => () => void;
  maxBodyBytes?: number;
  /** How long a page may be without its event stream before the jobs it started end (default CALLER_GRACE_MS). */
  callerGraceMs?: number;
}

export interface HttpTransport {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // The client may have gone while the call ran: there is no one left to answer.
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** A request refused for what it holds (address, headers, body, method): always a 4xx with a plain message. */
class BadRequest extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 421,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The client went away before its request was read whole: nothing to answer. */
class RequestAborted extends Error {}

/** Each page sends its own id with every call (and with its event stream, as `?client=`), so the jobs it starts end when it goes. */
export const CLIENT_HEADER = 'x-workbench-client';

/** The page's id from a header or query value: absent is fine (a script), malformed is refused. */
function callerIdOf(value: string | null | undefined, where: string): string | null {
  if (value === undefined || value === null) return null;
  if (!CALLER_ID.test(value))
    throw new BadRequest(
      400,
      ErrorCode.INVALID_INPUT,
      `The ${where} must be 8 to 64 letters, digits, "-" or "_" (an id the page makes for itself); leave it out when no page is calling.`,
    );
  return value;
}

/** Headers that must appear once: two Host or Authorization headers are ambiguous, so refused. */
const SINGLE_HEADERS = ['host', 'origin', 'authorization', 'content-type', 'content-length', CLIENT_HEADER] as const;

function timingSafeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

function decodePath(text: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    throw new BadRequest(400, ErrorCode.INVALID_INPUT, 'The address is not valid (a malformed %-escape).');
  }
  if (decoded.includes('\0')) throw new BadRequest(400, ErrorCode.INVALID_INPUT, 'The address is not valid (it contains a NUL character).');
  return decoded;
}

/** The body, whole, as text: too large is 413, bytes that are not UTF-8 are 400, a client that leaves rejects quietly. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      fn();
    };
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBytes) {
        // Stop reading: the answer goes out, then the connection closes.
        res.once('finish', () => req.destroy());
        finish(() => reject(new BadRequest(413, ErrorCode.INVALID_INPUT, `The request is too large (at most ${maxBytes} bytes).`, { connection: 'close' })));
      } else chunks.push(c);
    });
    req.on('end', () =>
      finish(() => {
        try {
          resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
        } catch {
          reject(new BadRequest(400, ErrorCode.INVALID_INPUT, 'The request body is not valid UTF-8 text.'));
        }
      }),
    );
    req.on('error', () => finish(() => reject(new RequestAborted())));
    req.on('close', () => finish(() => reject(new RequestAborted())));
  });
}

export async function startHttpTransport(opts: HttpTransportOptions): Promise<HttpTransport> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 5 * 1024 * 1024;
  let allowedHosts: Set<string> = new Set();
  let origin = '';
  const callers = new Callers(opts.callerGraceMs);

  // The one guard: whatever a request holds, it answers that request only. Bad input is a 4xx that
  // says what was wrong; anything else thrown is a 500 for that request (a fault of the app), and
  // the process serving everyone else carries on. Requests Node cannot even parse (a broken request
  // line, header or framing) get Node's own 400/431 from its client-error handler.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof RequestAborted) res.destroy();
      else if (res.headersSent) res.destroy();
      else if (e instanceof BadRequest) send(res, e.status, { ok: false, error: { code: e.code, message: e.message } }, e.headers);
      else send(res, 500, { ok: false, error: { code: ErrorCode.INTERNAL, message: 'The request failed.' } });
    });
  });

  // CONNECT (a proxy tunnel) and protocol upgrades never reach the handler above; without these,
  // Node would drop the connection without a word.
  const refuseRaw = (socket: Duplex, status: string) => {
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  };
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => refuseRaw(socket, '405 Method Not Allowed'));
  server.on('upgrade', (_req: http.IncomingMessage, socket: Duplex) => refuseRaw(socket, '400 Bad Request'));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const repeated = SINGLE_HEADERS.find((h) => (req.headersDistinct[h]?.length ?? 0) > 1);
    if (repeated) throw new BadRequest(400, ErrorCode.INVALID_INPUT, `The request has more than one ${repeated} header.`);
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host)) throw new BadRequest(421, ErrorCode.FORBIDDEN_ORIGIN, `Requests for host "${host}" are refused.`);
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && reqOrigin !== origin && reqOrigin !== origin.replace('127.0.0.1', 'localhost')) {
      throw new BadRequest(403, ErrorCode.FORBIDDEN_ORIGIN, `Requests from ${reqOrigin} are refused.`);
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      throw new BadRequest(400, ErrorCode.INVALID_INPUT, 'The address is not valid.');
    }

    if (url.pathname.startsWith('/rpc/') || url.pathname === '/events') {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : (url.searchParams.get('token') ?? '');
      // EventSource cannot set headers, so /events alone accepts the token as a query parameter.
      const ok = url.pathname === '/events' ? timingSafeEqual(given, token) : auth.startsWith('Bearer ') && timingSafeEqual(given, token);
      if (!ok) throw new BadRequest(401, ErrorCode.UNAUTHORIZED, 'A valid access token is required.');
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') throw new BadRequest(405, ErrorCode.INVALID_INPUT, 'Use GET for the event stream.', { allow: 'GET' });
      const client = callerIdOf(url.searchParams.get('client'), '"client" parameter of the event stream');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const detach = client ? callers.attach(client) : null;
      const unsubscribe = opts.subscribe?.((event, payload) => {
        if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(ping);
        unsubscribe?.();
        detach?.();
      });
      return;
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') throw new BadRequest(405, ErrorCode.INVALID_INPUT, 'Use POST for RPC calls.', { allow: 'POST' });
      const channel = decodePath(url.pathname.slice('/rpc/'.length));
      const client = callerIdOf(req.headers[CLIENT_HEADER] as string | undefined, `${CLIENT_HEADER} header`);
      const text = await readBody(req, res, maxBody);
      let input: unknown;
      try {
        input = text.trim() ? JSON.parse(text) : {};
      } catch {
        throw new BadRequest(400, ErrorCode.INVALID_INPUT, 'The request body is not valid JSON.');
      }
      send(res, 200, await opts.dispatch(channel, input, client ? callers.get(client) : undefined));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new BadRequest(405, ErrorCode.INVALID_INPUT, 'Only GET and HEAD are served here.', { allow: 'GET, HEAD' });
    const notFound = () => new BadRequest(404, ErrorCode.NOT_FOUND, 'There is nothing at this address.');
    if (!opts.staticDir) throw notFound();
    const root = path.resolve(opts.staticDir);
    const rel = url.pathname === '/' ? 'index.html' : decodePath(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) throw notFound();
    const data = await fs.promises.readFile(file).catch(() => null);
    if (!data) throw notFound();
    if (res.destroyed) return;
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        callers.endAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
