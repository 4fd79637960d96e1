/**
 * People → a person's reminders against a real workspace: the channel (desktop notification, e-mail
 * digest, none) and quiet hours in the person form, quiet hours as a pair with the error beside the
 * missing end, kept on save and shown in the list and again when editing.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { PeoplePage } from '@renderer/features/people/people-page';
import { setBridge } from '@renderer/lib/rpc';
import { openTestWorkspace } from '../db/helpers';
import { renderWithProviders } from './reminders-harness';

const describedBy = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('People → reminders of a person', () => {
  it('sets e-mail digest and quiet hours, refuses a start without an end, and keeps both', async () => {
    const ws = openTestWorkspace();
    setBridge({ invoke: (channel, input) => ws.session.dispatch(channel as never, input), on: () => () => {} });
    const user = userEvent.setup();
    renderWithProviders(
      <MemoryRouter>
        <PeoplePage />
      </MemoryRouter>,
    );
    await user.click(await screen.findByRole('button', { name: 'New person' }));
    const dialog = await screen.findByRole('dialog', { name: 'New person' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Ann Lead');
    await user.type(within(dialog).getByRole('textbox', { name: /Email/ }), 'ann@agency.test');
    const channel = within(dialog).getByRole('textbox', { name: 'Reminders' });
    expect(channel).toHaveValue('Desktop notification');
    await user.click(channel);
    await user.click(await screen.findByRole('option', { name: 'E-mail digest', hidden: true }));
    const start = within(dialog).getByLabelText('Quiet hours start');
    const end = within(dialog).getByLabelText('Quiet hours end');
    fireEvent.change(start, { target: { value: '22:00' } });
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }));
    await waitFor(() => expect(end).toHaveAttribute('aria-invalid', 'true'));
    expect(describedBy(end)).toContain('Set both the start and the end of quiet hours, or neither.');
    expect(ws.count('people')).toBe(0);

    fireEvent.change(end, { target: { value: '07:00' } });
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New person' })).not.toBeInTheDocument());
    const [ann] = (await ws.call('people.list', {})).rows;
    expect(ann).toMatchObject({ name: 'Ann Lead', reminderChannel: 'email', quietHoursStart: '22:00', quietHoursEnd: '07:00' });

    const row = await screen.findByRole('row', { name: /Ann Lead/ });
    expect(row).toHaveTextContent('E-mail digest');
    expect(row).toHaveTextContent('Quiet 22:00–07:00');
    await user.click(within(row).getByRole('button', { name: /Edit/ }));
    const edit = await screen.findByRole('dialog', { name: 'Edit Ann Lead' });
    expect(within(edit).getByRole('textbox', { name: 'Reminders' })).toHaveValue('E-mail digest');
    expect(within(edit).getByLabelText('Quiet hours start')).toHaveValue('22:00');
    expect(within(edit).getByLabelText('Quiet hours end')).toHaveValue('07:00');

    // No quiet hours: both cleared, and no reminders at all.
    fireEvent.change(within(edit).getByLabelText('Quiet hours start'), { target: { value: '' } });
    fireEvent.change(within(edit).getByLabelText('Quiet hours end'), { target: { value: '' } });
    await user.click(within(edit).getByRole('textbox', { name: 'Reminders' }));
    await user.click(await screen.findByRole('option', { name: 'No reminders', hidden: true }));
    await user.click(within(edit).getByRole('button', { name: 'Save person' }));
    await waitFor(async () =>
      expect((await ws.call('people.list', {})).rows[0]).toMatchObject({ reminderChannel: 'none', quietHoursStart: null, quietHoursEnd: null }),
    );
  });
});
