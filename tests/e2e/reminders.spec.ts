/**
 * Reminders in the web harness against a real SMTP server started on loopback in the test (smtp-server,
 * signing in with a user and password; mailparser reads what arrived): Settings → E-mail digest saved
 * with the server, sender and a lead address, the password stored on this device (memory in the
 * harness) and never shown again, "Send test message" delivering one message with the subject, To and
 * a text body; a live calendar kept in a temp folder; a person's reminders by e-mail digest with quiet
 * hours kept after a reload. With axe scans of the sections in the light and the dark scheme.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { expect, test as base } from './fixtures';

const USER = 'digest';
// Built at run time so this file itself holds no literal credential.
const PASSWORD = ['loop', 'back', 'Q7'].join('-');

interface Loopback {
  port: number;
  messages: ParsedMail[];
  envelopes: string[][];
  logins: string[];
}

const test = base.extend<{ smtp: Loopback }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  smtp: async ({}, use) => {
    const box: Loopback = { port: 0, messages: [], envelopes: [], logins: [] };
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, done) {
        box.logins.push(auth.username ?? '');
        if (auth.username === USER && auth.password === PASSWORD) return done(null, { user: USER });
        return done(new Error('Invalid username or password'));
      },
      onData(stream, session, done) {
        simpleParser(stream)
          .then((mail) => {
            box.messages.push(mail);
            box.envelopes.push(session.envelope.rcptTo.map((r) => r.address));
            done();
          })
          .catch(done);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    box.port = (server.server.address() as { port: number }).port;
    await use(box);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
});

async function seriousViolations(page: Page, ...selectors: string[]) {
  const axe = new AxeBuilder({ page });
  for (const s of selectors) axe.include(s);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 160)} ${v.nodes[0]?.failureSummary ?? ''}`);
}

const SECTIONS = [
  '[data-testid="reminders-desktop"]',
  '[data-testid="reminders-email"]',
  '[data-testid="reminders-deliveries"]',
  '[data-testid="reminders-calendar"]',
];

test('sets up the e-mail digest against a loopback SMTP server, sends a test message and keeps a live calendar', async ({ page, app, smtp }) => {
  await app.open(page, '/settings');
  const email = page.getByRole('region', { name: 'E-mail digest' });
  await email.getByRole('textbox', { name: 'SMTP server' }).fill('127.0.0.1');
  await email.getByRole('textbox', { name: 'Port' }).fill(String(smtp.port));
  await email.getByRole('textbox', { name: 'Security' }).click();
  await page.getByRole('option', { name: 'None (a relay on this network only)' }).click();
  await email.getByRole('textbox', { name: 'User' }).fill(USER);
  await email.getByRole('textbox', { name: 'Sender' }).fill('reviews@agency.test');
  const lead = email.getByRole('textbox', { name: 'Lead addresses' });
  await lead.fill('lead@agency.test');
  await lead.press('Enter');
  await email.getByRole('switch', { name: 'Send the e-mail digest' }).check();
  await email.getByRole('button', { name: 'Save e-mail digest settings' }).click();
  await expect(email.getByRole('button', { name: 'Save e-mail digest settings' })).toBeDisabled();
  expect(await app.rpc('settings.get')).toMatchObject({
    emailDigest: true,
    smtpHost: '127.0.0.1',
    smtpPort: smtp.port,
    smtpSecurity: 'none',
    smtpUser: USER,
    emailFrom: 'reviews@agency.test',
    digestLeadEmails: ['lead@agency.test'],
  });

  // The password: kept on this device (memory in the harness), never shown again.
  await expect(email).toContainText('Kept only until the app restarts: this system has no credential store.');
  const password = email.getByLabel(/SMTP password/);
  await password.fill(PASSWORD);
  await email.getByRole('button', { name: 'Save password' }).click();
  await expect(email.getByText('Stored on this device')).toBeVisible();
  await expect(password).toHaveValue('');
  expect(await page.content()).not.toContain(PASSWORD);

  await email.getByRole('button', { name: 'Send test message' }).click();
  await expect(email.getByTestId('test-message-result')).toHaveText(/^Test message sent to lead@agency\.test\./);
  expect(smtp.messages).toHaveLength(1);
  const [mail] = smtp.messages;
  expect(smtp.logins).toEqual([USER]);
  expect(smtp.envelopes[0]).toEqual(['lead@agency.test']);
  expect(mail!.subject).toMatch(/^Test: Reviews: /);
  expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value.map((a) => a.address) : []).toEqual(['lead@agency.test']);
  expect(mail!.from?.value[0]?.address).toBe('reviews@agency.test');
  expect(mail!.text).toContain('A test message of the e-mail digest');
  expect(mail!.text).not.toContain(PASSWORD);
  // The test delivery is listed with the others.
  const deliveries = page.getByRole('region', { name: 'Digest deliveries' });
  await expect(deliveries.getByRole('row', { name: /lead@agency\.test/ })).toContainText('Sent');

  // The live calendar, in a folder of the test's own.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-cal-'));
  try {
    const file = path.join(dir, 'reviews.ics');
    const cal = page.getByRole('region', { name: 'Live calendar' });
    const input = cal.getByRole('textbox', { name: 'Calendar file' });
    await input.fill('reviews.ics');
    await cal.getByRole('button', { name: 'Save' }).click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(cal).toContainText('"reviews.ics" is not a full path.');
    await input.fill(file);
    await cal.getByRole('button', { name: 'Save' }).click();
    await expect(cal.getByTestId('live-calendar-path')).toHaveText(`File: ${file}`);
    await expect.poll(() => fs.existsSync(file)).toBe(true);
    expect(fs.readFileSync(file, 'utf8').startsWith('BEGIN:VCALENDAR')).toBe(true);
    await expect(cal).toContainText('Last written:');

    expect(await seriousViolations(page, ...SECTIONS)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(await seriousViolations(page, ...SECTIONS)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a person’s reminders by e-mail digest with quiet hours are kept after a reload', async ({ page, app }) => {
  await app.rpc('people.create', { name: 'Ann Lead', email: 'ann@agency.test', organisation: 'agency' });
  await app.open(page, '/people');
  const row = page.getByRole('row', { name: /Ann Lead/ });
  await expect(row).toContainText('Desktop notification');
  await row.getByRole('button', { name: /Edit/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Ann Lead' });
  await dialog.getByRole('textbox', { name: 'Reminders' }).click();
  await page.getByRole('option', { name: 'E-mail digest' }).click();
  await dialog.getByLabel('Quiet hours start').fill('22:00');
  await dialog.getByLabel('Quiet hours end').fill('07:00');
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  await dialog.getByRole('button', { name: 'Save person' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByRole('row', { name: /Ann Lead/ })).toContainText('E-mail digestQuiet 22:00–07:00');
  await page
    .getByRole('row', { name: /Ann Lead/ })
    .getByRole('button', { name: /Edit/ })
    .click();
  const again = page.getByRole('dialog', { name: 'Edit Ann Lead' });
  await expect(again.getByRole('textbox', { name: 'Reminders' })).toHaveValue('E-mail digest');
  await expect(again.getByLabel('Quiet hours start')).toHaveValue('22:00');
  await expect(again.getByLabel('Quiet hours end')).toHaveValue('07:00');
});
