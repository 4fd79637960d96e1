/**
 * Settings → Secrets in this workspace, against a real workspace: scan, see where each secret is
 * (masked), redact all after confirming, and scan again to find none.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Providers } from '@renderer/app/providers';
import { SecretsSection } from '@renderer/features/settings/secrets-section';
import { setBridge } from '@renderer/lib/rpc';
import { fullSite, openTestWorkspace } from '../db/helpers';

// Built at run time so this file itself holds no literal credential.
const KEY = ['sk-ant-', 'api03-', 'Zq7'.repeat(10)].join('');

describe('Secrets in this workspace', () => {
  it('scans, lists masked findings, and redacts all after a confirmation', async () => {
    const ws = openTestWorkspace();
    setBridge({ invoke: (channel, input) => ws.session.dispatch(channel as never, input), on: () => () => {} });
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
    ws.session.workspace.sqlite.prepare('UPDATE sites SET notes = ? WHERE id = ?').run(`Key ${KEY}`, site.id);

    const user = userEvent.setup();
    render(
      <Providers router={false}>
        <SecretsSection />
      </Providers>,
    );
    await user.click(screen.getByRole('button', { name: 'Scan for secrets' }));
    const table = await screen.findByRole('table', { name: 'Secrets found' });
    const row = within(table).getByRole('row', { name: /Northwind Shop/ });
    expect(row).toHaveTextContent('Notes');
    expect(row).toHaveTextContent('an Anthropic API key (sk-ant…q7)');
    expect(document.body.textContent).not.toContain('Zq7Zq7');

    await user.click(screen.getByRole('button', { name: 'Redact all' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('The old text cannot be brought back.');
    await user.click(within(dialog).getByRole('button', { name: 'Redact all' }));
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Secrets found' })).not.toBeInTheDocument());
    expect((await ws.call('sites.get', { id: site.id })).notes).toBe('Key [secret removed 2026-03-01]');

    await user.click(screen.getByRole('button', { name: 'Scan for secrets' }));
    expect(await screen.findByText(/^No secrets found in \d+ records and history rows\.$/)).toBeInTheDocument();
  });
});
