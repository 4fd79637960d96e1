/**
 * Documents: a snapshot of a site is read once, the core builds the document model, main renders it
 * (Markdown, HTML, PDF). Each generation is recorded with its content hash; a final export is
 * refused while required parts are missing, and "what changed" compares with the last final one.
 */
import { diffArrays } from 'diff';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { RunbookFacts } from '../../core/contract/documents';
import { redactModel } from '../../core/documents/redact';
import { buildDocument } from '../../core/documents/build';
import { DOCUMENT_KINDS, DOCUMENT_LABEL, sectionLines, type DocumentFormat, type DocumentKind, type DocumentModel, type SiteSnapshot } from '../../core/documents/model';
import { describeRrule } from '../../core/domain/cadence';
import { RESPONSIBILITIES } from '../../core/domain/responsibilities';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { ROLE_LABEL, type OperatorRole, type Workflow } from '../../core/playbook/schema';
import { newId } from '../../db/ids';
import { generatedDocuments, siteRunbookFacts, workspaceMeta } from '../../db/schema/index';
import { contentHash } from '../documents/common';
import { fileSlug } from '../files';
import { renderHtml } from '../documents/html';
import { renderMarkdown } from '../documents/markdown';
import { renderPdf } from '../documents/pdf';
import type { HandlerContext, WriteContext } from '../rpc/context';
import type { WritableDb } from '../../db/client';
import { mutate, recordChange } from './change-log';
import { notFound, refused } from './errors';
import { getAccessModel } from './access';
import { listOperators } from './operators';
import { ownerMatrix } from './owners';
import { currentSopRows, getSop, listOverrides } from './playbook';
import { getReadiness } from './readiness';
import { reviewsForSite } from './reviews';
import { getSite } from './sites';
import { whoReader } from './identity';

// ---------------------------------------------------------------------------------------------
// Branding (workspace settings)

const BRANDING_KEYS = { agencyName: 'branding.agencyName', footer: 'branding.footer', logo: 'branding.logo', texts: 'branding.texts' } as const;

export function getBranding(ctx: Pick<HandlerContext, 'db'>) {
  const rows = ctx.db.all<{ key: string; value: string }>(sql`SELECT key, value FROM workspace_meta WHERE key LIKE 'branding.%'`);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const parse = <T>(v: string | undefined, fallback: T): T => {
    try {
      return v === undefined ? fallback : (JSON.parse(v) as T);
    } catch {
      return fallback;
    }
  };
  return {
    agencyName: parse<string>(get(BRANDING_KEYS.agencyName), ''),
    footer: parse<string>(get(BRANDING_KEYS.footer), ''),
    logo: parse<{ mime: 'image/png' | 'image/jpeg'; base64: string } | null>(get(BRANDING_KEYS.logo), null),
    texts: Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, parse<Partial<Record<DocumentKind, string | null>>>(get(BRANDING_KEYS.texts), {})[k] ?? null])) as Record<DocumentKind, string | null>,
  };
}

/** The logo as history records it: what it is and its fingerprint, not the image itself. */
const logoFact = (logo: { mime: string; base64: string } | null) =>
  logo ? { mime: logo.mime, bytes: Buffer.byteLength(logo.base64, 'base64'), sha256: createHash('sha256').update(Buffer.from(logo.base64, 'base64')).digest('hex') } : null;

export function updateBranding(ctx: WriteContext, input: ParsedInputOf<'branding.update'>) {
  mutate(ctx, 'settings', (tx, at) => {
    const old = getBranding(ctx);
    const values: [string, unknown][] = [
      [BRANDING_KEYS.agencyName, input.agencyName ?? ''],
      [BRANDING_KEYS.footer, input.footer ?? ''],
      [BRANDING_KEYS.logo, input.logo],
      [BRANDING_KEYS.texts, input.texts],
    ];
    for (const [key, v] of values) {
      const value = JSON.stringify(v);
      tx.insert(workspaceMeta).values({ key, value, updatedAt: at }).onConflictDoUpdate({ target: workspaceMeta.key, set: { value, updatedAt: at } }).run();
    }
    const now = getBranding(ctx);
    recordChange(tx, ctx, at, {
      entity: 'settings',
      entityId: 'branding',
      action: 'branding',
      summary: `Document branding saved (agency “${input.agencyName ?? ''}”${input.logo ? ', with a logo' : ', no logo'})`,
      before: { ...old, logo: logoFact(old.logo) },
      after: { ...now, logo: logoFact(now.logo) },
    });
    return { id: 'branding' };
  });
  return getBranding(ctx);
}

