import { writerOf } from '@main/rpc/context';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { fullSite, openTestWorkspace, tempDir, type TestWorkspace, recordAccessModel } from './helpers';

/** Text the parsers and renderers must pass through literally. */
const HOSTILE = '<script>alert(1)</script> **bold** [x](javascript:alert(1)) | pipe `tick` # head ‏RTL ΩЖ ✓ “quotes” & amp';

async function gen(ws: TestWorkspace, siteId: string, kind: string, format: 'md' | 'html' | 'pdf', final = false) {
  const r = await ws.call('documents.generate', { siteId, kind: kind as never, format, final });
  return { ...r, bytes: Buffer.from(r.content, r.encoding) };
}

function pdfText(bytes: Buffer, page?: number): string {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8' });
}

function pdfPages(bytes: Buffer): number {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

/** A site with everything the four documents require. */
async function completeSite(ws: TestWorkspace, name = fullSite.name) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, name, stage: 'setup' });
  const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency', phone: '+44 20 7946 0000' });
  for (const r of RESPONSIBILITIES) await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
  // The known-good state, every runbook fact and list, a backup and a passed rehearsal today; then this site's own facts.
  const runbook = await ws.factories.completeRunbook(site.id);
  await ws.call('runbook.setValues', {
    scope: { siteId: site.id },
    revision: runbook.revision,
    values: {
      backupLocation: 'Kinsta daily backups, 14 days kept',
      diagnosticsLocation: 'SophMate → Diagnostics; bundles in the shared drive “Support/Northwind”',
      pauseInstructions: 'SophMate → Workflows → Pause all',
    },
  });
  await ws.call('branding.update', {
    agencyName: 'Brightpath Agency',
    footer: 'Brightpath Agency · Confidential',
    logo: null,
    texts: { handover_runbook: 'Prepared by {{agency}} for {{client}} on {{date}}.' } as never,
  });
  // The runbook tells the client how SophMate is set up: without the access model it is incomplete.
  await recordAccessModel(ws, site.id, ['read_only_copilot', 'support_drafts', 'incident_escalation'], ann.id);
  return { site, ann, client };
}

