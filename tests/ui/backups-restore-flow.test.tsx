/**
 * The restore flow the Backups page and the recovery screen share, and the "Back up now" dialog,
 * against a real workspace: a wrong passphrase beside its field, the preview, the confirmation that
 * says the current workspace is backed up first, and the call to the host.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Providers } from '@renderer/app/providers';
import { BackUpDialog } from '@renderer/features/backups/back-up-dialog';
import { RestoreFlow } from '@renderer/features/backups/restore-flow';
import { setBridge } from '@renderer/lib/rpc';
import { openTestWorkspace } from '../db/helpers';

const PASSPHRASE = 'walnut bread on sunday';
/** Deriving the key from a passphrase is slow on purpose: a check waits for it. */
const SLOW = { timeout: 30_000 };

describe('the restore flow', () => {
  it('asks for the passphrase, names a wrong one beside the field, previews the backup and restores it after the confirmation', async () => {
    const ws = openTestWorkspace();
    setBridge({ invoke: (channel, input) => ws.session.dispatch(channel as never, input), on: () => () => {} });
    await ws.factories.buildSite({ name: 'Juniper Garden' });
    await ws.call('backups.create', { destination: 'automatic', passphrase: PASSPHRASE });
    const replaced: string[] = [];
    ws.session.ctx.host = { replaceWorkspace: async (_prepared, { label }) => (replaced.push(label), { safetyCopy: '/backups/before restore.rwbackup' }) };
    const { entries } = await ws.call('backups.list', {});
    const restored: string[] = [];

    const user = userEvent.setup();
    render(
      <Providers router={false}>
        <RestoreFlow backups={entries} onRestored={(r) => restored.push(r.restoredFrom)} />
      </Providers>,
    );
    const row = within(screen.getByRole('table', { name: 'Backups' })).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Encrypted');
    await user.click(within(row).getByRole('button', { name: /^Restore the backup / }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Passphrase'), 'not the one');
    await user.click(within(dialog).getByRole('button', { name: 'Open the backup' }));
    expect(await within(dialog).findByText('Wrong passphrase: the backup could not be decrypted.', undefined, SLOW)).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Passphrase')).toHaveAccessibleDescription(/Wrong passphrase/);

    await user.clear(within(dialog).getByLabelText('Passphrase'));
    await user.type(within(dialog).getByLabelText('Passphrase'), PASSPHRASE);
    await user.click(within(dialog).getByRole('button', { name: 'Open the backup' }));
    const preview = await within(dialog).findByRole('group', { name: 'What the backup holds' }, SLOW);
    expect(preview).toHaveTextContent(/Sites\s*1/);
    expect(preview).toHaveTextContent('It was encrypted');

    await user.click(within(dialog).getByRole('button', { name: 'Restore this backup…' }));
    expect(dialog).toHaveTextContent('A backup of the current workspace is kept first');
    expect(replaced).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Replace the workspace' }));
    expect(await within(dialog).findByText(/The workspace as it was is kept as \/backups\/before restore\.rwbackup/, undefined, SLOW)).toBeInTheDocument();
    expect(replaced).toEqual([entries[0]!.name]);
    expect(restored).toEqual([entries[0]!.name]);
  });
});

describe('Back up now', () => {
  it('refuses two different passphrases before sending anything, then backs up encrypted', async () => {
    const ws = openTestWorkspace();
    const calls: string[] = [];
    setBridge({ invoke: (channel, input) => (calls.push(channel), ws.session.dispatch(channel as never, input)), on: () => () => {} });
    let closed = false;
    const user = userEvent.setup();
    render(
      <Providers router={false}>
        <BackUpDialog folder="/backups" onClose={() => (closed = true)} />
      </Providers>,
    );
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Encrypt with a passphrase' }));
    expect(dialog).toHaveTextContent('a backup whose passphrase is lost can never be restored');
    await user.type(within(dialog).getByLabelText('Passphrase'), PASSPHRASE);
    await user.type(within(dialog).getByLabelText('Passphrase again'), 'walnut bread on monday');
    await user.click(within(dialog).getByRole('button', { name: 'Back up' }));
    expect(await within(dialog).findByText('The two passphrases differ: type the same passphrase twice.')).toBeInTheDocument();
    expect(calls.filter((c) => c.startsWith('backups.'))).toEqual([]);

    await user.clear(within(dialog).getByLabelText('Passphrase again'));
    await user.type(within(dialog).getByLabelText('Passphrase again'), PASSPHRASE);
    await user.click(within(dialog).getByRole('button', { name: 'Back up' }));
    await waitFor(() => expect(closed).toBe(true), SLOW);
    const { entries } = await ws.call('backups.list', {});
    expect(entries.map((e) => e.encrypted)).toEqual([true]);
  });
});