// ---------------------------------------------------------------------------------------------
// Runbook facts

interface FactsRow {
  known_good_sophmate: string | null;
  known_good_wordpress: string | null;
  known_good_php: string | null;
  known_good_theme: string | null;
  known_good_host: string | null;
  known_good_recorded_on: string | null;
  backup_location: string | null;
  last_backup_on: string | null;
  last_rehearsal_on: string | null;
  diagnostics_location: string | null;
  vendor_support: string | null;
  pause_instructions: string | null;
  version: number;
}

export function getFacts(ctx: HandlerContext, siteId: string): RunbookFacts {
  if (!ctx.db.get(sql`SELECT 1 FROM sites WHERE id = ${siteId}`)) throw notFound('Site', siteId);
  const r = ctx.db.get<FactsRow>(sql`SELECT * FROM site_runbook_facts WHERE site_id = ${siteId}`);
  return {
    siteId,
    knownGood: r?.known_good_recorded_on
      ? { sophmateVersion: r.known_good_sophmate, wordpressVersion: r.known_good_wordpress, phpVersion: r.known_good_php, activeTheme: r.known_good_theme, host: r.known_good_host, recordedOn: r.known_good_recorded_on }
      : null,
    backupLocation: r?.backup_location ?? null,
    lastBackupOn: r?.last_backup_on ?? null,
    lastRehearsalOn: r?.last_rehearsal_on ?? null,
    diagnosticsLocation: r?.diagnostics_location ?? null,
    vendorSupport: r?.vendor_support ?? null,
    pauseInstructions: r?.pause_instructions ?? null,
    version: r?.version ?? 0,
  };
}

function upsertFacts(tx: WritableDb, ctx: HandlerContext, siteId: string, at: string, values: Partial<typeof siteRunbookFacts.$inferInsert>, expectedVersion?: number) {
  const current = getFacts(ctx, siteId);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new WorkbenchError(
      ErrorCode.STALE_VERSION,
      `The rollback and support facts of “${getSite(ctx, siteId).name}” were changed since you opened them. Reload to see the latest, then apply your edit again.`,
    );
  }
  if (current.version === 0) tx.insert(siteRunbookFacts).values({ id: newId(), createdAt: at, updatedAt: at, siteId, ...values }).run();
  else tx.update(siteRunbookFacts).set({ ...values, updatedAt: at, version: current.version + 1 }).where(sql`site_id = ${siteId}`).run();
  return current;
}

export function updateFacts(ctx: WriteContext, input: ParsedInputOf<'documents.updateFacts'>): RunbookFacts {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, input.siteId);
    if (site.archivedAt) throw refused(`“${site.name}” is archived: restore it before editing its facts.`);
    const { siteId: _s, version, ...fields } = input;
    const before = upsertFacts(tx, ctx, input.siteId, at, fields, version);
    recordChange(tx, ctx, at, { entity: 'site', entityId: site.id, siteId: site.id, action: 'runbook-facts', summary: `Rollback and support facts of “${site.name}” edited`, before, after: fields });
    return { id: site.id };
  });
  return getFacts(ctx, input.siteId);
}

