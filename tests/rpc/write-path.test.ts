/**
 * The one write path (main/rpc/bindings.ts): a write channel runs in one transaction the registry
 * opens, must leave a history entry for what it changed, and tells the windows once, after the commit.
 * A read cannot write at all. These run the real registry on a real workspace.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { clients } from '@db/schema/index';
import { newId } from '@db/ids';
import { write } from '@main/rpc/bindings';
import type { HandlerContext, WriteContext } from '@main/rpc/context';
import { deriveContext } from '@main/rpc/context';
import { Registry, type Handlers } from '@main/rpc/registry';
import { mutate, recordChange, writeTransaction } from '@main/services/change-log';
import { handlers } from '@main/services/handlers';
import { openTestWorkspace } from '../db/helpers';

function registryWith(overrides: Partial<Record<keyof Handlers, unknown>>): Registry {
  return new Registry({ ...handlers, ...overrides } as unknown as Handlers, { checkOutput: false });
}

function listening(ctx: HandlerContext) {
  const events: { event: string; payload: unknown }[] = [];
  return { ctx: deriveContext(ctx, { emit: (event, payload) => events.push({ event, payload }) }), events };
}

const clientCount = (ws: ReturnType<typeof openTestWorkspace>) => ws.count('clients');

describe('one write path', () => {
  it('refuses and rolls back a write channel that changed rows without recording them in the history', async () => {
    const ws = openTestWorkspace();
    const history = ws.count('change_log');
    const registry = registryWith({
      'clients.create': write<'clients.create'>((input, ctx) => {
        const id = newId();
        const at = ctx.clock.now().toISOString();
        writeTransaction(ctx, (tx) => tx.insert(clients).values({ id, name: input.name, createdAt: at, updatedAt: at }).run());
        return { id } as never;
      }),
    });
    const { ctx, events } = listening(ws.session.ctx);
    const r = await registry.dispatch('clients.create', { name: 'Unlogged Ltd' }, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/without recording the change in its history\. Nothing was saved\./);
    expect(clientCount(ws)).toBe(0);
    expect(ws.count('change_log')).toBe(history);
    expect(events.filter((e) => e.event === 'data.changed')).toEqual([]);
  });

  it('commits every step of a write call together, or none of them when a later step is refused', async () => {
    const ws = openTestWorkspace();
    const registry = registryWith({
      'clients.create': write<'clients.create'>((input, ctx) => {
        mutate(ctx, 'client', (tx, at) => {
          const id = newId();
          tx.insert(clients).values({ id, name: input.name, createdAt: at, updatedAt: at }).run();
          recordChange(tx, ctx, at, { entity: 'client', entityId: id, action: 'create', summary: `Client “${input.name}” created` });
          return { id };
        });
        throw new Error('the second step failed');
      }),
    });
    const { ctx, events } = listening(ws.session.ctx);
    const r = await registry.dispatch('clients.create', { name: 'Half Done Ltd' }, ctx);
    expect(r.ok).toBe(false);
    expect(clientCount(ws)).toBe(0);
    expect(events).toEqual([]);
  });

  it('tells the windows once per changed record, after the commit', async () => {
    const ws = openTestWorkspace();
    const { ctx, events } = listening(ws.session.ctx);
    const seen: number[] = [];
    const probe = deriveContext(ctx, {
      emit: (event, payload) => {
        // When the event arrives the change is committed: a second connection would see it.
        seen.push(clientCount(ws));
        ctx.emit?.(event, payload);
      },
    });
    const r = await ws.session.registry.dispatch('clients.create', { name: 'Told Once Ltd' }, probe);
    expect(r.ok).toBe(true);
    expect(events.filter((e) => e.event === 'data.changed')).toEqual([
      { event: 'data.changed', payload: { entity: 'client', id: r.ok && (r.value as { id: string }).id } },
    ]);
    expect(seen).toEqual([1]);
  });

  it('tells nothing when a write call changes nothing', async () => {
    const ws = openTestWorkspace();
    const { ctx, events } = listening(ws.session.ctx);
    const settings = await ws.call('settings.get', {});
    const r = await ws.session.registry.dispatch('settings.update', { reminderTime: settings.reminderTime }, ctx);
    expect(r.ok).toBe(true);
    expect(events).toEqual([]);
  });

  it('gives a read channel no way to write: a write attempted from one is refused and nothing changes', async () => {
    const ws = openTestWorkspace();
    const registry = registryWith({
      'clients.list': (_input: unknown, ctx: HandlerContext) => {
        // What a cast around the types would try: the write path refuses a context without a write scope.
        mutate(ctx as WriteContext, 'client', (tx, at) => {
          const id = newId();
          tx.insert(clients).values({ id, name: 'Sneaky', createdAt: at, updatedAt: at }).run();
          return { id };
        });
        return { items: [], total: 0 };
      },
    });
    const r = await registry.dispatch('clients.list', {}, ws.session.ctx);
    expect(r.ok).toBe(false);
    expect(clientCount(ws)).toBe(0);
    expect(ws.session.ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM clients`)!.n).toBe(0);
  });
  it('does not count the history of a step that was rolled back: a later unlogged write in the same call is still refused', async () => {
    const ws = openTestWorkspace();
    const registry = registryWith({
      'clients.create': write<'clients.create'>((input, ctx) => {
        try {
          mutate(ctx, 'client', (tx, at) => {
            recordChange(tx, ctx, at, { entity: 'client', entityId: 'x', action: 'create', summary: 'a step that fails after its history row' });
            throw new Error('the step failed');
          });
        } catch {
          // The service carries on after the failed step.
        }
        const at = ctx.clock.now().toISOString();
        writeTransaction(ctx, (tx) => tx.insert(clients).values({ id: newId(), name: input.name, createdAt: at, updatedAt: at }).run());
        return { id: 'x' } as never;
      }),
    });
    const r = await registry.dispatch('clients.create', { name: 'Sly Ltd' }, ws.session.ctx);
    expect(!r.ok && r.error.message).toMatch(/without recording the change in its history/);
    expect(clientCount(ws)).toBe(0);
  });

  it('a context kept past its write call writes on its own and tells the windows itself', async () => {
    const ws = openTestWorkspace();
    let kept: WriteContext | null = null;
    const registry = registryWith({
      'clients.create': write<'clients.create'>((input, ctx) => {
        kept = ctx;
        return { id: 'none' } as never;
      }),
    });
    const { ctx, events } = listening(ws.session.ctx);
    expect((await registry.dispatch('clients.create', { name: 'Later Ltd' }, ctx)).ok).toBe(true);
    const later = kept as unknown as WriteContext;
    mutate(later, 'client', (tx, at) => {
      const id = newId();
      tx.insert(clients).values({ id, name: 'Later Ltd', createdAt: at, updatedAt: at }).run();
      recordChange(tx, later, at, { entity: 'client', entityId: id, action: 'create', summary: 'Created later' });
      return { id };
    });
    expect(clientCount(ws)).toBe(1);
    expect(events.filter((e) => e.event === 'data.changed')).toHaveLength(1);
  });
});