describe('documents', () => {
  it('every document lists what is missing at the top; a final export is refused while parts are missing, a draft is marked on every page', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Bare', productionUrl: 'https://bare.northwind.test' });
    const preview = await ws.call('documents.preview', { siteId: site.id, kind: 'rollback_plan' });
    expect(preview.missing.map((m) => m.part)).toEqual([
      'Known-good versions',
      'Backup schedule',
      'What a backup holds',
      'Where the backups are',
      'When the backups owner can be reached',
      'Hosting panel access',
      'WordPress administrator access',
      'SFTP or SSH access',
      'Known-good SophMate package',
      'SophMate licence',
      'Where to pause high-risk activity',
      'Where to open an incident',
      'Agency name',
      'The last backup',
      'A restore rehearsal',
      'Rollback & restore owner (who restores)',
      'Backups owner (who keeps the backups)',
    ]);
    const before = ws.count('generated_documents');
    const refused = await ws.fail('documents.generate', { siteId: site.id, kind: 'rollback_plan', format: 'pdf', final: true });
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toContain('A final rollback plan of “Bare” is refused while parts are missing: Known-good versions;');
    expect(ws.count('generated_documents')).toBe(before);

    const draft = await gen(ws, site.id, 'handover_runbook', 'pdf');
    expect(draft.fileName).toBe('bare-handover-runbook-2026-03-01-draft.pdf');
    const pages = pdfPages(draft.bytes);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) {
      expect(pdfText(draft.bytes, p)).toContain('DRAFT — not for handover');
      expect(pdfText(draft.bytes, p)).toContain(`Page ${p} of ${pages}`);
    }
    expect(pdfText(draft.bytes, 1)).toContain('Missing from this document');
    const md = await gen(ws, site.id, 'support_path', 'md');
    expect(md.bytes.toString().startsWith('> **DRAFT**')).toBe(true);
    expect(md.bytes.toString()).toContain('## Missing from this document');
  });

  it('a complete site exports final documents in all three formats; the PDF has the text and renders to images', async () => {
    const ws = openTestWorkspace();
    const { site } = await completeSite(ws);
    for (const kind of ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook']) {
      const preview = await ws.call('documents.preview', { siteId: site.id, kind: kind as never });
      expect(preview.missing).toEqual([]);
    }
    const pdf = await gen(ws, site.id, 'handover_runbook', 'pdf', true);
    const text = pdfText(pdf.bytes);
    for (const expected of [
      'Handover runbook: Northwind Shop',
      'Prepared by Brightpath Agency for Northwind on 2026-03-01.',
      'Kinsta daily backups, 14 days kept',
      'Owner matrix',
      'Full restore',
      'Who to contact',
      'Brightpath Agency · Confidential',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('DRAFT');
    expect(text).not.toContain('Missing from this document');
    const out = path.join(tempDir(), 'page');
    const pdfFile = `${out}.pdf`;
    fs.writeFileSync(pdfFile, pdf.bytes);
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '2', pdfFile, out]);
    const pngs = fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pngs.length).toBe(2);
    for (const png of pngs)
      expect(
        fs
          .readFileSync(path.join(path.dirname(out), png))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');

    const html = (await gen(ws, site.id, 'rollback_plan', 'html', true)).bytes.toString();
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Reinstall the known-good SophMate version 2.4.1 from');
    const history = await ws.call('documents.history', { siteId: site.id });
    expect(history.map((h) => [h.kind, h.format, h.final])).toEqual([
      ['rollback_plan', 'html', true],
      ['handover_runbook', 'pdf', true],
    ]);
    expect(history[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hostile names and notes render literally in Markdown, HTML and PDF', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Client <b>bold</b>' });
    const site = await ws.call('sites.create', {
      clientId: client.id,
      name: HOSTILE.replace('\u200f', '').slice(0, 120),
      productionUrl: 'https://shop.hostile.test',
      notes: `${HOSTILE}\n- not a list\n1. not a list either`,
    });
    const md = (await gen(ws, site.id, 'handover_runbook', 'md')).bytes.toString();
    // Markup is escaped with a backslash, where Markdown needs it, and never as an HTML entity.
    expect(md).not.toMatch(/(?<!\\)<script>/);
    expect(md).not.toMatch(/&(lt|gt|amp);/);
    expect(md).toContain('\\<script>alert(1)\\</script> \\*\\*bold\\*\\* \\[x\\](javascript:alert(1)) | pipe \\`tick\\` # head ‏RTL ΩЖ ✓ “quotes” & amp');
    expect(md).toContain('\\- not a list');
    expect(md).toContain('1\\. not a list either');
    const html = (await gen(ws, site.id, 'handover_runbook', 'html')).bytes.toString();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; **bold** [x](javascript:alert(1)) | pipe `tick` # head ‏RTL ΩЖ ✓ “quotes” &amp; amp');
    const text = pdfText((await gen(ws, site.id, 'handover_runbook', 'pdf')).bytes).replace(/\s+/g, ' ');
    expect(text).toContain('<script>alert(1)</script> **bold** [x](javascript:alert(1))');
    expect(text).toContain('ΩЖ ✓ “quotes” & amp');
    expect(text).toContain('Client <b>bold</b>');
  });

  it('no secret reaches a document, even one written to the database behind the app', async () => {
    const ws = openTestWorkspace();
    const { site } = await completeSite(ws);
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD';
    ws.session.workspace.sqlite.prepare('UPDATE sites SET notes = ? WHERE id = ?').run(`Provider key is ${key}`, site.id);
    ws.session.workspace.sqlite
      .prepare(
        "INSERT INTO runbook_vendors (id, created_at, updated_at, site_id, position, kind, name, url) VALUES ('planted', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', ?, 0, 'sophmate', 'SophMate support', ?)",
      )
      .run(site.id, `https://admin:hunter2@vendor.example/support`);
    for (const format of ['md', 'html', 'pdf'] as const) {
      const r = await gen(ws, site.id, 'handover_runbook', format);
      const text = format === 'pdf' ? pdfText(r.bytes) : r.bytes.toString();
      expect(text).not.toContain(key);
      expect(text).not.toContain('hunter2');
      expect(text).toContain('removed: this text looked like a secret');
    }
  });

  it('the same data gives the same bytes apart from the generated-at line', async () => {
    const ws = openTestWorkspace();
    const { site } = await completeSite(ws);
    // Drafts: a final handover runbook would itself change the site's readiness ("Rollback plan current").
    for (const format of ['md', 'html', 'pdf'] as const) {
      const a = await gen(ws, site.id, 'handover_runbook', format);
      const b = await gen(ws, site.id, 'handover_runbook', format);
      expect(b.bytes.equals(a.bytes)).toBe(true);
      expect(b.record.contentHash).toBe(a.record.contentHash);
    }
    const first = await gen(ws, site.id, 'support_path', 'md', true);
    ws.clock.advance(3_600_000);
    const later = await gen(ws, site.id, 'support_path', 'md', true);
    const diff = later.bytes
      .toString()
      .split('\n')
      .filter((l, i) => l !== first.bytes.toString().split('\n')[i]);
    // Each final export is the next version (document control); nothing else changes.
    expect(diff).toEqual(['| Version | Version 2 |', '| Generated | 2026-03-01 11:00 UTC |']);
    // The content hash leaves document control out, so the same content is recognised as unchanged.
    expect(later.record.contentHash).toBe(first.record.contentHash);
  });

  it('says what changed since the last final version given to the client', async () => {
    const ws = openTestWorkspace();
    const { site } = await completeSite(ws);
    let preview = await ws.call('documents.preview', { siteId: site.id, kind: 'support_path' });
    expect(preview.changes).toEqual({ since: null, unchanged: false, sections: [] });
    await gen(ws, site.id, 'support_path', 'pdf', true);
    preview = await ws.call('documents.preview', { siteId: site.id, kind: 'support_path' });
    expect(preview.changes.unchanged).toBe(true);
    const bob = await ws.call('people.create', { name: 'Bob Ray', email: 'bob@agency.test', organisation: 'agency' });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: bob.id });
    preview = await ws.call('documents.preview', { siteId: site.id, kind: 'support_path' });
    expect(preview.changes.unchanged).toBe(false);
    expect(preview.changes.sections).toEqual([
      {
        title: 'Triage',
        change: 'changed',
        added: [
          'Symptom: The site or wp-admin does not load | First check: Host status page and error log; recent plugin or theme update | Owner: Bob Ray (Hosting owner): bob@agency.test',
        ],
        removed: [
          'Symptom: The site or wp-admin does not load | First check: Host status page and error log; recent plugin or theme update | Owner: Ann Lee (Hosting owner): +44 20 7946 0000, ann@agency.test',
        ],
      },
      {
        title: 'Who to contact',
        change: 'changed',
        added: ['Problem: Host | For example: site down, PHP errors, outbound HTTPS blocked, DNS, SSL, firewall, cron | Contact: Bob Ray, bob@agency.test'],
        removed: [
          'Problem: Host | For example: site down, PHP errors, outbound HTTPS blocked, DNS, SSL, firewall, cron | Contact: Ann Lee, ann@agency.test, +44 20 7946 0000',
        ],
      },
    ]);
  });

  it('branding: an unknown placeholder and a file that is not an image are refused, naming the field', async () => {
    const ws = openTestWorkspace();
    const bad = await ws.fail('branding.update', { agencyName: 'Brightpath', footer: '', logo: null, texts: { rollback_plan: 'For {{site}} by {{agnecy}}' } });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.details?.issues?.[0]?.path).toBe('texts.rollback_plan');
    expect(bad.details?.issues?.[0]?.message).toMatch(
      /^The Rollback plan text uses \{\{agnecy\}\}, which is not a placeholder: use \{\{site\}\}, \{\{client\}\}, \{\{agency\}\}, /,
    );
    const fake = await ws.fail('branding.update', {
      agencyName: 'Brightpath',
      footer: '',
      logo: { mime: 'image/png', base64: Buffer.from('GIF89a not a png').toString('base64') },
      texts: {},
    });
    expect(fake.details?.issues?.[0]).toEqual({
      path: 'logo',
      message: 'The logo must be a PNG or JPEG image (this file is neither, whatever its name says).',
    });
    // A real 1×1 PNG is accepted and reaches the PDF.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const ok = await ws.call('branding.update', { agencyName: 'Brightpath', footer: 'Footer', logo: { mime: 'image/png', base64: png }, texts: {} });
    expect(ok.logo?.mime).toBe('image/png');
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Shop', productionUrl: 'https://shop.northwind.test' });
    const pdf = await gen(ws, site.id, 'rollback_plan', 'pdf');
    expect(pdf.bytes.toString('latin1')).toContain('/Subtype /Image');
  });

  it('known-good needs the versions, and a backup or rehearsal day that does not exist is refused', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Bare', productionUrl: 'https://bare.northwind.test' });
    const refused = await ws.fail('documents.markKnownGood', { siteId: site.id });
    expect(refused.message).toContain('Record the SophMate, WordPress and PHP versions of “Bare” first');
    const bad = await ws.fail('runbook.recordBackup', { siteId: site.id, takenOn: '2026-02-30' });
    expect(bad.details?.issues?.[0]).toEqual({ path: 'takenOn', message: 'That date does not exist.' });
    const dana = await ws.factories.buildPerson();
    const month13 = await ws.fail('runbook.recordRehearsal', {
      siteId: site.id,
      rehearsedOn: '2026-13-45',
      outcome: 'passed',
      durationMinutes: 30,
      performedById: dana.id,
    });
    expect(month13.details?.issues?.[0]).toEqual({ path: 'rehearsedOn', message: 'That date does not exist.' });
    expect(ws.count('site_runbook_facts')).toBe(0);
    expect(ws.count('rollback_rehearsals')).toBe(0);
  });
});