export function markKnownGood(ctx: WriteContext, siteId: string): RunbookFacts {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, siteId);
    if (!site.sophmateVersion || !site.wordpressVersion || !site.phpVersion) {
      throw refused(`Record the SophMate, WordPress and PHP versions of “${site.name}” first: known-good means the versions that work.`);
    }
    const values = {
      knownGoodSophmate: site.sophmateVersion,
      knownGoodWordpress: site.wordpressVersion,
      knownGoodPhp: site.phpVersion,
      knownGoodTheme: site.activeTheme,
      knownGoodHost: site.host,
      knownGoodRecordedOn: at.slice(0, 10),
    };
    upsertFacts(tx, ctx, siteId, at, values);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'known-good',
      summary: `Known-good state of “${site.name}” recorded: SophMate ${site.sophmateVersion}, WordPress ${site.wordpressVersion}, PHP ${site.phpVersion}`,
      after: values,
    });
    return { id: site.id };
  });
  return getFacts(ctx, siteId);
}

// ---------------------------------------------------------------------------------------------
// Snapshot and models

export function siteSnapshot(ctx: HandlerContext, siteId: string): SiteSnapshot {
  const site = getSite(ctx, siteId);
  const matrix = ownerMatrix(ctx, siteId);
  const ownerIds = [...new Set(matrix.rows.flatMap((r) => (r.assignment ? [r.assignment.ownerId] : [])))];
  const phones = new Map(
    ownerIds.length
      ? ctx.db.all<{ id: string; phone: string | null }>(sql`SELECT id, phone FROM people WHERE id IN (${sql.join(ownerIds.map((id) => sql`${id}`), sql`, `)})`).map((p) => [p.id, p.phone])
      : [],
  );
  const readiness = getReadiness(ctx, siteId);
  const facts = getFacts(ctx, siteId);
  const operators = listOperators(ctx, siteId);
  const reviews = reviewsForSite(ctx, siteId);
  // Who did something, by name; a bare login from before people were actors reads as a device login.
  const who = whoReader(ctx);
  const overrides = listOverrides(ctx, siteId);
  const access = getAccessModel(ctx, siteId);
  // The SOPs of the roles at work on the site: its operators' roles and the roles its access model maps.
  const siteRoles = new Set([...operators.map((o) => o.role), ...access.roles.map((r) => r.role)]);
  const roles = siteRoles.size ? [...siteRoles] : null;
  const sops = currentSopRows(ctx)
    .filter((r) => !roles || roles.includes(r.role as OperatorRole))
    .map((r) => ({
      role: r.role as OperatorRole,
      workflow: r.workflow as Workflow,
      sop: getSop(ctx, { workflow: r.workflow as Workflow, role: r.role as OperatorRole }).sop,
      overrides: overrides.filter((o) => o.workflow === r.workflow && o.role === r.role).map((o) => ({ kind: o.kind, text: o.text })),
    }))
    .sort((a, b) => ROLE_LABEL[a.role].localeCompare(ROLE_LABEL[b.role]) || a.workflow.localeCompare(b.workflow));
  const branding = getBranding(ctx);
  const texts = Object.fromEntries(Object.entries(branding.texts).filter(([, v]) => typeof v === 'string' && v.trim())) as Partial<Record<DocumentKind, string>>;
  return {
    generatedAt: ctx.clock.now().toISOString(),
    branding: { agencyName: branding.agencyName, footer: branding.footer, logo: branding.logo, texts },
    site: {
      id: site.id,
      name: site.name,
      clientName: site.clientName,
      stage: site.stage,
      productionUrl: site.productionUrl,
      stagingUrl: site.stagingUrl,
      sophmateVersion: site.sophmateVersion,
      wordpressVersion: site.wordpressVersion,
      phpVersion: site.phpVersion,
      woocommerceVersion: site.woocommerceVersion,
      activeTheme: site.activeTheme,
      host: site.host,
      aiProvider: site.aiProvider,
      notes: site.notes,
      missingSetup: site.missingSetup,
    },
    owners: RESPONSIBILITIES.map((r) => {
      const a = matrix.rows.find((x) => x.responsibility === r)?.assignment ?? null;
      return {
        responsibility: r,
        name: a?.ownerName ?? null,
        email: a?.ownerEmail ?? null,
        phone: a ? (phones.get(a.ownerId) ?? null) : null,
        backupName: a?.backupOwnerName ?? null,
        verifiedAt: a?.verifiedAt ?? null,
        active: a?.ownerActive ?? false,
      };
    }),
    runbook: {
      knownGood: facts.knownGood,
      backupLocation: facts.backupLocation,
      lastBackupOn: facts.lastBackupOn,
      lastRehearsalOn: facts.lastRehearsalOn,
      diagnosticsLocation: facts.diagnosticsLocation,
      vendorSupport: facts.vendorSupport,
      pauseInstructions: facts.pauseInstructions,
    },
    operators: operators.map((o) => ({ name: o.personName, role: o.role, status: o.status, access: o.access, workflows: o.accessWorkflows, overrideReason: o.accessOverrideReason })),
    accessModel: {
      recorded: access.recorded,
      enabledWorkflows: access.enabledWorkflows,
      roles: access.roles,
      providerTier: access.providerTier,
      bulkApprovalRisk: access.bulkApprovalRisk,
      firstRunCompletedOn: access.firstRunCompletedOn,
      firstRunCompletedByName: access.firstRunCompletedByName,
    },
    checklist: readiness.checklist.map((c) => ({ title: c.title, status: c.status, why: c.why })),
    acceptance: readiness.acceptance.map((c) => ({ title: c.title, status: c.status, why: c.why })),
    gates: readiness.gates.map((g) => ({ label: g.label, ok: g.ok, reasons: g.reasons })),
    gateOverrides: readiness.overrides.map((o) => ({ gate: o.gate, action: o.action, reasons: o.reasons, overrideReason: o.overrideReason, actor: who(o.actor), at: o.at })),
    pause: readiness.pause ? { reason: readiness.pause.reason, pausedBy: who(readiness.pause.pausedBy), pausedAt: readiness.pause.pausedAt, workflows: readiness.pause.workflows } : null,
    reviews: {
      cadence: describeRrule(reviews.schedule.rrule),
      open: reviews.reviews.filter((r) => r.state !== 'done' && r.state !== 'skipped').map((r) => ({ kind: r.kind, dueOn: r.dueOn, ownerName: r.ownerName, reason: r.reason })),
      lastDone: reviews.reviews.filter((r) => r.state === 'done').slice(0, 5).map((r) => ({ kind: r.kind, doneAt: r.doneAt!, doneBy: r.doneBy === null ? '' : who(r.doneBy), findings: r.findings })),
    },
    incidents: ctx.db
      .all<{ title: string; severity: string; occurredAt: string; affectedWorkflow: string | null; openedBy: string }>(
        sql`SELECT title, severity, occurred_at AS occurredAt, affected_workflow AS affectedWorkflow, opened_by AS openedBy FROM incidents WHERE site_id = ${siteId} AND status = 'open' ORDER BY occurred_at DESC`,
      )
      .map((i) => ({ ...i, openedBy: who(i.openedBy) })),
    sops,
    changes: ctx.db
      .all<{ at: string; actor: string; summary: string }>(sql`SELECT at, actor, summary FROM change_log WHERE site_id = ${siteId} AND action <> 'document' ORDER BY at DESC, id DESC LIMIT 20`)
      .map((c) => ({ ...c, actor: who(c.actor) })),
  };
}

