/**
 * Updates on the recovery screen (a workspace that cannot be opened, e.g. one that needs a newer app):
 * the banner with "Restart to update" once a version is downloaded, and the state with "Check now".
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceState } from '@core/contract/workspace';
import { RecoveryScreen } from '@renderer/features/workspace/recovery-screen';
import { newerVersion, renderWithProviders, updatesHarness, type UpdatesHarness } from './updates-harness';

let h: UpdatesHarness;
beforeEach(() => sessionStorage.clear());
afterEach(() => h.stop());

const recovery: WorkspaceState = {
  mode: 'recovery',
  file: '/tmp/acme/workspace.sqlite',
  name: 'workspace',
  folder: '/tmp/acme',
  title: 'workspace — Rollout Workbench — recovery',
  readOnly: false,
  problem: { title: 'This workspace needs a newer Rollout Workbench', body: 'It was written by version 2.0.0.', actions: [] },
  recent: [],
  canChooseFiles: false,
};

describe('the recovery screen', () => {
  it('checks for updates and offers the downloaded version, with focus on the page heading after "Later"', async () => {
    h = updatesHarness();
    const user = userEvent.setup();
    renderWithProviders(<RecoveryScreen state={recovery} />);
    const section = await screen.findByRole('region', { name: 'Updates' });
    const status = await within(section).findByTestId('update-status');
    await waitFor(() => expect(status.textContent).toBe('Not checked yet since Rollout Workbench started.'));
    // The switch belongs to Settings; here the state and "Check now" only.
    expect(within(section).queryByRole('switch')).not.toBeInTheDocument();

    h.offer(newerVersion());
    await user.click(within(section).getByRole('button', { name: 'Check now' }));
    await waitFor(() => expect(status.textContent).toBe('Downloading version 1.3.0 in the background.'));
    await act(async () => h.download!.finish());
    const banner = await screen.findByRole('region', { name: 'Update ready' });
    expect(within(banner).getByText('Version 1.3.0 is downloaded. Restarting takes a few seconds; your workspaces are kept.')).toBeInTheDocument();
    expect(within(banner).getByRole('button', { name: 'Restart to update' })).not.toHaveAttribute('aria-disabled');

    await user.click(within(banner).getByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('region', { name: 'Update ready' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'This workspace needs a newer Rollout Workbench' })).toHaveFocus();
  });
});