describe('bulk export and the docs command', () => {
  it('writes a folder per site with progress, and a cancel stops between sites leaving complete files', async () => {
    const ws = openTestWorkspace();
    const { client } = await completeSite(ws);
    for (let i = 0; i < 4; i++) await ws.call('sites.create', { clientId: client.id, name: `Extra ${i}`, productionUrl: `https://extra${i}.northwind.test` });
    const ids = (await ws.call('sites.list', { limit: 50 })).rows.map((r) => r.id);
    const out = tempDir();
    const { exportDocuments } = await import('@main/documents/bulk');
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await exportDocuments(writerOf(ws.session.ctx), {
      siteIds: ids,
      kinds: ['rollback_plan', 'support_path'],
      formats: ['md', 'pdf'],
      final: false,
      outDir: out,
      signal: controller.signal,
      onSiteDone: (p) => {
        progress.push(p.done);
        if (p.done === 2) controller.abort();
      },
    });
    expect(progress).toEqual([1, 2]);
    expect(result).toMatchObject({ sites: 2, files: 8, cancelled: true });
    const folders = fs.readdirSync(out);
    expect(folders).toHaveLength(2);
    for (const f of folders) {
      const files = fs.readdirSync(path.join(out, f)).sort();
      expect(files).toHaveLength(4);
      expect(files.every((n) => !n.endsWith('.tmp'))).toBe(true);
      for (const pdf of files.filter((n) => n.endsWith('.pdf'))) expect(pdfText(fs.readFileSync(path.join(out, f, pdf)))).toMatch(/Rollback plan|Support path/);
    }
  });

  it('rollout-workbench docs: --final refuses incomplete sites and exits 1; bad arguments exit 2', async () => {
    const ws = openTestWorkspace();
    const { site, client } = await completeSite(ws);
    const bare = await ws.call('sites.create', { clientId: client.id, name: 'Bare', productionUrl: 'https://bare.northwind.test' });
    ws.session.close();
    const { runCli } = await import('@main/cli');
    const out = tempDir();
    const lines: string[] = [];
    const errs: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => errs.push(l) };
    expect(
      await runCli(
        ['docs', '--workspace', ws.file, '--site', site.id, '--site', bare.id, '--kind', 'rollback_plan', '--format', 'md,pdf', '--final', '--out', out],
        io,
        {},
        ws.clock,
      ),
    ).toBe(1);
    expect(lines[0]).toBe('[1/2] Northwind Shop');
    expect(errs[0]).toMatch(/^Refused: Rollback plan of “Bare”: missing Known-good versions; /);
    expect(lines.at(-1)).toMatch(/^2 file\(s\) for 2 site\(s\) in .*, 1 refused \(/);
    const shop = fs.readdirSync(out).find((f) => f.startsWith('northwind-shop-'))!;
    expect(fs.readdirSync(path.join(out, shop)).sort()).toEqual(['northwind-shop-rollback-plan-2026-03-01.md', 'northwind-shop-rollback-plan-2026-03-01.pdf']);
    const all = await runCli(
      ['docs', '--workspace', ws.file, '--all', '--kind', 'sop-pack', '--format', 'html', '--out', out],
      { out: () => {}, err: () => {} },
      {},
      ws.clock,
    );
    expect(all).toBe(0); // an SOP pack needs nothing the bare site lacks
    const bad: string[] = [];
    expect(await runCli(['docs', '--workspace', ws.file, '--all', '--format', 'docx', '--out', out], { out: () => {}, err: (l) => bad.push(l) })).toBe(2);
    expect(bad[0]).toBe('--format docx: use md, html or pdf.');
    expect(await runCli(['docs', '--workspace', ws.file, '--all'], { out: () => {}, err: (l) => bad.push(l) })).toBe(2);
    expect(bad[1]).toContain('--out DIR is required');
  });
});