export function documentModel(ctx: HandlerContext, siteId: string, kind: DocumentKind, draft: boolean): DocumentModel {
  const snapshot = siteSnapshot(ctx, siteId);
  try {
    return redactModel(buildDocument(kind, snapshot, { draft }));
  } catch (e) {
    // An unknown placeholder in a text block saved before validation existed, for instance.
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, (e as Error).message);
  }
}

function outlineOf(doc: DocumentModel): Record<string, string[]> {
  return Object.fromEntries(doc.sections.map((s) => [s.title, sectionLines(s)]));
}

export function changesSinceClient(ctx: HandlerContext, siteId: string, kind: DocumentKind, doc: DocumentModel) {
  const last = ctx.db.get<{ generated_at: string; format: DocumentFormat; content_hash: string; outline: string }>(
    sql`SELECT generated_at, format, content_hash, outline FROM generated_documents WHERE site_id = ${siteId} AND kind = ${kind} AND final = 1 ORDER BY generated_at DESC, id DESC LIMIT 1`,
  );
  if (!last) return { since: null, unchanged: false, sections: [] };
  const before = JSON.parse(last.outline) as Record<string, string[]>;
  const now = outlineOf(doc);
  const sections: { title: string; change: 'added' | 'removed' | 'changed'; added: string[]; removed: string[] }[] = [];
  for (const [title, lines] of Object.entries(now)) {
    const old = before[title];
    if (!old) {
      sections.push({ title, change: 'added', added: lines, removed: [] });
      continue;
    }
    const parts = diffArrays(old, lines);
    const added = parts.filter((p) => p.added).flatMap((p) => p.value);
    const removed = parts.filter((p) => p.removed).flatMap((p) => p.value);
    if (added.length || removed.length) sections.push({ title, change: 'changed', added, removed });
  }
  for (const [title, lines] of Object.entries(before)) if (!(title in now)) sections.push({ title, change: 'removed', added: [], removed: lines });
  return { since: { generatedAt: last.generated_at, format: last.format, contentHash: last.content_hash }, unchanged: sections.length === 0, sections };
}

