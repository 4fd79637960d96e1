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
import { ErrorCode, type RpcResult } from '../../core/errors';

export interface HttpTransportOptions {
  dispatch(channel: string, input: unknown): Promise<RpcResult<unknown>>;
  /** Folder with the built renderer (index.html and assets); omit to serve RPC only. */
  staticDir?: string;
  port?: number;
  token?: string;
  /** Register for data-changed events; returns an unsubscribe function. */
  subscribe?: (listener: (event: string, payload: unknown) => void) => () => void;
  maxBodyBytes?: number;
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

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function timingSafeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export async function startHttpTransport(opts: HttpTransportOptions): Promise<HttpTransport> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 5 * 1024 * 1024;
  let allowedHosts: Set<string> = new Set();
  let origin = '';

  // Whatever a request holds, it answers that request only: a throw while handling it becomes a 400
  // for an address that cannot be read, or a 500, and never ends the process serving everyone else.
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (res.headersSent) res.destroy();
      else if (e instanceof URIError) send(res, 400, { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'The address is not valid (a malformed %-escape).' } });
      else send(res, 500, { ok: false, error: { code: ErrorCode.INTERNAL, message: 'The request failed.' } });
    }
  });

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host)) {
      send(res, 421, { ok: false, error: { code: ErrorCode.FORBIDDEN_ORIGIN, message: `Requests for host "${host}" are refused.` } });
      return;
    }
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && reqOrigin !== origin && reqOrigin !== origin.replace('127.0.0.1', 'localhost')) {
      send(res, 403, { ok: false, error: { code: ErrorCode.FORBIDDEN_ORIGIN, message: `Requests from ${reqOrigin} are refused.` } });
      return;
    }
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/rpc/') || url.pathname === '/events') {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : (url.searchParams.get('token') ?? '');
      // EventSource cannot set headers, so /events alone accepts the token as a query parameter.
      const ok = url.pathname === '/events' ? timingSafeEqual(given, token) : auth.startsWith('Bearer ') && timingSafeEqual(given, token);
      if (!ok) {
        send(res, 401, { ok: false, error: { code: ErrorCode.UNAUTHORIZED, message: 'A valid access token is required.' } });
        return;
      }
    }

    if (url.pathname === '/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const unsubscribe = opts.subscribe?.((event, payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(ping);
        unsubscribe?.();
      });
      return;
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'Use POST for RPC calls.' } });
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      const chunks: Buffer[] = [];
      let size = 0;
      let aborted = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody && !aborted) {
          aborted = true;
          send(res, 413, { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'The request is too large.' } });
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        if (aborted) return;
        let input: unknown;
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          input = text.trim() ? JSON.parse(text) : {};
        } catch {
          send(res, 400, { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'The request body is not valid JSON.' } });
          return;
        }
        opts.dispatch(channel, input).then(
          (result) => send(res, 200, result),
          () => send(res, 500, { ok: false, error: { code: ErrorCode.INTERNAL, message: 'The request failed.' } }),
        );
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!opts.staticDir) {
      res.writeHead(404).end();
      return;
    }
    const root = path.resolve(opts.staticDir);
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