describe('"Rollback plan current" follows the exported rollback plan', () => {
  it('is open until a final rollback plan is exported, and open again when its facts change', async () => {
    const ws = openTestWorkspace();
    const { site } = await completeSite(ws);
    const item = async () => (await ws.call('readiness.get', { siteId: site.id })).checklist.find((c) => c.id === 'rollback-documented')!;
    expect(await item()).toMatchObject({
      computed: true,
      status: 'open',
      why: 'No final rollback plan has been exported: complete it on the Documents tab and export the final version.',
    });
    const tick = await ws.fail('readiness.setItem', {
      siteId: site.id,
      kind: 'checklist',
      itemId: 'rollback-documented',
      status: 'done',
      evidence: 'we have one somewhere',
    });
    expect(tick.code).toBe('REFUSED');
    await gen(ws, site.id, 'rollback_plan', 'pdf'); // a draft does not count
    expect((await item()).status).toBe('open');
    ws.clock.advance(60_000);
    await gen(ws, site.id, 'rollback_plan', 'pdf', true);
    expect(await item()).toMatchObject({
      status: 'done',
      why: 'The final rollback plan exported on 2026-03-01 is current: last backup 2026-03-01, last restore rehearsal passed 2026-03-01.',
    });
    // A stage change is not a change to the plan; a new backups owner is.
    ws.clock.advance(60_000);
    const bob = await ws.call('people.create', { name: 'Bob Ray', email: 'bob@agency.test', organisation: 'agency' });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'backups', ownerId: bob.id });
    expect(await item()).toMatchObject({
      status: 'open',
      why: 'The rollback facts changed after the last final rollback plan (exported 2026-03-01, changed 2026-03-01): export it again.',
    });
    const dashboard = await ws.call('dashboard.portfolio', {});
    expect(dashboard.topReasons.map((r) => r.reason)).toContain(
      'Enable write-capable workflows: The rollback facts changed after the last final rollback plan: export it again.',
    );
  });
});