export function previewDocument(ctx: HandlerContext, input: ParsedInputOf<'documents.preview'>) {
  const doc = documentModel(ctx, input.siteId, input.kind, true);
  const finalDoc = { ...doc, draft: false };
  return { html: renderHtml(doc.missing.length ? doc : finalDoc), missing: doc.missing, contentHash: contentHash(finalDoc), changes: changesSinceClient(ctx, input.siteId, input.kind, doc) };
}

export function fileNameFor(siteName: string, kind: DocumentKind, format: DocumentFormat, final: boolean, at: string): string {
  return `${fileSlug(siteName)}-${kind.replace(/_/g, '-')}-${at.slice(0, 10)}${final ? '' : '-draft'}.${format}`;
}

const MIME: Record<DocumentFormat, string> = { md: 'text/markdown', html: 'text/html', pdf: 'application/pdf' };


export interface GeneratedFile {
  bytes: Buffer;
  fileName: string;
  mime: string;
  record: { id: string; kind: DocumentKind; format: DocumentFormat; final: boolean; contentHash: string; missingCount: number; fileName: string; generatedAt: string; generatedBy: string };
}

/** One document rendered in one or more formats, not yet recorded in document history. */
export interface RenderedDocuments {
  siteId: string;
  kind: DocumentKind;
  final: boolean;
  formats: DocumentFormat[];
  hash: string;
  outline: string;
  missingCount: number;
  files: GeneratedFile[];
}

type DocumentRequest<F extends DocumentFormat = DocumentFormat> = { siteId: string; kind: DocumentKind; formats: F[]; final: boolean };

/** The model of one document, refused (REFUSED, details.missing) when a final version misses parts. */
function modelFor(ctx: HandlerContext, input: DocumentRequest): DocumentModel {
  const doc = documentModel(ctx, input.siteId, input.kind, !input.final);
  if (input.final && doc.missing.length) {
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      `A final ${DOCUMENT_LABEL[input.kind].toLowerCase()} of “${doc.siteName}” is refused while parts are missing: ${doc.missing.map((m) => m.part).join('; ')}. Export a draft, or record what is missing.`,
      { missing: doc.missing },
    );
  }
  return doc;
}

