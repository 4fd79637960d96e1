/**
 * The hostile-strings fixture through every way a name leaves the workbench: each document kind in
 * Markdown and HTML, the handover runbook in PDF, and the refusals of text a one-line field must not hold.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import { encodedSecrets, MULTI_LINE_NOTES, PRINTABLE_NAMES, REFUSED_IN_ONE_LINE } from '../fixtures/hostile-strings';
import { openTestWorkspace, tempDir } from './helpers';

const KINDS = ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook'] as const;

/** What a reader compares: the same characters whatever the PDF's text layer does with joiners, shaping and bidi marks. */
const comparable = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\u200d|\ufe0f|[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ');

describe('hostile strings through every format', () => {
  it.each(PRINTABLE_NAMES)('%s: one heading, one title, nothing executable, printed in the PDF', async (name) => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name });
    const site = await ws.call('sites.create', { clientId: client.id, name, productionUrl: 'https://shop.hostile.test', notes: MULTI_LINE_NOTES[0] });
    expect(site.name).toBe(name.trim());
    for (const kind of KINDS) {
      const md = await ws.call('documents.generate', { siteId: site.id, kind, format: 'md', final: false });
      const mdText = Buffer.from(md.content, md.encoding).toString('utf8');
      expect(
        mdText.split('\n').filter((l) => /^# /.test(l)),
        `${kind}: one level-1 heading`,
      ).toHaveLength(1);
      // Markup prints as text: escaped with a backslash, never as an HTML entity.
      expect(mdText, kind).not.toMatch(/(?<!\\)<(script|img|b)\b/i);
      expect(mdText, kind).not.toMatch(/&(lt|gt|amp|quot|#\d+);/);

      const html = await ws.call('documents.generate', { siteId: site.id, kind, format: 'html', final: false });
      const htmlText = Buffer.from(html.content, html.encoding).toString('utf8');
      expect(htmlText.match(/<title>[^\n<]*<\/title>/g), `${kind}: one title on one line`).toHaveLength(1);
      expect(htmlText, kind).not.toMatch(/<script>alert|<img src=x|<b>bold/);
    }
    const pdf = await ws.call('documents.generate', { siteId: site.id, kind: 'handover_runbook', format: 'pdf', final: false });
    const file = path.join(tempDir(), 'runbook.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.content, pdf.encoding));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(comparable(text)).toContain(comparable(name.trim()));
  });

  it.each(REFUSED_IN_ONE_LINE)('a one-line name refuses %j with a field error, and nothing is written', async (name) => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const log = ws.count('change_log');
    const err = await ws.fail('sites.create', { clientId: client.id, name, productionUrl: 'https://shop.hostile.test' });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.details?.issues?.map((i) => i.path)).toContain('name');
    expect(ws.count('sites')).toBe(0);
    expect(ws.count('change_log')).toBe(log);
  });

  it.each(encodedSecrets())('a secret ($how) in notes is refused at the field, and nothing is written', async ({ text }) => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const err = await ws.fail('sites.create', { clientId: client.id, name: 'Northwind Shop', productionUrl: 'https://shop.hostile.test', notes: text });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.details?.issues?.map((i) => i.path)).toContain('notes');
    expect(err.message).not.toContain(text);
    expect(ws.count('sites')).toBe(0);
  });
});
