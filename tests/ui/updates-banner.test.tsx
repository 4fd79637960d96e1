/**
 * The shell's "Version X is downloaded" banner over main's update controller: nothing until a version is
 * downloaded, "Restart to update" held back (and saying why) while an export runs, a refusal shown in
 * main's words until its cause ends, "What's new" showing the notes as text, "Later" hiding it until
 * the next version, and one restart shared with Settings → Updates.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpdateBanner } from '@renderer/features/updates/update-banner';
import { UpdatesSection } from '@renderer/features/updates/updates-section';
import { holdRestart } from '@main/updates/busy';
import { newerVersion, renderWithProviders, updatesHarness, type UpdatesHarness } from './updates-harness';

let h: UpdatesHarness;
beforeEach(() => sessionStorage.clear());
afterEach(() => h.stop());

const banner = () => screen.queryByRole('region', { name: 'Update ready' });
const sectionStatus = () => within(screen.getByRole('region', { name: 'Updates' })).getByTestId('update-status');
const BANNER_TEXT = 'Version 1.3.0 is downloaded. Restarting takes a few seconds; your workspaces are kept.';

describe('the update banner', () => {
  it('shows nothing while up to date, checking or downloading, and appears once the version is ready', async () => {
    h = updatesHarness();
    // Settings → Updates beside it shows that each state has reached the page.
    renderWithProviders(
      <>
        <UpdatesSection />
        <UpdateBanner />
      </>,
    );
    await waitFor(() => expect(sectionStatus().textContent).toBe('Not checked yet since Rollout Workbench started.'));
    await act(() => h.checkFinding(null));
    await waitFor(() => expect(sectionStatus().textContent).toBe('Up to date: this is the newest version.'));
    expect(banner()).not.toBeInTheDocument();

    const release = h.holdChecks();
    h.offer(newerVersion());
    let checked: Promise<unknown> = Promise.resolve();
    act(() => void (checked = h.controller.check()));
    await waitFor(() => expect(sectionStatus().textContent).toBe('Checking for a newer version…'));
    expect(banner()).not.toBeInTheDocument();

    await act(async () => {
      release();
      await checked;
    });
    act(() => h.download!.progress({ percent: 40, transferred: 40, total: 100 }));
    await waitFor(() => expect(sectionStatus().textContent).toBe('Downloading version 1.3.0 in the background.'));
    expect(banner()).not.toBeInTheDocument();

    await act(async () => h.download!.finish());
    const shown = await screen.findByRole('region', { name: 'Update ready' });
    expect(within(shown).getByText(BANNER_TEXT)).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: 'Restart to update' })).not.toHaveAttribute('aria-disabled');
  });

  it('restarts when asked from the keyboard, keeping focus on the button while the call runs', async () => {
    h = updatesHarness();
    await h.ready(newerVersion());
    const user = userEvent.setup();
    renderWithProviders(<UpdateBanner />);
    const restart = await screen.findByRole('button', { name: 'Restart to update' });
    let answer: () => void = () => {};
    h.beforeAnswer = (channel) => (channel === 'updates.install' ? new Promise<void>((r) => (answer = r)) : undefined);
    await user.tab();
    expect(restart).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(restart).toHaveAttribute('aria-busy', 'true'));
    expect(restart).toHaveFocus();
    // A second press while the call runs asks for nothing more.
    await user.keyboard('{Enter}');
    act(() => answer());
    expect(await screen.findByText('Restarting into the new version…')).toBeInTheDocument();
    expect(restart).toHaveFocus();
    expect(restart).toHaveAttribute('aria-disabled', 'true');
    expect(h.restarts).toBe(1);
    expect(h.calls.filter((c) => c.channel === 'updates.install')).toHaveLength(1);
  });

  it('shows the same restart in the banner and in Settings → Updates', async () => {
    h = updatesHarness();
    await h.ready(newerVersion());
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <UpdateBanner />
        <UpdatesSection />
      </>,
    );
    const fromBanner = within(await screen.findByRole('region', { name: 'Update ready' })).getByRole('button', { name: 'Restart to update' });
    await user.click(fromBanner);
    const section = screen.getByRole('region', { name: 'Updates' });
    await waitFor(() => expect(within(section).getByText('Restarting into the new version…')).toBeInTheDocument());
    expect(within(banner()!).getByText('Restarting into the new version…')).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Restart to update' })).toHaveAttribute('aria-disabled', 'true');
    expect(h.restarts).toBe(1);
  });

  it('holds "Restart to update" back while an export runs, says why, and lets it go when the export ends', async () => {
    h = updatesHarness();
    await h.ready(newerVersion());
    const user = userEvent.setup();
    renderWithProviders(<UpdateBanner />);
    const restart = await screen.findByRole('button', { name: 'Restart to update' });
    let release: () => void = () => {};
    let second: () => void = () => {};
    try {
      act(() => void (release = holdRestart('an export of documents')));
      await waitFor(() => expect(restart).toHaveAttribute('aria-disabled', 'true'));
      expect(restart).toHaveAccessibleDescription('You can restart once the export of documents finishes.');
      await user.click(restart);
      expect(h.calls.filter((c) => c.channel === 'updates.install')).toEqual([]);

      act(() => void (second = holdRestart('a spreadsheet import')));
      await waitFor(() => expect(restart).toHaveAccessibleDescription('You can restart once the export of documents and the spreadsheet import finish.'));
    } finally {
      act(() => release());
      act(() => second());
    }
    await waitFor(() => expect(restart).not.toHaveAttribute('aria-disabled'));
    expect(banner()).not.toHaveTextContent('You can restart once');
    expect(h.restarts).toBe(0);
  });

  it('shows main’s refusal when an export started after the banner was drawn, and drops it once the export ends', async () => {
    h = updatesHarness();
    await h.ready(newerVersion());
    const user = userEvent.setup();
    renderWithProviders(<UpdateBanner />);
    const restart = await screen.findByRole('button', { name: 'Restart to update' });
    let release: () => void = () => {};
    try {
      release = holdRestart('a spreadsheet import');
      // The banner has not heard of the import yet (its event is still on its way): main refuses and says why.
      act(() => h.push({ ...h.controller.state(), busy: [] }));
      await waitFor(() => expect(restart).not.toHaveAttribute('aria-disabled'));
      await user.click(restart);
      expect((await screen.findByRole('alert')).textContent).toBe(
        'Not restarting now: a spreadsheet import is running and would be cut short. Restart to update when it ends.',
      );
      // The state is read again after the refusal: the reason shows without a further event.
      await waitFor(() => expect(restart).toHaveAccessibleDescription('You can restart once the spreadsheet import finishes.'));
      expect(h.restarts).toBe(0);
    } finally {
      act(() => release());
    }
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(restart).not.toHaveAttribute('aria-disabled');
  });

  it('shows the release notes as text, keeping paragraphs and list lines, and gives focus back when closed', async () => {
    h = updatesHarness();
    const notes =
      '<p>Exports are faster.</p><ul><li>Bulk PDF export in the background</li><li>Fixed &lt;a href="https://example.test"&gt;links&lt;/a&gt; in notes</li></ul><p>Thanks to <a href="https://example.test/team">the team</a>.</p>';
    await h.ready(newerVersion({ releaseNotes: notes, releaseName: 'Spring release' }));
    const user = userEvent.setup();
    renderWithProviders(<UpdateBanner />);
    const whatsNew = await screen.findByRole('button', { name: 'What’s new' });
    await user.click(whatsNew);
    const dialog = await screen.findByRole('dialog', { name: 'What’s new in version 1.3.0' });
    expect(dialog).toHaveTextContent('Spring release');
    const body = within(dialog).getByRole('region', { name: 'Release notes' });
    expect(Array.from(body.querySelectorAll('p'), (p) => p.textContent)).toEqual(['Exports are faster.', 'Thanks to the team.']);
    expect(
      within(body)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Bulk PDF export in the background', 'Fixed <a href="https://example.test">links</a> in notes']);
    expect(within(dialog).queryByRole('link')).not.toBeInTheDocument();
    expect(body).toHaveAttribute('tabindex', '0');

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(whatsNew).toHaveFocus());
  });

  it('“Later” hides the banner for that version and moves focus to the page heading; it stays hidden after a reload until a newer version', async () => {
    h = updatesHarness();
    const ready = await h.ready(newerVersion());
    const user = userEvent.setup();
    const first = renderWithProviders(
      <main>
        <h2>Settings</h2>
        <UpdateBanner />
      </main>,
    );
    await user.click(await screen.findByRole('button', { name: 'Later' }));
    expect(banner()).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Settings' })).toHaveFocus();
    first.unmount();

    renderWithProviders(
      <>
        <UpdatesSection />
        <UpdateBanner />
      </>,
    );
    // The ready state has reached the page (Settings shows it), and the banner still stays away.
    await waitFor(() => expect(sectionStatus().textContent).toBe('Version 1.3.0 is ready: restart to update.'));
    expect(banner()).not.toBeInTheDocument();

    act(() => h.push({ ...ready, available: { ...ready.available!, version: '1.4.0' } }));
    expect(await screen.findByRole('region', { name: 'Update ready' })).toHaveTextContent(
      'Version 1.4.0 is downloaded. Restarting takes a few seconds; your workspaces are kept.',
    );
  });
});
