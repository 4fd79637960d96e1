/**
 * Documents at scale, through the registry as the app asks for them:
 *
 * - each of the four kinds in each format for one busy site (`documents.generate`, a draft: snapshot,
 *   model, redaction, rendering and the history record). Baseline: the hand-written minimum producing
 *   a document of the same facts: the snapshot's SQL reads alone, their values joined as text (Markdown,
 *   HTML), and for PDF that text set by pdfkit in the same font without the app's layout. The ratio is
 *   the app's own overhead. The handover runbook has the targets (< 10 ms Markdown, < 250 ms PDF).
 * - all N Markdown runbooks end to end (BENCH_RUNBOOK_SITES, default every live site): one export job
 *   (`documents.exportBulk`) writing and recording each, against 60 s. Baseline: the same reads for
 *   every site by hand.
 *
 * The section works on its own copy of the workspace: the documents it records must not change what
 * later sections measure.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { silentLogger } from '@main/rpc/context';
import { openSession, type Session } from '@main/session';
import { time, type Section } from '../lib';

const KINDS = ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook'] as const;
const FORMATS = ['md', 'html', 'pdf'] as const;
const FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

async function call(session: Session, channel: string, input: unknown): Promise<unknown> {
  const r = await session.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
}

/** The snapshot's reads by hand: every row a site's documents print, as text. */
function handReads(raw: Database.Database) {
  const q = {
    site: raw.prepare('SELECT s.*, c.name AS client_name FROM sites s JOIN clients c ON c.id = s.client_id WHERE s.id = ?'),
    owners: raw.prepare(
      `SELECT a.responsibility, p.name, p.email, p.phone, p.active, b.name AS backup, a.verified_at FROM owner_assignments a
       JOIN people p ON p.id = a.owner_id LEFT JOIN people b ON b.id = a.backup_owner_id WHERE a.site_id = ? AND a.archived_at IS NULL`,
    ),
    facts: raw.prepare('SELECT * FROM site_runbook_facts WHERE site_id = ?'),
    // The runbook's facts and steps of the site, its client and the template (lists inherited whole is the app's work).
    runbook: raw.prepare(
      `SELECT v.key, v.value FROM runbook_values v WHERE v.archived_at IS NULL AND (v.site_id = ?1 OR (v.site_id IS NULL AND (v.client_id IS NULL OR v.client_id = (SELECT client_id FROM sites WHERE id = ?1))))
       UNION ALL SELECT st.list, st.text FROM runbook_steps st WHERE st.archived_at IS NULL AND (st.site_id = ?1 OR (st.site_id IS NULL AND st.client_id IS NULL))`,
    ),
    rehearsals: raw.prepare(
      'SELECT rehearsed_on, outcome, duration_minutes, notes FROM rollback_rehearsals WHERE site_id = ? ORDER BY rehearsed_on DESC LIMIT 5',
    ),
    operators: raw.prepare(
      'SELECT p.name, o.role, o.access, o.access_override_reason FROM operators o JOIN people p ON p.id = o.person_id WHERE o.site_id = ? AND o.archived_at IS NULL',
    ),
    access: raw.prepare('SELECT * FROM site_access_models WHERE site_id = ?'),
    checklist: raw.prepare('SELECT item_id, status, evidence, reason FROM site_checklist_items WHERE site_id = ?'),
    reviews: raw.prepare('SELECT kind, due_on, done_at, findings, reason FROM reviews WHERE site_id = ? ORDER BY due_on'),
    incidents: raw.prepare("SELECT title, severity, occurred_at FROM incidents WHERE site_id = ? AND status = 'open'"),
    changes: raw.prepare("SELECT at, actor, summary FROM change_log WHERE site_id = ? AND action <> 'document' ORDER BY at DESC, id DESC LIMIT 20"),
    sops: raw.prepare(
      `SELECT v.role, v.workflow, v.purpose, v.when_to_use, i.kind, i.text FROM sop_versions v JOIN sop_items i ON i.sop_version_id = v.id
       WHERE v.sop_version = (SELECT max(sop_version) FROM sop_versions w WHERE w.role = v.role AND w.workflow = v.workflow)
         AND v.role IN (SELECT role FROM operators WHERE site_id = ? AND archived_at IS NULL) ORDER BY v.role, v.workflow, i.kind, i.position`,
    ),
  };
  return (siteId: string, sops: boolean): string => {
    const rows: unknown[] = [q.site.get(siteId), ...q.owners.all(siteId), q.facts.get(siteId), ...q.operators.all(siteId), q.access.get(siteId)];
    rows.push(...q.runbook.all(siteId), ...q.rehearsals.all(siteId));
    rows.push(...q.checklist.all(siteId), ...q.reviews.all(siteId), ...q.incidents.all(siteId), ...q.changes.all(siteId));
    if (sops) rows.push(...q.sops.all(siteId));
    return rows.map((r) => (r && typeof r === 'object' ? Object.values(r).join(' | ') : '')).join('\n');
  };
}

