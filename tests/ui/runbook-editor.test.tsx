/**
 * The runbook editor against a real workspace: what a site inherits and from where, an override
 * and its removal, a customised list reordered and saved, and a refused fact shown on its field.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Providers } from '@renderer/app/providers';
import { RunbookEditor } from '@renderer/features/runbook/runbook-editor';
import { setBridge } from '@renderer/lib/rpc';
import { DEFAULT_RUNBOOK } from '@core/runbook/defaults';
import { fullSite, openTestWorkspace } from '../db/helpers';

async function siteEditor() {
  const ws = openTestWorkspace();
  setBridge({ invoke: (channel, input) => ws.session.dispatch(channel as never, input), on: () => () => {} });
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
  const scope = { siteId: site.id };
  const user = userEvent.setup();
  const show = () =>
    render(
      <Providers router={false}>
        <RunbookEditor scope={scope} />
      </Providers>,
    );
  const own = async (key: 'backupSchedule' | 'clientMessage') => (await ws.call('runbook.get', { scope })).fields.find((f) => f.key === key)!.own;
  return { ws, site, client, scope, user, show, own };
}

describe('RunbookEditor', () => {
  it('shows what a site inherits and where from: the agency template, the client, the built-in default', async () => {
    const { ws, client, show } = await siteEditor();
    const template = await ws.call('runbook.get', { scope: { workspace: true } });
    await ws.call('runbook.setValues', {
      scope: { workspace: true },
      revision: template.revision,
      values: { backupSchedule: 'Nightly by the host, kept 30 days' },
    });
    const ofClient = await ws.call('runbook.get', { scope: { clientId: client.id } });
    await ws.call('runbook.setValues', {
      scope: { clientId: client.id },
      revision: ofClient.revision,
      values: { supportHours: 'Mon–Fri 09:00–17:00 Europe/London' },
    });
    show();

    const schedule = await screen.findByTestId('runbook-field-backupSchedule');
    expect(schedule).toHaveTextContent('Backup schedule');
    expect(schedule).toHaveTextContent('How often backups are taken');
    expect(schedule).toHaveTextContent('From the agency template');
    expect(schedule).toHaveTextContent('Nightly by the host, kept 30 days');
    expect(screen.getByTestId('runbook-field-supportHours')).toHaveTextContent('From the client');
    expect(screen.getByTestId('runbook-field-restoreTimeTargetMinutes')).toHaveTextContent('Built-in default');
    expect(screen.getByTestId('runbook-field-backupLocation')).toHaveTextContent('Not recorded at any level');
    expect(within(screen.getByTestId('runbook-list-triggers')).getByText('Built-in default')).toBeInTheDocument();
  });

  it('sets a fact for the site, then goes back to the inherited value', async () => {
    const { user, show, own } = await siteEditor();
    show();
    await user.click(await screen.findByRole('button', { name: 'Set for this site: Backup schedule' }));
    const input = screen.getByRole('textbox', { name: /Backup schedule/ });
    await user.clear(input);
    await user.type(input, 'Hourly snapshots, kept 7 days');
    await user.click(screen.getByRole('button', { name: 'Save facts' }));
    await waitFor(async () => expect(await own('backupSchedule')).toBe('Hourly snapshots, kept 7 days'));
    expect(await within(screen.getByTestId('runbook-field-backupSchedule')).findByText('Set for this site')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Use inherited: Backup schedule' }));
    expect(screen.queryByRole('textbox', { name: /Backup schedule/ })).not.toBeInTheDocument();
    expect(screen.getByTestId('runbook-field-backupSchedule')).toHaveTextContent('Not recorded at any level');
    await user.click(screen.getByRole('button', { name: 'Save facts' }));
    await waitFor(async () => expect(await own('backupSchedule')).toBeNull());
  });

  it('customises an inherited list, moves a row up and saves the rows in their new order', async () => {
    const { ws, scope, user, show } = await siteEditor();
    show();
    const list = await screen.findByTestId('runbook-list-triggers');
    await user.click(within(list).getByRole('button', { name: 'Customise for this site' }));
    const up = within(list).getByRole('button', { name: 'Move step 2 up' });
    await user.click(up);
    // The focus follows the row that moved, so the keyboard can keep moving it.
    expect(within(list).getByRole('button', { name: 'Move step 1 down' })).toHaveFocus();
    await user.type(within(list).getByRole('textbox', { name: 'Step 1' }), ' (check the time)');
    await user.click(within(list).getByRole('button', { name: 'Save list: When to roll back' }));

    const defaults = DEFAULT_RUNBOOK.lists.triggers!;
    const expected = [{ ...defaults[1]!, text: `${defaults[1]!.text} (check the time)` }, defaults[0]!, ...defaults.slice(2)];
    await waitFor(async () => expect((await ws.call('runbook.get', { scope })).lists.find((l) => l.list === 'triggers')!.own).toEqual(expected));
    expect(within(list).getByText('Set for this site')).toBeInTheDocument();

    // Reset to inherited asks first, then saves an empty list.
    await user.click(within(list).getByRole('button', { name: 'Reset to inherited' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reset to inherited' }));
    await waitFor(async () => expect((await ws.call('runbook.get', { scope })).lists.find((l) => l.list === 'triggers')!.own).toEqual([]));
  });

  it('shows a refused fact on its own field and saves nothing', async () => {
    const { user, show, own } = await siteEditor();
    show();
    await user.click(await screen.findByRole('button', { name: 'Set for this site: Message to the client' }));
    const message = screen.getByRole('textbox', { name: /Message to the client/ });
    await user.clear(message);
    await user.type(message, 'We are restoring {{{{sitename}} now.');
    await user.click(screen.getByRole('button', { name: 'Save facts' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Message to the client/ })).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByRole('textbox', { name: /Message to the client/ })).toHaveAccessibleDescription(/\{\{sitename\}\}/);
    expect(await own('clientMessage')).toBeNull();
  });
});
