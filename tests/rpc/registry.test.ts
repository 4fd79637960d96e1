import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { HandlerContext } from '@main/rpc/context';
import { Registry, type Handlers } from '@main/rpc/registry';
import { handlers } from '@main/services/handlers';
import { openTestWorkspace } from '../db/helpers';

function registryWith(overrides: Partial<Record<string, (input: unknown, ctx: HandlerContext) => unknown>>) {
  return new Registry({ ...handlers, ...overrides } as unknown as Handlers, { checkOutput: true });
}

describe('registry dispatch', () => {
  it('answers an unknown channel with UNKNOWN_CHANNEL', async () => {
    const ws = openTestWorkspace();
    const r = await ws.session.dispatch('sites.delete', {});
    expect(r).toEqual({ ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL, message: 'There is no channel named "sites.delete".' } });
  });

  it('does not treat prototype keys as channels', async () => {
    const ws = openTestWorkspace();
    const r = await ws.session.dispatch('constructor', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(ErrorCode.UNKNOWN_CHANNEL);
  });

  it('answers invalid input with INVALID_INPUT, every field path and the user message', async () => {
    const ws = openTestWorkspace();
    const r = await ws.session.dispatch('people.create', { name: '', email: 'nope', organisation: 'freelance' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(r.error.message).toBe('Name is required. (and 2 more problems)');
    expect(r.error.details?.issues).toEqual([
      { path: 'name', message: 'Name is required.' },
      { path: 'email', message: 'Email must be an address such as name@example.com.' },
      { path: 'organisation', message: 'Organisation must be Agency or Client.' },
    ]);
  });

  it('passes a WorkbenchError through unchanged', async () => {
    const ws = openTestWorkspace();
    const reg = registryWith({
      'clients.get': () => {
        throw new WorkbenchError(ErrorCode.REFUSED, 'Not today.', { reason: 'test' });
      },
    });
    const r = await reg.dispatch('clients.get', { id: 'x' }, ws.session.ctx);
    expect(r).toEqual({ ok: false, error: { code: 'REFUSED', message: 'Not today.', details: { reason: 'test' } } });
  });

  it('turns an unexpected throw into INTERNAL without leaking the stack or the message', async () => {
    const ws = openTestWorkspace();
    const logged: string[] = [];
    const ctx = { ...ws.session.ctx, log: { info() {}, warn() {}, error: (m: string) => logged.push(m) } };
    const reg = registryWith({
      'clients.get': () => {
        throw new Error('SQLITE_IOERR at /home/secret/path');
      },
    });
    const r = await reg.dispatch('clients.get', { id: 'x' }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(ErrorCode.INTERNAL);
    expect(JSON.stringify(r.error)).not.toContain('/home/secret/path');
    expect(logged).toEqual(['handler clients.get failed']);
  });

  it('catches a handler whose output breaks the contract', async () => {
    const ws = openTestWorkspace();
    const reg = registryWith({ 'clients.get': () => ({ id: 'x', name: 42 }) });
    const r = await reg.dispatch('clients.get', { id: 'x' }, { ...ws.session.ctx, log: { info() {}, warn() {}, error() {} } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'INTERNAL', message: 'The app produced an invalid answer for clients.get.' });
  });

  it('applies input defaults before the handler runs', async () => {
    const ws = openTestWorkspace();
    let seen: unknown;
    const reg = registryWith({
      'sites.list': (input) => {
        seen = input;
        return { rows: [], total: 0, offset: 0 };
      },
    });
    await reg.dispatch('sites.list', undefined, ws.session.ctx);
    expect(seen).toMatchObject({ offset: 0, limit: 100, archived: 'active', sort: 'name', direction: 'asc' });
  });
});