/** The same text set by pdfkit in the app's font, one paragraph, no layout of the app's own. */
function plainPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.registerFont('body', FONT);
  doc.font('body').fontSize(10).text(text);
  doc.end();
  return done;
}

const section: Section = async ({ dir, raw, iterations, report }) => {
  const S = 'documents';
  const copy = path.join(dir, 'documents.sqlite');
  await raw.backup(copy);
  const session = openSession(copy, { log: silentLogger, checkOutput: false, actor: 'bench' });
  try {
    const reads = handReads(raw);
    // A busy site: the live site with the most operators (its SOP pack is among the longest).
    const site = raw
      .prepare(
        'SELECT o.site_id AS id, count(*) AS n FROM operators o JOIN sites s ON s.id = o.site_id WHERE s.archived_at IS NULL AND o.archived_at IS NULL GROUP BY o.site_id ORDER BY n DESC LIMIT 1',
      )
      .get() as { id: string; n: number };
    report.note(`one site with ${site.n} operators; drafts through documents.generate`);
    for (const kind of KINDS) {
      for (const format of FORMATS) {
        const runs = format === 'pdf' ? Math.max(5, Math.round(iterations / 3)) : iterations;
        let size = 0;
        const samples = await time(async () => {
          const r = (await call(session, 'documents.generate', { siteId: site.id, kind, format, final: false })) as { content: string };
          size = r.content.length;
        }, runs);
        const sops = kind === 'sop_pack';
        const baseline = await time(async () => {
          const text = reads(site.id, sops);
          return format === 'pdf' ? plainPdf(text) : text;
        }, runs);
        const target = kind === 'handover_runbook' ? { median: format === 'pdf' ? 250 : format === 'md' ? 10 : undefined } : undefined;
        report.add(S, `${kind} ${format}`, samples, {
          baseline: { label: format === 'pdf' ? 'SQL reads + plain pdfkit text' : 'SQL reads as text', samples: baseline },
          ...(target?.median !== undefined ? { target } : {}),
          detail: `${(size / 1024).toFixed(0)} KB${format === 'pdf' ? ' base64' : ''}`,
        });
      }
    }

    // Every Markdown runbook, end to end: one export job writes and records each.
    const live = (raw.prepare('SELECT id FROM sites WHERE archived_at IS NULL ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const n = Math.min(live.length, Number(process.env.BENCH_RUNBOOK_SITES ?? live.length));
    const siteIds = live.slice(0, n);
    const out = fs.mkdtempSync(path.join(dir, 'runbooks-'));
    session.ctx.chooseFolder = async () => out;
    const done = new Promise<{ files: number; error: string | null }>((resolve) => {
      session.ctx.emit = (event, payload) => {
        if (event === 'job.done') resolve(payload as { files: number; error: string | null });
      };
    });
    const started = performance.now();
    await call(session, 'documents.exportBulk', { siteIds, kinds: ['handover_runbook'], formats: ['md'], final: false });
    const result = await done;
    const seconds = (performance.now() - started) / 1000;
    if (result.error) report.note(`the runbook export stopped: ${result.error}`);
    const baseStarted = performance.now();
    for (const id of siteIds) reads(id, false);
    const baseSeconds = (performance.now() - baseStarted) / 1000;
    report.value(S, `all ${n} Markdown handover runbooks (export job)`, seconds, 's', {
      target: { median: 60 },
      baseline: { label: 'SQL reads of every site', value: baseSeconds },
      detail: `${result.files} files, ${(n / seconds).toFixed(0)} sites/s`,
    });
  } finally {
    session.close();
  }
};

export default section;
