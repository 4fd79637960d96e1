/**
 * Documents redact the way inputs are scanned: every string of the document model passes one
 * redaction step before any renderer sees it, so a secret that reached the database behind the app
 * (plain or encoded) is printed in no format.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_SECRET_MARKER, redactModel } from '@core/documents/redact';
import type { DocumentModel } from '@core/documents/model';
import { fullSite, openTestWorkspace, tempDir } from './helpers';

// Built at run time so this file itself holds no literal credential.
const k = (...parts: string[]) => parts.join('');
const ANTHROPIC = k('sk-ant-', 'api03-', 'Zq7'.repeat(10));
const PRIVATE_KEY = k('-----BEGIN RSA ', 'PRIVATE KEY-----');
const PASSWORD = k('pass', 'word: ', 'Tr0ub4dor&3x');
const percent = (text: string) => [...text].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
const entities = (text: string) => [...text].map((c) => `&#${c.charCodeAt(0)};`).join('');
const LEAKS = /Zq7Zq7|Tr0ub4dor|BEGIN RSA|%2D%2D%2D|c2stYW50|cGFzc3dvcm|&#115;&#107;/;

function pdfText(bytes: Buffer): string {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('document redaction', () => {
  it('replaces each secret in every string of the model, and keeps the logo and the rest of the text', () => {
    const logo = { mime: 'image/png' as const, base64: btoa('not text at all') };
    const doc: DocumentModel = {
      kind: 'handover_runbook',
      title: `Runbook: Shop ${ANTHROPIC}`,
      siteName: 'Shop',
      clientName: 'Northwind',
      agencyName: 'Brightpath',
      footer: `Confidential ${btoa(PASSWORD)}`,
      logo,
      generatedAt: '2026-03-01T10:00:00.000Z',
      draft: true,
      missing: [],
      cover: true,
      control: { owner: `Ann ${ANTHROPIC}`, version: null, versionLabel: 'Draft of version 1', lastReviewed: null, nextReview: null },
      signOff: { statement: 'Received and accepted.', parties: [{ role: 'Client', name: null }] },
      sections: [
        {
          id: 's',
          title: 'Setup',
          blocks: [
            { type: 'fields', rows: [['Production URL', `https://shop.test/${percent(PRIVATE_KEY)}`]] },
            { type: 'table', columns: ['Who', 'Note'], rows: [['Ann', `Uses ${entities(ANTHROPIC)} daily`]] },
            { type: 'list', items: ['Call the host first.'] },
          ],
        },
      ],
    };
    const out = redactModel(doc);
    expect(JSON.stringify({ ...out, logo: null })).not.toMatch(LEAKS);
    expect(out.title).toBe(`Runbook: Shop ${DOCUMENT_SECRET_MARKER}`);
    expect(out.footer).toBe(`Confidential ${DOCUMENT_SECRET_MARKER}`);
    expect(out.sections[0]!.blocks[0]).toEqual({ type: 'fields', rows: [['Production URL', `https://shop.test/${DOCUMENT_SECRET_MARKER}`]] });
    expect(out.sections[0]!.blocks[1]).toEqual({ type: 'table', columns: ['Who', 'Note'], rows: [['Ann', `Uses ${DOCUMENT_SECRET_MARKER} daily`]] });
    expect(out.sections[0]!.blocks[2]).toEqual({ type: 'list', items: ['Call the host first.'] });
    expect(out.logo).toBe(logo);
    // A clean document is passed through as it is.
    const clean = { ...doc, title: 'Runbook: Shop', footer: 'Confidential', control: { ...doc.control, owner: 'Ann' }, sections: [] };
    expect(redactModel(clean)).toBe(clean);
  });

  it('prints no planted secret, plain or encoded, in Markdown, HTML or PDF', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
    await ws.call('branding.update', {
      agencyName: 'Brightpath Agency',
      footer: 'Confidential',
      logo: null,
      texts: { handover_runbook: 'Prepared by {{agency}} for {{client}}.' } as never,
    });
    await ws.call('documents.markKnownGood', { siteId: site.id });
    const sqlite = ws.session.workspace.sqlite;
    // Written behind the app, as an older version or another tool could have.
    sqlite
      .prepare('UPDATE sites SET production_url = ?, notes = ? WHERE id = ?')
      .run(`https://shop.northwind.test/${percent(`${PRIVATE_KEY}\nMIIEow`)}`, `Key ${ANTHROPIC}`, site.id);
    const at = '2026-03-01T10:00:00.000Z';
    sqlite
      .prepare("INSERT INTO runbook_values (id, created_at, updated_at, site_id, key, value) VALUES ('planted-value', ?, ?, ?, 'diagnosticsLocation', ?)")
      .run(at, at, site.id, `Shared drive, ${btoa(PASSWORD)}`);
    sqlite
      .prepare(
        "INSERT INTO runbook_vendors (id, created_at, updated_at, site_id, position, kind, name, notes) VALUES ('planted-vendor', ?, ?, ?, 0, 'sophmate', 'SophMate support', ?)",
      )
      .run(at, at, site.id, `Support portal ${entities(ANTHROPIC)}`);
    sqlite
      .prepare("UPDATE workspace_meta SET value = ? WHERE key = 'branding.texts'")
      .run(JSON.stringify({ handover_runbook: `Prepared by {{agency}}. Access: ${ANTHROPIC.replace(/-/g, '\\u002d')}` }));
    for (const format of ['md', 'html', 'pdf'] as const) {
      const r = await ws.call('documents.generate', { siteId: site.id, kind: 'handover_runbook', format, final: false });
      const bytes = Buffer.from(r.content, r.encoding);
      const text = format === 'pdf' ? pdfText(bytes) : bytes.toString('utf8');
      expect(text, format).not.toMatch(LEAKS);
      expect(text, format).toContain('Northwind Shop');
    }
  });
});
