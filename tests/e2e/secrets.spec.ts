import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures';

// Built at run time so this file itself holds no literal credential.
const KEY = ['sk-ant-', 'api03-', 'Zq7'.repeat(10)].join('');

test('Secrets in this workspace: a secret written behind the app is found masked, redacted after confirming, and gone', async ({ app, page }) => {
  const client = await app.rpc<{ id: string }>('clients.create', { name: 'Northwind' });
  // Another tool wrote a percent-encoded key into the client's notes.
  const outside = new Database(app.workspace);
  outside
    .prepare('UPDATE clients SET notes = ? WHERE id = ?')
    .run(`Hosting key ${[...KEY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`, client.id);
  outside.close();

  await app.open(page, '/settings');
  const section = page.locator('[aria-labelledby="secrets-section-title"]');
  await section.getByRole('button', { name: 'Scan for secrets' }).click();
  const table = section.getByRole('table', { name: 'Secrets found' });
  await expect(table.getByRole('row', { name: /Northwind/ })).toContainText('an Anthropic API key, percent-encoded (sk-ant…q7)');
  await expect(page.locator('body')).not.toContainText('Zq7Zq7');
  const axe = await new AxeBuilder({ page }).include('[aria-labelledby="secrets-section-title"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual([]);

  await section.getByRole('button', { name: 'Redact all' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('The old text cannot be brought back.');
  await dialog.getByRole('button', { name: 'Redact all' }).click();
  await expect(table).toBeHidden();
  const after = await app.rpc<{ notes: string }>('clients.get', { id: client.id });
  expect(after.notes).toMatch(/^Hosting key \[secret removed \d{4}-\d{2}-\d{2}\]$/);

  await page.getByRole('button', { name: 'Verify workspace' }).click();
  // Only a record was rewritten, not history: every seal still holds.
  await expect(page.getByRole('list', { name: 'Verification results' })).toContainText(/All \d+ history rows match their seals\./);
});

test('a secret typed into a form is refused beside its field, even percent-encoded', async ({ app, page }) => {
  await app.open(page, '/clients');
  await page.getByRole('button', { name: /New client/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: /Client name/ }).fill('Kestrel Cycles');
  await dialog.getByRole('textbox', { name: /Notes/ }).fill(`Key ${encodeURIComponent(KEY).replace(/-/g, '%2D')}`);
  await dialog.getByRole('button', { name: /Create|Save/ }).click();
  await expect(dialog.getByText(/Notes contains an Anthropic API key, percent-encoded/)).toBeVisible();
});
