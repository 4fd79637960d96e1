import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Providers } from '@renderer/app/providers';
import { setBridge } from '@renderer/lib/rpc';
import { SiteForm, type SiteFormOutput } from '@renderer/features/sites/site-form';
import { ErrorCode, WorkbenchError } from '@core/errors';

// The client picker asks the workspace for clients; answer from memory.
setBridge({
  invoke: async (channel) =>
    channel === 'clients.list'
      ? {
          ok: true,
          value: {
            rows: [{ id: 'c1', name: 'Northwind', notes: null, siteCount: 0, archivedAt: null, createdAt: '', updatedAt: '', version: 1 }],
            total: 1,
            offset: 0,
          },
        }
      : { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } },
  on: () => () => {},
});

function setup(onSubmit = vi.fn(async (_v: SiteFormOutput) => undefined)) {
  render(
    <Providers router={false}>
      <SiteForm
        submitLabel="Create site"
        onSubmit={onSubmit}
        initial={{ clientId: 'c1', name: '', productionUrl: '', stage: 'planning' }}
        clientName="Northwind"
      />
    </Providers>,
  );
  return { onSubmit, user: userEvent.setup() };
}

describe('SiteForm', () => {
  it('shows the contract’s field errors and does not submit', async () => {
    const { onSubmit, user } = setup();
    await user.type(screen.getByRole('textbox', { name: /Site name/ }), 'Shop');
    await user.type(screen.getByRole('textbox', { name: /Production URL/ }), 'http://shop.example.com');
    await user.type(screen.getByRole('textbox', { name: 'WordPress version' }), '6.x');
    await user.type(screen.getByRole('textbox', { name: /Notes/ }), 'key sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123');
    await user.click(screen.getByRole('button', { name: 'Create site' }));
    expect(await screen.findByText(/Production URL must use https:\/\//)).toBeInTheDocument();
    expect(screen.getByText('WordPress version must look like a version number, for example 6.6.2.')).toBeInTheDocument();
    expect(screen.getByText(/Notes contains an OpenAI API key/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Production URL/ })).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits normalised values when valid', async () => {
    const { onSubmit, user } = setup();
    await user.type(screen.getByRole('textbox', { name: /Site name/ }), '  Shop  ');
    await user.type(screen.getByRole('textbox', { name: /Production URL/ }), 'https://Shop.Example.com/');
    await user.type(screen.getByRole('textbox', { name: 'PHP version' }), 'v8.2');
    await user.click(screen.getByRole('button', { name: 'Create site' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      clientId: 'c1',
      name: 'Shop',
      productionUrl: 'https://shop.example.com',
      phpVersion: '8.2',
      stagingUrl: null,
      notes: null,
      stage: 'planning',
    });
  });

  it('puts a server refusal on its field', async () => {
    const refusal = new WorkbenchError(ErrorCode.DUPLICATE, 'https://shop.example.com is already the production URL of “Old shop” (Northwind).', {
      issues: [{ path: 'productionUrl', message: 'https://shop.example.com is already the production URL of “Old shop” (Northwind).' }],
    });
    const { user } = setup(
      vi.fn(async () => {
        throw refusal;
      }),
    );
    await user.type(screen.getByRole('textbox', { name: /Site name/ }), 'Shop');
    await user.type(screen.getByRole('textbox', { name: /Production URL/ }), 'https://shop.example.com');
    await user.click(screen.getByRole('button', { name: 'Create site' }));
    expect(await screen.findByText(/already the production URL of “Old shop”/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Production URL/ })).toHaveAttribute('aria-invalid', 'true');
  });
});
