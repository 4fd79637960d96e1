/**
 * Settings → Updates over main's update controller: the version and the state in words (up to date,
 * checked at and next check, downloading with its progress, ready, an error with when it is tried
 * again), "Check now", the "Automatic updates" switch, keyboard focus kept on a control while its call
 * runs, and a build that cannot update itself.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdatesSection } from '@renderer/features/updates/updates-section';
import { formatDateTime } from '@renderer/lib/format';
import { newerVersion, renderWithProviders, updatesHarness, type UpdatesHarness } from './updates-harness';

let h: UpdatesHarness;
afterEach(() => h.stop());

const section = () => screen.getByRole('region', { name: 'Updates' });
const status = () => within(section()).getByTestId('update-status');
const statusIs = (text: string) => waitFor(() => expect(status().textContent).toBe(text));

describe('Settings → Updates', () => {
  it('checks now from the keyboard, keeping focus on the button, then says it is up to date, when it checked and when it checks next', async () => {
    h = updatesHarness();
    const user = userEvent.setup();
    renderWithProviders(<UpdatesSection />);
    expect(await within(section()).findByText('Version 1.2.0')).toBeInTheDocument();
    await statusIs('Not checked yet since Rollout Workbench started.');

    const checkNow = within(section()).getByRole('button', { name: 'Check now' });
    const release = h.holdChecks();
    checkNow.focus();
    await user.keyboard('{Enter}');
    await statusIs('Checking for a newer version…');
    expect(checkNow).toHaveAttribute('aria-busy', 'true');
    expect(checkNow).toHaveFocus();
    expect(section()).not.toHaveTextContent('Next check');
    // Pressed again while the check runs: nothing more is asked.
    await user.keyboard('{Enter}');
    act(() => release());
    await statusIs('Up to date: this is the newest version.');
    await waitFor(() => expect(checkNow).not.toHaveAttribute('aria-busy'));
    expect(checkNow).toHaveFocus();
    const state = h.controller.state();
    expect(h.calls.filter((c) => c.channel === 'updates.check')).toEqual([{ channel: 'updates.check', input: {} }]);
    expect(section()).toHaveTextContent(`Last checked ${formatDateTime(state.lastCheckedAt)}. Next check ${formatDateTime(state.nextCheckAt)}.`);
  });

  it('shows the download’s progress on the bar only, then the ready version with "Restart to update", and no next check meanwhile', async () => {
    h = updatesHarness();
    await h.checkFinding(newerVersion());
    expect(h.controller.state().nextCheckAt).toBeNull();
    renderWithProviders(<UpdatesSection />);
    await statusIs('Downloading version 1.3.0 in the background.');
    act(() => h.download!.progress({ percent: 42.7, transferred: 427, total: 1000 }));
    const bar = within(section()).getByRole('progressbar', { name: 'Downloading version 1.3.0' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '42'));
    expect(status().textContent).toBe('Downloading version 1.3.0 in the background.');
    const checkNow = within(section()).getByRole('button', { name: 'Check now' });
    expect(checkNow).toHaveAttribute('aria-disabled', 'true');
    expect(within(section()).queryByRole('button', { name: 'Restart to update' })).not.toBeInTheDocument();
    // Main keeps a next check while the download runs, yet skips it: the page does not promise one.
    act(() => h.push({ ...h.controller.state(), nextCheckAt: '2026-03-02T09:00:00.000Z' }));
    expect(section()).toHaveTextContent(`Last checked ${formatDateTime(h.controller.state().lastCheckedAt)}.`);
    expect(section()).not.toHaveTextContent('Next check');

    await act(async () => h.download!.finish());
    await statusIs('Version 1.3.0 is ready: restart to update.');
    expect(within(section()).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(section()).getByRole('button', { name: 'Restart to update' })).not.toHaveAttribute('aria-disabled');
    act(() => h.push({ ...h.controller.state(), nextCheckAt: '2026-03-02T09:00:00.000Z' }));
    expect(section()).not.toHaveTextContent('Next check');
  });

  it('labels the progress bar when the version is not known yet', async () => {
    h = updatesHarness();
    renderWithProviders(<UpdatesSection />);
    await statusIs('Not checked yet since Rollout Workbench started.');
    act(() => h.push({ ...h.controller.state(), status: 'downloading', available: null, progress: { percent: 10, transferred: 1, total: 10 } }));
    await statusIs('Downloading the update in the background.');
    expect(within(section()).getByRole('progressbar', { name: 'Downloading the update' })).toHaveAttribute('aria-valuenow', '10');
  });

  it('shows the version ready when its download ends before the check’s own answer arrives', async () => {
    h = updatesHarness();
    const user = userEvent.setup();
    renderWithProviders(<UpdatesSection />);
    await within(section()).findByText('Version 1.2.0');
    h.offer(newerVersion());
    // The download ends, and main says 'ready', before the check's answer ('downloading') is back.
    h.beforeAnswer = async (channel) => {
      if (channel !== 'updates.check') return;
      h.download!.finish();
      await waitFor(() => expect(h.controller.state().status).toBe('ready'));
    };
    const checkNow = within(section()).getByRole('button', { name: 'Check now' });
    await user.click(checkNow);
    // Once the call has settled (its answer and what followed), not the moment the event passes by.
    await waitFor(() => expect(checkNow).not.toHaveAttribute('aria-busy'));
    expect(status().textContent).toBe('Version 1.3.0 is ready: restart to update.');
  });

  it('shows main’s words for a failure once, with when the next check is or how to try again', async () => {
    h = updatesHarness();
    renderWithProviders(<UpdatesSection />);
    await statusIs('Not checked yet since Rollout Workbench started.');
    const base = h.controller.state();
    act(() =>
      h.push({
        ...base,
        status: 'error',
        error: 'The update server could not be reached (no network, or it is down).',
        nextCheckAt: '2026-03-01T10:00:00.000Z',
      }),
    );
    await statusIs(
      `Update problem: The update server could not be reached (no network, or it is down). The next check is at ${formatDateTime('2026-03-01T10:00:00.000Z')}.`,
    );
    expect(section()).not.toHaveTextContent('Next check');

    act(() =>
      h.push({ ...base, automatic: false, status: 'error', error: 'The downloaded update could not be installed: the installer refused', nextCheckAt: null }),
    );
    await statusIs('Update problem: The downloaded update could not be installed: the installer refused. Use Check now to try again.');
  });

  it('says what went wrong when a download fails, in main’s words as given', async () => {
    h = updatesHarness();
    await h.checkFinding(newerVersion());
    renderWithProviders(<UpdatesSection />);
    await statusIs('Downloading version 1.3.0 in the background.');
    act(() => h.download!.fail(new Error('sha512 checksum mismatch')));
    await waitFor(() => expect(h.controller.state().status).toBe('error'));
    const { error, nextCheckAt } = h.controller.state();
    expect(nextCheckAt).not.toBeNull();
    await statusIs(`Update problem: ${error} The next check is at ${formatDateTime(nextCheckAt)}.`);
  });

  it('turns automatic updates off and on with the switch from the keyboard, keeping focus on it, saying what off means', async () => {
    h = updatesHarness();
    const user = userEvent.setup();
    renderWithProviders(<UpdatesSection />);
    const toggle = await within(section()).findByRole('switch', { name: 'Automatic updates' });
    expect(toggle).toBeChecked();
    expect(toggle).toHaveAccessibleDescription(/looks for a newer version at start and once a day/);

    let answer: () => void = () => {};
    h.beforeAnswer = (channel) => (channel === 'updates.setAutomatic' ? new Promise<void>((r) => (answer = r)) : undefined);
    toggle.focus();
    await user.keyboard(' ');
    await waitFor(() => expect(toggle).toHaveAttribute('aria-busy', 'true'));
    expect(toggle).toHaveFocus();
    expect(toggle).not.toBeChecked();
    act(() => answer());
    await waitFor(() => expect(toggle).not.toHaveAttribute('aria-busy'));
    expect(toggle).toHaveFocus();
    h.beforeAnswer = null;
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription('Rollout Workbench will not look for updates; use Check now.');
    expect(h.controller.state().automatic).toBe(false);
    expect(h.calls.filter((c) => c.channel === 'updates.setAutomatic').map((c) => c.input)).toEqual([{ automatic: false }]);
    expect(within(section()).getByRole('button', { name: 'Check now' })).not.toHaveAttribute('aria-disabled');

    await user.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(h.controller.state().automatic).toBe(true);
  });

  it('says why a build cannot update itself and offers no control that could not work', async () => {
    h = updatesHarness({ supported: false });
    renderWithProviders(<UpdatesSection />);
    await statusIs('This build does not update itself: it runs from a development checkout.');
    expect(section()).toHaveTextContent('Version 1.2.0');
    expect(within(section()).queryByRole('button')).not.toBeInTheDocument();
    expect(within(section()).queryByRole('switch')).not.toBeInTheDocument();
  });
});
