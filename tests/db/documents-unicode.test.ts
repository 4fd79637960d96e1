import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '@core/documents/model';
import { renderHtml } from '@main/documents/html';
import { renderMarkdown } from '@main/documents/markdown';
import { renderPdf } from '@main/documents/pdf';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

/** A site name saved by an older version, with a line break, markup, Markdown structure and many scripts. */
const OLD_NAME = 'Shop 漢字 かな 한글 | *bold* # <script>x</script>\nOld line 🚀✅';
const NOTES = 'First line مرحبا\nSecond line שלום\nThird 漢字 🚀';

async function hostileSite(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'مرحبا Client' });
  const site = await ws.call('sites.create', { clientId: client.id, name: 'Placeholder', productionUrl: 'https://shop.unicode.test', notes: NOTES });
  ws.session.workspace.sqlite.prepare('UPDATE sites SET name = ? WHERE id = ?').run(OLD_NAME, site.id);
  return site;
}

async function gen(ws: TestWorkspace, siteId: string, format: 'md' | 'html' | 'pdf') {
  const r = await ws.call('documents.generate', { siteId, kind: 'handover_runbook', format, final: false });
  return Buffer.from(r.content, r.encoding);
}

function pdfFile(bytes: Buffer): string {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return file;
}

// pdftotext marks right-to-left text with embedding controls; the words between them are what matter.
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e]/g, '');

describe('documents in every script', () => {
  it('Markdown: the heading stays one line and escaped, notes keep their lines, table rows stay rows', async () => {
    const ws = openTestWorkspace();
    const site = await hostileSite(ws);
    const md = (await gen(ws, site.id, 'md')).toString();
    const headings = md.split('\n').filter((l) => l.startsWith('# '));
    // Only what Markdown would read as markup is escaped, with a backslash (never an HTML entity).
    expect(headings).toEqual(['# Handover runbook: Shop 漢字 かな 한글 | \\*bold\\* # \\<script>x\\</script> Old line 🚀✅']);
    expect(md).toContain('Notes: First line مرحبا  \nSecond line שלום  \nThird 漢字 🚀');
    expect(md).not.toMatch(/(?<!\\)<script>/);
    expect(md).not.toContain('&lt;');
    // Each table row is one source line: a line break inside a value starts a row of its own (no <br>).
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith('|'), line).toBe(true);
    expect(md).not.toContain('<br>');
    expect(md).toContain('| **Site** | Shop 漢字 かな 한글 \\| \\*bold\\* # \\<script>x\\</script> |\n|  | Old line 🚀✅ |');
  });

  it('HTML: the title is one line and escaped, notes keep their lines as <br>', async () => {
    const ws = openTestWorkspace();
    const site = await hostileSite(ws);
    const html = (await gen(ws, site.id, 'html')).toString();
    expect(html).toContain('<title>Handover runbook: Shop 漢字 かな 한글 | *bold* # &lt;script&gt;x&lt;/script&gt; Old line 🚀✅</title>');
    expect(html).toContain('<h1>Handover runbook: Shop 漢字 かな 한글 | *bold* # &lt;script&gt;x&lt;/script&gt; Old line 🚀✅</h1>');
    expect(html).toContain('<p>Notes: First line مرحبا<br>Second line שלום<br>Third 漢字 🚀</p>');
    expect(html).not.toContain('<script>x');
  });

  it('PDF: CJK, Arabic, Hebrew and emoji print with subset-embedded fallback fonts, and notes keep their lines', async () => {
    const ws = openTestWorkspace();
    const site = await hostileSite(ws);
    const bytes = await gen(ws, site.id, 'pdf');
    const file = pdfFile(bytes);
    const text = pdfText(file);
    for (const word of ['漢字', 'かな', '한글', 'مرحبا', 'שלום', '<script>x</script>']) expect(text, word).toContain(word);
    expect(text).toMatch(/First line مرحبا\s*\n\s*Second line שלום\s*\n\s*Third 漢字/);
    // The title wraps at the page width, but the name is on one line of text (no break before "Old line").
    expect(text.replace(/[ \n]+/g, ' ')).toContain('Handover runbook: Shop 漢字 かな 한글 | *bold* # <script>x</script> Old line');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    for (const font of ['DejaVuSans', 'NotoSansHans', 'NotoSansKR', 'NotoNaskhArabic', 'NotoSansHebrew', 'NotoEmoji']) {
      // "ABCDEF+Name ... emb yes sub yes": embedded, as a subset.
      expect(fonts, font).toMatch(new RegExp(`^[A-Z]{6}\\+${font}\\S*\\s.*\\byes\\s+yes\\s+yes\\b`, 'm'));
    }
    // Subsets keep the file small although the CJK fonts are several megabytes each.
    expect(bytes.length).toBeLessThan(1_000_000);
  });

  it('PDF: plain Latin text embeds DejaVu Sans only', async () => {
    const bytes = await renderPdf(model({ title: 'Rollback plan: Northwind Shop', text: 'Nothing but Latin, Ελληνικά and Кириллица.' }));
    const fonts = execFileSync('pdffonts', [pdfFile(bytes)], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans/);
    expect(fonts).not.toMatch(/Noto/);
  });

  it('renderers: a multi-line value in a table cell keeps its lines; headings and column headings stay on one line', async () => {
    const m = model({ title: 'Support path: Two\r\nLines', text: 'a\u2028b', cell: 'Step one\nStep | two', column: 'When\nwhere' });
    const md = renderMarkdown(m);
    expect(md).toContain('# Support path: Two Lines\n');
    expect(md).toContain('| When where | Value |');
    expect(md).toContain('| Step one | x |\n| Step \\| two |  |');
    expect(md).toContain('a  \nb');
    const html = renderHtml(m);
    expect(html).toContain('<title>Support path: Two Lines</title>');
    expect(html).toContain('<th scope="col">When where</th>');
    expect(html).toContain('<td>Step one<br>Step | two</td>');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile(await renderPdf(m)), '-'], { encoding: 'utf8' });
    expect(text).toContain('Support path: Two Lines');
    expect(text).toMatch(/Step one\s*\n\s*Step \| two/);
  });
});

function model(p: { title: string; text: string; cell?: string; column?: string }): DocumentModel {
  return {
    kind: 'support_path',
    title: p.title,
    siteName: 'Site',
    clientName: 'Client',
    agencyName: 'Agency',
    footer: 'Footer',
    logo: null,
    generatedAt: '2026-11-25T10:00:00.000Z',
    draft: false,
    missing: [],
    cover: false,
    control: { owner: 'Ann Lee', version: 1, versionLabel: 'Version 1', lastReviewed: null, nextReview: null },
    signOff: null,
    sections: [
      {
        id: 'one',
        title: 'Section',
        blocks: [
          { type: 'paragraph', text: p.text },
          { type: 'table', columns: [p.column ?? 'Key', 'Value'], rows: [[p.cell ?? 'k', 'x']] },
        ],
      },
    ],
  };
}
