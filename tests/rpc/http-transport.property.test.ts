/**
 * The local server never dies on input: arbitrary request lines, paths (raw bytes and %-sequences),
 * header sets and bodies, sent over raw sockets, always get an answer below 500, and the server
 * keeps serving: after every generated request a valid call still works.
 */
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';
import { startHttpTransport, type HttpTransport } from '@main/rpc/http-transport';
import { silentLogger } from '@main/rpc/context';
import { openSession, type Session } from '@main/session';

const RUNS = 200;
const MAX_BODY = 4096;

let t: HttpTransport;
let session: Session;
let dir: string;
let workspaceFile: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-http-property-'));
  workspaceFile = path.join(dir, 'ws.sqlite');
  session = openSession(workspaceFile, { log: silentLogger, actor: 'tester' });
  const staticDir = path.join(dir, 'web');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Rollout Workbench</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  t = await startHttpTransport({ dispatch: (c, i) => session.dispatch(c, i), staticDir, maxBodyBytes: MAX_BODY, subscribe: () => () => {} });
});

afterAll(async () => {
  await t.close();
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** No final status line arrived: the connection closed, or nothing came within the time limit. */
const NO_ANSWER = -1;

/**
 * Sends raw bytes and returns the status of the first final (non-1xx) response, or NO_ANSWER.
 * With `abort`, the socket is destroyed right after writing (a client that goes away mid-request).
 */
function exchange(bytes: Buffer, abort = false): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(t.port, '127.0.0.1');
    let received = '';
    let settled = false;
    const done = (status: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done(NO_ANSWER), 10_000);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      for (;;) {
        const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(received);
        if (!m) return;
        const status = Number(m[1]);
        if (status >= 200) return done(status);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        received = received.slice(end + 4);
      }
    });
    socket.on('error', () => done(NO_ANSWER));
    socket.on('close', () => done(NO_ANSWER));
    socket.write(bytes, () => {
      if (abort) done(0);
    });
  });
}

function request(method: string, target: Buffer | string, headers: [string | Buffer, string | Buffer][], body: Buffer = Buffer.alloc(0)): Buffer {
  const lines: Buffer[] = [Buffer.from(`${method} `, 'latin1'), Buffer.from(target as string, 'latin1'), Buffer.from(' HTTP/1.1\r\n', 'latin1')];
  for (const [name, value] of headers)
    lines.push(Buffer.from(name as string, 'latin1'), Buffer.from(': '), Buffer.from(value as string, 'latin1'), Buffer.from('\r\n'));
  lines.push(Buffer.from(`content-length: ${body.length}\r\nconnection: close\r\n\r\n`), body);
  return Buffer.concat(lines);
}

const host = (): [string, string] => ['host', `127.0.0.1:${t.port}`];
const auth = (): [string, string] => ['authorization', `Bearer ${t.token}`];

/** A valid call after each generated request: the server is alive and still answers correctly. */
async function stillServes(): Promise<void> {
  const res = await fetch(`${t.origin}/rpc/workspace.info`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, value: { path: workspaceFile } });
}

/** Bytes without CR and LF (those end a line: generated text stays inside its own line). */
const lineBytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((a) => Buffer.from(a.map((b) => (b === 13 || b === 10 ? 0x41 : b))));

const percentText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '%',
        '%E0',
        '%A4',
        '%A',
        '%ZZ',
        '%00',
        '%2F',
        '%2e%2e',
        '%C0%AE',
        '%FF',
        '%u2215',
        '/',
        '..',
        '//',
        'rpc',
        'events',
        'assets',
        'index.html',
        '\\',
        '?',
        '#',
        '&token=',
        ';',
        '*',
        '@',
        ':',
      ),
      fc.string({ maxLength: 8 }),
      fc.constantFrom(...Object.keys(contract)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const target = fc.oneof(
  fc
    .tuple(fc.constantFrom('/', '/rpc/', '/events', '/assets/', '', '*', 'http://127.0.0.1/', 'http://[', '//'), percentText)
    .map(([a, b]) => Buffer.from(`${a}${b}`, 'utf8')),
  lineBytes(300),
  fc.tuple(fc.constantFrom('/rpc/', '/'), lineBytes(40)).map(([a, b]) => Buffer.concat([Buffer.from(a), b])),
  fc.integer({ min: 1, max: 20_000 }).map((n) => Buffer.from(`/${'a'.repeat(n)}`)),
);

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'P0ST'),
  fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.replace(/[\s]/g, 'X')),
);

