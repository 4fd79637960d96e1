/**
 * The bulk edit dialog against a real workspace: choose a change, preview it per site, see the
 * refusals beside their fields, offer the override when the stage gates block sites, apply to the
 * sites that would change and read what happened to each.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';
import { Providers } from '@renderer/app/providers';
import { BulkEditDialog } from '@renderer/features/bulk/bulk-edit-dialog';
import { setBridge } from '@renderer/lib/rpc';
import { openTestWorkspace, type TestWorkspace } from '../db/helpers';

const SLOW = { timeout: 20_000 };

async function setUp() {
  const ws = openTestWorkspace();
  setBridge({ invoke: (channel, input) => ws.session.dispatch(channel as never, input), on: () => () => {} });
  const client = await ws.factories.buildClient({ name: 'Acme' });
  const sites = [];
  for (const name of ['Acme one', 'Acme two', 'Acme three']) sites.push(await ws.factories.buildSite({ clientId: client.id, name, host: 'Kinsta' }));
  await ws.factories.buildSite({ name: 'Elsewhere', host: 'Kinsta' });
  const filter = contract['sites.list'].input.parse({ clientId: client.id });
  return { ws, sites, filter };
}

function open(filter: ReturnType<(typeof contract)['sites.list']['input']['parse']>) {
  let closed = false;
  render(
    <Providers router={false}>
      <BulkEditDialog filter={filter} label="3 sites (filtered)" onClose={() => (closed = true)} />
    </Providers>,
  );
  return { closed: () => closed };
}

async function choose(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, label: string, option: string) {
  const box = within(dialog).getByRole('textbox', { name: label });
  await user.click(box);
  const list = await screen.findByRole('listbox', { hidden: true, name: (_, el) => el.id === box.getAttribute('aria-controls') });
  await user.click(within(list).getByRole('option', { name: option, hidden: true }));
}

const hostOf = async (ws: TestWorkspace, id: string) => (await ws.call('sites.get', { id })).host;

describe('the bulk edit dialog', () => {
  it('sets a field: a bad value is refused beside the field per site, then a preview, apply and the results', async () => {
    const { ws, sites, filter } = await setUp();
    await ws.call('sites.update', { ...(await ws.call('sites.get', { id: sites[2]!.id })), host: 'WP Engine' });
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    const view = open(filter);
    const dialog = await screen.findByRole('dialog', { name: 'Bulk edit 3 sites (filtered)' });
    await choose(user, dialog, 'Change', 'Set a field');
    await choose(user, dialog, 'Field', 'PHP version');
    await user.type(within(dialog).getByRole('textbox', { name: /^New PHP version/ }), 'eight');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    const counts = await within(dialog).findByTestId('bulk-counts', undefined, SLOW);
    expect(counts).toHaveTextContent('Blocked: 3');
    expect(within(dialog).getAllByText('PHP version must look like a version number, for example 8.2.').length).toBeGreaterThan(0);
    expect(within(dialog).getByRole('button', { name: 'Apply to 0 sites' })).toBeDisabled();

    await choose(user, dialog, 'Field', 'Host');
    const value = within(dialog).getByRole('textbox', { name: /^New Host/ });
    await user.clear(value);
    await user.type(value, 'WP Engine');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByText('Would change: 2', undefined, SLOW)).toBeInTheDocument();
    expect(within(dialog).getByText('Already so: 1')).toBeInTheDocument();
    const table = within(dialog).getByRole('table', { name: 'What the change would do, per site' });
    expect(within(table).getAllByText('Host: Kinsta → WP Engine')).toHaveLength(2);
    expect(await hostOf(ws, sites[0]!.id)).toBe('Kinsta');

    await user.click(within(dialog).getByRole('button', { name: 'Apply to 2 sites' }));
    expect(await within(dialog).findByText('Done: 2 sites changed.', undefined, SLOW)).toBeInTheDocument();
    expect(within(within(dialog).getByRole('table', { name: 'What the change did, per site' })).getAllByText('Changed')).toHaveLength(2);
    expect(await hostOf(ws, sites[0]!.id)).toBe('WP Engine');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(view.closed()).toBe(true);
  });

  it('changes stage: blocked sites offer the override reason, a short one is refused beside it, a good one moves them', async () => {
    const { ws, sites, filter } = await setUp();
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    open(filter);
    const dialog = await screen.findByRole('dialog');
    await choose(user, dialog, 'Change', 'Change stage');
    expect(within(dialog).queryByRole('textbox', { name: /Override reason/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    // No stage chosen: the contract's refusal shows beside the field, and no site was tried.
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: /^New stage/ })).toHaveAttribute('aria-invalid', 'true'), SLOW);
    expect(within(dialog).queryByTestId('bulk-counts')).toBeNull();
    await choose(user, dialog, 'New stage', 'Pilot');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByText('Blocked: 3', undefined, SLOW)).toBeInTheDocument();
    expect(within(dialog).getAllByText(/^Planning → Pilot is blocked:/).length).toBeGreaterThan(0);

    const reason = within(dialog).getByRole('textbox', { name: /Override reason/ });
    await user.type(reason, 'too short');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByRole('textbox', { name: /Override reason/ }, SLOW)).toHaveAttribute('aria-invalid', 'true');

    await user.type(reason, ': the client signed off the pilot in writing');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByText('Would change: 3', undefined, SLOW)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Apply to 3 sites' }));
    expect(await within(dialog).findByText('Done: 3 sites changed.', undefined, SLOW)).toBeInTheDocument();
    for (const s of sites) expect((await ws.call('sites.get', { id: s.id })).stage).toBe('pilot');
  });
});
