import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpTransport, type HttpTransport } from '@main/rpc/http-transport';
import { openTestWorkspace, tempDir } from '../db/helpers';

const transports: HttpTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) await t.close();
});

async function start() {
  const ws = openTestWorkspace();
  const listeners = new Set<(e: string, p: unknown) => void>();
  ws.session.ctx.emit = (e, p) => listeners.forEach((l) => l(e, p));
  const staticDir = path.join(tempDir(), 'web');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Rollout Workbench</title>');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'outside the web root');
  const t = await startHttpTransport({
    dispatch: (c, i) => ws.session.dispatch(c, i),
    staticDir,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  transports.push(t);
  return { t, ws };
}

/** A raw request, so Host and Origin can be set freely (fetch forbids both). */
function request(t: HttpTransport, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: t.port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = (t: HttpTransport) => ({ authorization: `Bearer ${t.token}`, 'content-type': 'application/json' });

describe('loopback HTTP transport', () => {
  it('serves a call with the token and returns the result envelope', async () => {
    const { t } = await start();
    const r = await request(t, { path: '/rpc/clients.create', headers: auth(t), body: JSON.stringify({ name: 'Acme' }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { name: 'Acme' } });
  });

  it('refuses calls without the token, or with a wrong one, and writes nothing', async () => {
    const { t, ws } = await start();
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${t.token}` }];
    for (const headers of attempts) {
      const r = await request(t, { path: '/rpc/clients.create', headers, body: JSON.stringify({ name: 'Acme' }) });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('UNAUTHORIZED');
    }
    // The token in the query string is accepted for the event stream only.
    const q = await request(t, { path: `/rpc/clients.create?token=${t.token}`, body: JSON.stringify({ name: 'Acme' }) });
    expect(q.status).toBe(401);
    expect(ws.count('clients')).toBe(0);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const { t, ws } = await start();
    const r = await request(t, { path: '/rpc/clients.create', headers: { ...auth(t), origin: 'https://evil.example' }, body: '{"name":"X"}' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toEqual({ code: 'FORBIDDEN_ORIGIN', message: 'Requests from https://evil.example are refused.' });
    const own = await request(t, { path: '/rpc/clients.create', headers: { ...auth(t), origin: t.origin }, body: '{"name":"X"}' });
    expect(own.status).toBe(200);
    expect(ws.count('clients')).toBe(1);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { t } = await start();
    const r = await request(t, { method: 'GET', path: '/', headers: { host: `evil.example:${t.port}` } });
    expect(r.status).toBe(421);
  });

  it('answers unknown channels, bad JSON and wrong methods with envelopes', async () => {
    const { t } = await start();
    const unknown = await request(t, { path: '/rpc/sites.drop', headers: auth(t), body: '{}' });
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_CHANNEL');
    const bad = await request(t, { path: '/rpc/sites.list', headers: auth(t), body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toEqual({ code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' });
    const get = await request(t, { method: 'GET', path: '/rpc/sites.list', headers: auth(t) });
    expect(get.status).toBe(405);
  });

  it('serves the app shell but nothing outside its folder', async () => {
    const { t } = await start();
    const index = await request(t, { method: 'GET', path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('Rollout Workbench');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await request(t, { method: 'GET', path: p });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('outside the web root');
    }
  });

  it('pushes data.changed over Server-Sent Events after a mutation', async () => {
    const { t } = await start();
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: t.port, path: `/events?token=${t.token}` }, (res) => {
        let buf = '';
        res.on('data', (d) => {
          buf += d;
          if (buf.includes('event: data.changed')) {
            resolve(buf);
            req.destroy();
          }
        });
      });
      req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
      setTimeout(() => void request(t, { path: '/rpc/clients.create', headers: auth(t), body: '{"name":"Evented"}' }), 100);
    });
    const text = await received;
    expect(text).toMatch(/event: data\.changed\ndata: \{"entity":"client","id":"[0-9A-Z]{26}"\}/);
  });

  it('refuses the event stream without the token', async () => {
    const { t } = await start();
    const r = await request(t, { method: 'GET', path: '/events' });
    expect(r.status).toBe(401);
  });
});

/** Raw bytes over a socket (duplicate headers, CONNECT): returns the status line's code, or null if none came. */
function rawStatus(t: HttpTransport, text: string | Buffer): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = net.connect(t.port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(null));
    socket.write(text);
  });
}

describe('hostile headers, methods and bodies', () => {
  it('refuses two Host or Authorization headers, answers CONNECT and upgrades with a 4xx, and /events only to GET', async () => {
    const { t } = await start();
    const h = `host: 127.0.0.1:${t.port}\r\n`;
    const a = `authorization: Bearer ${t.token}\r\n`;
    expect(await rawStatus(t, `POST /rpc/workspace.info HTTP/1.1\r\n${h}host: evil.test\r\n${a}content-length: 0\r\n\r\n`)).toBe(400);
    expect(await rawStatus(t, `POST /rpc/workspace.info HTTP/1.1\r\n${h}${a}authorization: Bearer other\r\ncontent-length: 0\r\n\r\n`)).toBe(400);
    expect(await rawStatus(t, `CONNECT 127.0.0.1:${t.port} HTTP/1.1\r\n${h}\r\n`)).toBe(405);
    expect(await rawStatus(t, `GET / HTTP/1.1\r\n${h}connection: upgrade\r\nupgrade: websocket\r\n\r\n`)).toBe(400);
    expect(await rawStatus(t, `POST /events HTTP/1.1\r\n${h}${a}content-length: 0\r\n\r\n`)).toBe(405);
    expect(await rawStatus(t, `GET /${'a'.repeat(70_000)} HTTP/1.1\r\n${h}\r\n`)).toBe(431);
  });

  it('refuses a body that is not UTF-8 (nothing is read with replacement characters, nothing is written)', async () => {
    const { t, ws } = await start();
    const body = Buffer.concat([Buffer.from('{"name": "Acme '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const status = await rawStatus(
      t,
      Buffer.concat([
        Buffer.from(
          `POST /rpc/clients.create HTTP/1.1\r\nhost: 127.0.0.1:${t.port}\r\nauthorization: Bearer ${t.token}\r\ncontent-length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]),
    );
    expect(status).toBe(400);
    expect(ws.count('clients')).toBe(0);
  });
});

describe('hostile addresses', () => {
  it('a malformed %-escape gets a 400 (with or without the token) and the server keeps answering', async () => {
    const { t } = await start();
    const statuses: number[] = [];
    for (const p of ['/rpc/sites.li%E0%A4%A', '/%E0%A4%A', '/assets/%ZZ.js']) {
      for (const headers of [auth(t), {}]) {
        const r = await request(t, { method: p.startsWith('/rpc/') ? 'POST' : 'GET', path: p, headers: { ...headers, host: `127.0.0.1:${t.port}` } });
        statuses.push(r.status);
        if (r.status === 400) expect(JSON.parse(r.body).error.message).toContain('malformed');
      }
    }
    // An RPC address needs the token before it is read; static addresses are read at once.
    expect(statuses).toEqual([400, 401, 400, 400, 400, 400]);
    // A NUL hidden in a %-escape, and an address that is no URL at all.
    for (const p of ['/assets/%00.js', '/index.html%00', 'http://[']) {
      const r = await request(t, { method: 'GET', path: p, headers: { host: `127.0.0.1:${t.port}` } });
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).error.code).toBe('INVALID_INPUT');
    }
    const ok = await request(t, { path: '/rpc/sites.list', headers: { ...auth(t), host: `127.0.0.1:${t.port}` }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).ok).toBe(true);
  });
});
