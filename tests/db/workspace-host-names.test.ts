/**
 * Names of new workspaces (core/contract/workspace.ts WorkspaceName, used by workspace.create and the
 * host): one file name every system accepts, normalised to NFC, each refusal naming the field.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceName } from '@core/contract/workspace';
import type { WorkspaceHost } from '@main/workspace-host';
import { startHost, workspaceWith } from './fixtures/host-kit';

const hosts: WorkspaceHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

describe('workspace names', () => {
  it.each([
    ['CON', /one Windows keeps for devices/],
    ['nul.txt', /one Windows keeps for devices/],
    ['Lpt9', /one Windows keeps for devices/],
    ['Acme.', /cannot end with a dot or a space/],
    ['Acme\u202Eslx', /invisible character/],
    ['Ac\u200Bme', /invisible character/],
    ['Acme\u0007', /invisible character/],
    ['x'.repeat(101), /within 100 bytes/],
    ['é'.repeat(51), /within 100 bytes/],
    ['a/b', /leave out "\/"/],
  ])('refuses %j, naming the field', (name, message) => {
    const r = WorkspaceName.safeParse(name);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^The workspace name /);
    expect(r.error!.issues[0]!.message).toMatch(message);
  });

  it('accepts ordinary names, trimmed and in NFC', () => {
    expect(WorkspaceName.parse('  Acme rollouts ')).toBe('Acme rollouts');
    expect(WorkspaceName.parse('Cafe\u0301')).toBe('Caf\u00E9');
    expect(WorkspaceName.parse('é'.repeat(50))).toBe('é'.repeat(50));
    expect(WorkspaceName.parse('Console')).toBe('Console');
    expect(WorkspaceName.parse('COM10')).toBe('COM10');
  });

  it('creates the file under the NFC name and refuses reserved ones through the channel', async () => {
    const first = await workspaceWith('Client A');
    const { host, call } = startHost(first, hosts);
    const state = await call<{ file: string }>('workspace.create', { name: 'Cafe\u0301', where: 'beside-current' });
    expect(state.file).toBe(path.join(path.dirname(first), 'Caf\u00E9.sqlite'));
    const r = await host.dispatch('workspace.create', { name: 'AUX', where: 'beside-current' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