const headerName = fc.oneof(
  fc.constantFrom(
    'host',
    'origin',
    'authorization',
    'content-type',
    'accept',
    'cookie',
    'range',
    'if-none-match',
    'expect',
    'upgrade',
    'connection',
    'x-forwarded-host',
    'referer',
    'accept-encoding',
  ),
  fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/),
  lineBytes(20),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    `Bearer x`,
    'Bearer ',
    'http://evil.test',
    'null',
    'upgrade',
    'websocket',
    '100-continue',
    'bytes=0-1',
    'application/json; charset=latin1',
    '127.0.0.1:1',
    'localhost',
  ),
  lineBytes(200),
  fc.integer({ min: 1, max: 40_000 }).map((n) => 'v'.repeat(n)),
);
const headerSet = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 });

const body = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
  fc.json().map((j) => Buffer.from(j)),
  fc.constantFrom(
    Buffer.from([0xc3, 0x28]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('{"name": "\ud800"}'),
    Buffer.from('{"__proto__": {"x": 1}}'),
    Buffer.alloc(MAX_BODY + 1, 0x20),
  ),
);

describe('the local server under hostile input (fast-check)', () => {
  it('arbitrary request lines and paths (raw bytes, %-sequences, huge) always get an answer below 500', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, fc.boolean(), fc.boolean(), body, async (m, path, withToken, withHost, b) => {
        const headers = [...(withHost ? [host()] : []), ...(withToken ? [auth()] : [])];
        const status = await exchange(request(m, path, headers, b));
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
        await stillServes();
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary header sets (duplicates, absurd values, huge ones) always get an answer below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/rpc/workspace.info', '/rpc/clients.create', '/', '/events', '/assets/app.js'),
        headerSet,
        fc.boolean(),
        async (p, extra, withToken) => {
          const headers: [string | Buffer, string | Buffer][] = [host(), ...(withToken ? [auth()] : []), ...extra];
          const status = await exchange(request(p === '/' || p.startsWith('/assets') || p === '/events' ? 'GET' : 'POST', p, headers, Buffer.from('{}')));
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(500);
          await stillServes();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bodies to every channel: 200 with an envelope, 400 for bytes that are not UTF-8 JSON, 413 when too large', async () => {
    const channels = [...Object.keys(contract), 'no.such', ''];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), body, headerValue, async (channel, b, contentType) => {
        const status = await exchange(request('POST', `/rpc/${channel}`, [host(), auth(), ['content-type', contentType]], b));
        expect([200, 400, 413, 431]).toContain(status);
        // Bytes that are not UTF-8 are refused, never read with replacement characters.
        if (b.length <= MAX_BODY && status !== 431 && !isUtf8(b)) expect(status).toBe(400);
        await stillServes();
      }),
      { numRuns: RUNS },
    );
  });

  it('requests cut off at any point (the client goes away) never stop the server', async () => {
    const full = request(
      'POST',
      '/rpc/clients.list',
      [host(), auth(), ['content-type', 'application/json']],
      Buffer.from('{"limit": 5, "search": "' + 'x'.repeat(200) + '"}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length - 1 }), async (cut) => {
        await exchange(full.subarray(0, cut), true);
        await stillServes();
      }),
      { numRuns: RUNS },
    );
  });

  it('a body declared longer than sent, then abandoned, leaves the server serving', async () => {
    const head = Buffer.from(
      `POST /rpc/clients.create HTTP/1.1\r\nhost: 127.0.0.1:${t.port}\r\nauthorization: Bearer ${t.token}\r\ncontent-length: 100000\r\n\r\n{"name": "Ha`,
    );
    await exchange(head, true);
    await stillServes();
    // Nothing of the abandoned call was written.
    expect(session.workspace.sqlite.prepare("SELECT count(*) AS n FROM clients WHERE name LIKE 'Ha%'").get()).toEqual({ n: 0 });
  });
});
