import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { Providers } from '@renderer/app/providers';
import { notifyError } from '@renderer/lib/errors';
import { setBridge } from '@renderer/lib/rpc';

setBridge({ invoke: async () => ({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'none' } }), on: () => () => {} });

const BUSY = 'Another program is writing to this workspace (an import, a backup or another window). Nothing was saved; try again in a moment.';
const FULL = 'The disk is full: nothing was saved. Free some space on the disk that holds the workspace and try again.';

describe('error notifications', () => {
  it('show a fault’s message as it is, and offer "Try again" for a busy workspace', async () => {
    render(<Providers router={false}>{null}</Providers>);
    const user = userEvent.setup();
    const retry = vi.fn();
    act(() => notifyError(new WorkbenchError(ErrorCode.DISK_FULL, FULL), 'Not saved', retry));
    expect(await screen.findByText(FULL)).toBeInTheDocument();
    // A full disk does not clear by itself: no "Try again" there.
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();

    act(() => notifyError(new WorkbenchError(ErrorCode.BUSY, BUSY), 'Not saved', retry));
    expect(await screen.findByText(BUSY)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
