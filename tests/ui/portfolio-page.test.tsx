import { Blob as NodeBlob } from 'node:buffer';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RpcResult } from '@core/errors';
import { Providers } from '@renderer/app/providers';
import { setBridge } from '@renderer/lib/rpc';
import { ImportPage } from '@renderer/features/portfolio/import-page';

type Answer = (input: Record<string, unknown>) => RpcResult<unknown>;

/** A bridge answering the upload channels as main does, and the given answers for the others. */
function bridge(answers: Record<string, Answer>) {
  const calls: { channel: string; input: Record<string, unknown> }[] = [];
  setBridge({
    invoke: async (channel, input) => {
      calls.push({ channel, input: input as Record<string, unknown> });
      if (answers[channel]) return answers[channel]!(input as Record<string, unknown>);
      if (channel === 'uploads.begin') return { ok: true, value: { uploadId: 'u1' } };
      if (channel === 'uploads.append') return { ok: true, value: { bytes: 0 } };
      if (channel === 'uploads.finish') return { ok: true, value: { uploadId: 'u1', fileName: 'f', bytes: 1, sha256: 'x' } };
      if (channel === 'uploads.discard') return { ok: true, value: { discarded: true } };
      if (channel === 'portfolio.mappings') return { ok: true, value: [] };
      return { ok: false, error: { code: 'NOT_FOUND', message: `no answer for ${channel}` } } as RpcResult<unknown>;
    },
    on: () => () => {},
  });
  return calls;
}

const fileOf = (text: string, name: string) => Object.assign(new NodeBlob([text]), { name, lastModified: 0, webkitRelativePath: '' }) as unknown as File;

describe('the import page', () => {
  it('says plainly why a file cannot be read, stays on the file step and drops the upload', async () => {
    const message = 'This is an old Excel file (.xls): open it in Excel or LibreOffice and save it as .xlsx or CSV, then choose it again.';
    const calls = bridge({
      'portfolio.inspect': () =>
        ({ ok: false, error: { code: 'INVALID_INPUT', message, details: { issues: [{ path: 'uploadId', message }] } } }) as RpcResult<unknown>,
    });
    render(
      <Providers>
        <ImportPage />
      </Providers>,
    );
    // An .xls is not offered by the file dialog, but can be dropped on the page.
    const user = userEvent.setup({ pointerEventsCheck: 0, applyAccept: false });
    await user.upload(await screen.findByLabelText('Spreadsheet file'), fileOf('not really a workbook', 'sites.xls'));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByLabelText('Spreadsheet file')).toBeEnabled();
    expect(screen.queryByTestId('mapping-step')).toBeNull();
    await vi.waitFor(() => expect(calls.some((c) => c.channel === 'uploads.discard' && c.input.uploadId === 'u1')).toBe(true));
    // Anything but CSV travels as base64, so main sees the file's own bytes and can name what it is.
    expect(calls.find((c) => c.channel === 'uploads.begin')!.input).toMatchObject({ fileName: 'sites.xls', encoding: 'base64' });
  });

  it('sends a CSV as text, shows its mapping, and drops the upload when the page is left before importing', async () => {
    const calls = bridge({
      'portfolio.inspect': () => ({
        ok: true,
        value: {
          format: 'csv',
          sheets: [{ name: 'clients.csv', rows: 2 }],
          sheet: null,
          delimiter: ';',
          headerRow: 1,
          columns: ['Company', 'Comments'],
          sample: [['Northwind', 'Pilot client']],
          kind: 'clients',
          preset: null,
          saved: { id: 'm1', name: 'Agency clients' },
          mapping: { kind: 'clients', sheet: null, headerRow: 1, delimiter: ';', columns: { name: 'Company', notes: 'Comments' }, newPeople: 'agency' },
          ignoredColumns: [],
        },
      }),
    });
    const view = render(
      <Providers>
        <ImportPage />
      </Providers>,
    );
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    await user.upload(await screen.findByLabelText('Spreadsheet file'), fileOf('Company;Comments\nNorthwind;Pilot client\n', 'clients.csv'));
    expect(await screen.findByTestId('mapping-step')).toBeInTheDocument();
    expect(screen.getByTestId('mapping-source')).toHaveTextContent('Saved mapping: Agency clients');
    expect(screen.getByRole('textbox', { name: 'Delimiter' })).toHaveValue('Semicolon (;)');
    expect(screen.getByRole('textbox', { name: /^Client/ })).toHaveValue('Company');
    expect(calls.find((c) => c.channel === 'uploads.begin')!.input).not.toHaveProperty('encoding');
    expect(calls.some((c) => c.channel === 'uploads.discard')).toBe(false);

    view.unmount();
    await vi.waitFor(() => expect(calls.some((c) => c.channel === 'uploads.discard' && c.input.uploadId === 'u1')).toBe(true));
  });
});