function renderedOf(ctx: HandlerContext, input: DocumentRequest, doc: DocumentModel, bytesOf: Map<DocumentFormat, Buffer>): RenderedDocuments {
  const hash = contentHash({ ...doc, draft: false });
  const files = input.formats.map((format): GeneratedFile => {
    const fileName = fileNameFor(doc.siteName, input.kind, format, input.final, doc.generatedAt);
    return {
      bytes: bytesOf.get(format)!,
      fileName,
      mime: MIME[format],
      record: { id: newId(), kind: input.kind, format, final: input.final, contentHash: hash, missingCount: doc.missing.length, fileName, generatedAt: doc.generatedAt, generatedBy: ctx.actor },
    };
  });
  return { siteId: input.siteId, kind: input.kind, final: input.final, formats: input.formats, hash, outline: JSON.stringify(outlineOf(doc)), missingCount: doc.missing.length, files };
}

function textBytes(doc: DocumentModel, format: 'md' | 'html'): Buffer {
  return Buffer.from(format === 'md' ? renderMarkdown(doc) : renderHtml(doc), 'utf8');
}

/** Builds one document from one snapshot and renders it in each format; records nothing. */
export async function renderDocuments(ctx: HandlerContext, input: DocumentRequest): Promise<RenderedDocuments> {
  const doc = modelFor(ctx, input);
  const bytes = new Map<DocumentFormat, Buffer>();
  for (const format of input.formats) bytes.set(format, format === 'pdf' ? await renderPdf(doc) : textBytes(doc, format));
  return renderedOf(ctx, input, doc, bytes);
}

/** Markdown and HTML render synchronously, so a caller already inside a transaction can use this. */
export function renderTextDocuments(ctx: HandlerContext, input: DocumentRequest<'md' | 'html'>): RenderedDocuments {
  const doc = modelFor(ctx, input);
  return renderedOf(ctx, input, doc, new Map(input.formats.map((f) => [f, textBytes(doc, f)])));
}

/**
 * Records rendered files in document history in one transaction. `placeFiles`, when given, runs in
 * that transaction after the rows are written and puts the files where they belong: if it fails,
 * nothing is recorded, so history never lists a file that was not written.
 */
export function recordDocuments(ctx: WriteContext, r: RenderedDocuments, placeFiles?: () => void): void {
  mutate(ctx, 'site', (tx, at) => {
    for (const f of r.files) tx.insert(generatedDocuments).values({ ...f.record, createdAt: at, updatedAt: at, siteId: r.siteId, outline: r.outline }).run();
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: r.siteId,
      siteId: r.siteId,
      action: 'document',
      summary: `${r.final ? 'Final' : 'Draft'} ${DOCUMENT_LABEL[r.kind].toLowerCase()} generated (${r.formats.map((f) => f.toUpperCase()).join(', ')}, ${r.hash.slice(0, 12)})${r.missingCount ? `; missing: ${r.missingCount}` : ''}`,
    });
    placeFiles?.();
    return { id: r.siteId };
  });
}

/** Renders one document and records it: for a download, whose file the caller hands over. */
export async function generateDocuments(ctx: WriteContext, input: DocumentRequest): Promise<GeneratedFile[]> {
  const rendered = await renderDocuments(ctx, input);
  recordDocuments(ctx, rendered);
  return rendered.files;
}

export async function generateDocument(ctx: WriteContext, input: { siteId: string; kind: DocumentKind; format: DocumentFormat; final: boolean }): Promise<GeneratedFile> {
  return (await generateDocuments(ctx, { ...input, formats: [input.format] }))[0]!;
}

export function documentHistory(ctx: HandlerContext, siteId: string) {
  return ctx.db
    .all<{ id: string; kind: DocumentKind; format: DocumentFormat; final: number; contentHash: string; missingCount: number; fileName: string; generatedAt: string; generatedBy: string }>(
      sql`SELECT id, kind, format, final, content_hash AS contentHash, missing_count AS missingCount, file_name AS fileName, generated_at AS generatedAt, generated_by AS generatedBy
          FROM generated_documents WHERE site_id = ${siteId} ORDER BY generated_at DESC, id DESC LIMIT 200`,
    )
    .map((r) => ({ ...r, final: r.final === 1 }));
}

