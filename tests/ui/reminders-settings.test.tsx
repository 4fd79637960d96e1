/**
 * Settings → Reminders over a real workspace and main's resident reminder loop: the e-mail digest's
 * settings saved with each error beside its field, the SMTP password kept on this device and never
 * shown again, pause for today, start at login (and the reason when the program cannot), the digest's
 * deliveries with a failed one and the shell's alert, and the live calendar's path with its error
 * beside the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestFailingAlert } from '@renderer/features/reminders/digest-alert';
import { ReminderSettings } from '@renderer/features/reminders/reminders-settings';
import { formatDateTime } from '@renderer/lib/format';
import { tempDir } from '../db/helpers';
import { remindersHarness, renderWithProviders, type RemindersHarness } from './reminders-harness';

let h: RemindersHarness;
afterEach(() => h.stop());

const region = (name: string) => screen.getByRole('region', { name });
const email = () => region('E-mail digest');
const field = (name: string | RegExp) => within(email()).getByRole('textbox', { name });
const describedBy = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('Settings → E-mail digest', () => {
  it('refuses the digest on without a server, the error beside "SMTP server", then saves the whole form', async () => {
    h = remindersHarness();
    const user = userEvent.setup();
    renderWithProviders(<ReminderSettings />);
    await user.click(await within(await screen.findByRole('region', { name: 'E-mail digest' })).findByRole('switch', { name: 'Send the e-mail digest' }));
    await user.click(within(email()).getByRole('button', { name: 'Save e-mail digest settings' }));
    await waitFor(() => expect(field('SMTP server')).toHaveAttribute('aria-invalid', 'true'));
    expect(describedBy(field('SMTP server'))).toContain('Set the SMTP server before turning the e-mail digest on.');
    expect((await h.ws.call('settings.get', {})).emailDigest).toBe(false);

    await user.click(field('SMTP server'));
    await user.paste('127.0.0.1');
    await waitFor(() => expect(field('SMTP server')).not.toHaveAttribute('aria-invalid', 'true'));
    const port = within(email()).getByRole('textbox', { name: 'Port' });
    await user.clear(port);
    await user.paste('2525');
    await user.click(within(email()).getByRole('textbox', { name: 'Security' }));
    await user.click(await screen.findByRole('option', { name: 'None (a relay on this network only)', hidden: true }));
    await user.click(field('User'));
    await user.paste('digest');
    await user.click(field('Sender'));
    await user.paste('reviews@agency.test');
    await user.type(field('Lead addresses'), 'lead@agency.test{Enter}not-an-address{Enter}');
    await user.click(within(email()).getByRole('checkbox', { name: 'Sat' }));
    await user.click(within(email()).getByRole('button', { name: 'Save e-mail digest settings' }));
    // A lead address that is not one: the error beside the lead addresses, nothing saved.
    await waitFor(() => expect(field('Lead addresses')).toHaveAttribute('aria-invalid', 'true'));
    expect((await h.ws.call('settings.get', {})).emailDigest).toBe(false);
    await user.click(field('Lead addresses'));
    await user.keyboard('{Backspace}');
    await user.click(within(email()).getByRole('button', { name: 'Save e-mail digest settings' }));
    await waitFor(async () => expect((await h.ws.call('settings.get', {})).emailDigest).toBe(true));
    const saved = await h.ws.call('settings.get', {});
    expect(saved).toMatchObject({
      smtpHost: '127.0.0.1',
      smtpPort: 2525,
      smtpSecurity: 'none',
      smtpUser: 'digest',
      emailFrom: 'reviews@agency.test',
      digestLeadEmails: ['lead@agency.test'],
      digestWeekdays: [1, 2, 3, 4, 5, 6],
    });
    await waitFor(() => expect(within(email()).getByRole('button', { name: 'Save e-mail digest settings' })).toBeDisabled());
  });

  it('keeps the password on this device: the badge shows, the value never comes back into the page, Remove forgets it', async () => {
    h = remindersHarness();
    const user = userEvent.setup();
    renderWithProviders(<ReminderSettings />);
    const secret = ['pw', 'Z9', 'quartz'].join('-');
    const input = await within(await screen.findByRole('region', { name: 'E-mail digest' })).findByLabelText(/SMTP password/);
    expect(within(email()).queryByText('Stored on this device')).not.toBeInTheDocument();
    expect(email()).toHaveTextContent('Kept only until the app restarts: this system has no credential store.');
    await user.type(input, secret);
    await user.click(within(email()).getByRole('button', { name: 'Save password' }));
    expect(await within(email()).findByText('Stored on this device')).toBeInTheDocument();
    expect(input).toHaveValue('');
    expect(document.body.innerHTML).not.toContain(secret);
    expect(h.secrets.get(h.resident['email'].passwordKey(h.ws.session.ctx))).toBe(secret);
    expect(JSON.stringify(await h.ws.call('settings.get', {}))).not.toContain(secret);

    await user.click(within(email()).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(within(email()).queryByText('Stored on this device')).not.toBeInTheDocument());
    expect(h.resident.state().email.passwordStored).toBe(false);
  });
});

describe('Settings → Reviews and reminders on this device', () => {
  it('pauses reminders for today and ends the pause', async () => {
    h = remindersHarness();
    const user = userEvent.setup();
    renderWithProviders(<ReminderSettings />);
    const pause = await within(await screen.findByRole('region', { name: 'Reviews and reminders' })).findByRole('switch', {
      name: 'Pause reminders for today',
    });
    expect(pause).not.toBeChecked();
    await user.click(pause);
    await waitFor(() => expect(h.resident.state().pausedToday).toBe(true));
    await waitFor(() => expect(pause).toBeChecked());
    await user.click(pause);
    await waitFor(() => expect(h.resident.state().pausedToday).toBe(false));
    await waitFor(() => expect(pause).not.toBeChecked());
  });

  it('turns start at login on where the program can', async () => {
    h = remindersHarness();
    const user = userEvent.setup();
    renderWithProviders(<ReminderSettings />);
    const login = await screen.findByRole('switch', { name: 'Start at login, hidden in the tray' });
    expect(login).toBeEnabled();
    await user.click(login);
    await waitFor(() => expect(h.loginItem!.on).toBe(true));
    await waitFor(() => expect(login).toBeChecked());
  });

  it('disables start at login with the reason where the program cannot', async () => {
    h = remindersHarness({ startAtLogin: false });
    renderWithProviders(<ReminderSettings />);
    const login = await screen.findByRole('switch', { name: 'Start at login, hidden in the tray' });
    expect(login).toBeDisabled();
    expect(describedBy(login)).toContain('Set in the desktop app.');
  });
});

describe('Digest deliveries and the failing-digest alert', () => {
  it('lists a failed delivery with its error and next attempt, and the alert names recipient, error and time', async () => {
    h = remindersHarness();
    const retry = '2026-03-01T10:15:00.000Z';
    h.recordDelivery({ recipient: 'ann@agency.test', status: 'sent' });
    renderWithProviders(
      <>
        <DigestFailingAlert />
        <ReminderSettings />
      </>,
    );
    const deliveries = await screen.findByRole('table', { name: 'Digest deliveries' });
    expect(within(deliveries).getByRole('row', { name: /ann@agency\.test/ })).toHaveTextContent('Sent');
    expect(screen.queryByTestId('digest-failing')).not.toBeInTheDocument();

    h.recordDelivery({ recipient: 'lead@agency.test', status: 'failed', attempts: 2, error: 'The SMTP server refused the sign-in.', nextAttemptAt: retry });
    h.publish();
    const row = await within(screen.getByRole('table', { name: 'Digest deliveries' })).findByRole('row', { name: /lead@agency\.test/ });
    expect(row).toHaveTextContent('Failed, tried again');
    expect(row).toHaveTextContent('The SMTP server refused the sign-in.');
    expect(row).toHaveTextContent(formatDateTime(retry));
    expect(within(row).getAllByRole('cell')[3]).toHaveTextContent('2');
    const alert = await screen.findByRole('status', { name: 'E-mail digest failing' });
    expect(alert).toHaveTextContent(
      `The e-mail digest to lead@agency.test could not be sent: The SMTP server refused the sign-in. It is tried again at ${formatDateTime(retry)}.`,
    );
    expect(within(alert).getByRole('link', { name: 'Open Settings → E-mail digest' })).toHaveAttribute('href', '#/settings?section=email-digest');
    expect(alert).not.toContainElement(document.activeElement as HTMLElement);
  });
});

describe('The digest that cannot go out from this device', () => {
  it('says so while no SMTP password is stored here, with the link to the settings, and goes once one is', async () => {
    h = remindersHarness();
    await h.ws.call('settings.update', {
      emailDigest: true,
      smtpHost: 'mail.agency.test',
      smtpUser: 'digest',
      emailFrom: 'reviews@agency.test',
      digestRecipients: 'lead',
      digestLeadEmails: ['lead@agency.test'],
    });
    renderWithProviders(<DigestFailingAlert />);
    const alert = await screen.findByRole('status', { name: 'E-mail digest not sent' });
    expect(alert).toHaveTextContent('The e-mail digest is on but is not sent from this device. No SMTP password for digest at mail.agency.test');
    expect(within(alert).getByRole('link', { name: 'Open Settings → E-mail digest' })).toHaveAttribute('href', '#/settings?section=email-digest');
    h.resident.setSmtpPassword('stored-here');
    await waitFor(() => expect(screen.queryByTestId('digest-problem')).not.toBeInTheDocument());
  });
});

describe('Settings → Live calendar', () => {
  it('shows a refused path beside the field, then keeps a calendar file current and stops it', async () => {
    h = remindersHarness();
    const user = userEvent.setup();
    renderWithProviders(<ReminderSettings />);
    const cal = await screen.findByRole('region', { name: 'Live calendar' });
    expect(within(cal).getByTestId('live-calendar-path')).toHaveTextContent('File: None');
    const input = within(cal).getByRole('textbox', { name: 'Calendar file' });
    await user.type(input, 'reviews.ics');
    await user.click(within(cal).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(describedBy(input)).toContain('"reviews.ics" is not a full path.');

    const file = path.join(tempDir(), 'reviews.ics');
    await user.clear(input);
    await user.type(input, file);
    await waitFor(() => expect(input).not.toHaveAttribute('aria-invalid', 'true'));
    await user.click(within(cal).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(cal).getByTestId('live-calendar-path')).toHaveTextContent(`File: ${file}`));
    expect(fs.readFileSync(file, 'utf8').startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(cal).toHaveTextContent('Last written:');

    await user.click(within(cal).getByRole('button', { name: 'Stop keeping a live calendar' }));
    await waitFor(() => expect(within(cal).getByTestId('live-calendar-path')).toHaveTextContent('File: None'));
    expect(h.resident.state().liveCalendar.path).toBeNull();
  });
});
