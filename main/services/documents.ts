/**
 * Documents: a snapshot of a site is read once (documents-snapshot.ts), the core builds the document
 * model, main renders it (Markdown, HTML, PDF). Each generation is recorded with its content hash; a
 * final export is refused while required parts are missing, and "what changed" compares with the last
 * final one. A site's rollback and support facts are in documents-facts.ts; branding in branding.ts.
 */
import { diffArrays } from 'diff';
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { redactModel } from '@core/documents/redact';
import { buildDocument } from '@core/documents/build';
import { DOCUMENT_LABEL, sectionLines, type DocumentFormat, type DocumentKind, type DocumentModel, type SiteSnapshot } from '@core/documents/model';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { newId } from '@db/ids';
import { generatedDocuments } from '@db/schema/index';
import { contentHash } from '../documents/common';
import { fileSlug } from '../files';
import { renderHtml } from '../documents/html';
import { renderMarkdown } from '../documents/markdown';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { siteSnapshot } from './documents-snapshot';

// The PDF engine (pdfkit, fontkit) takes a few hundred ms to load: it is loaded by the first PDF, not when a program starts.
const renderPdf = async (doc: DocumentModel): Promise<Buffer> => (await import('../documents/pdf')).renderPdf(doc);

/**
 * Whether a kind prints the site's SOPs: only the SOP pack does (core/documents/sections/sop-pack.ts);
 * the other kinds are built from a snapshot without them, which gives the same document (a test
 * builds every kind both ways) at a fraction of the cost.
 */
const printsSops = (kind: DocumentKind) => kind === 'sop_pack';

export function documentModel(ctx: HandlerContext, siteId: string, kind: DocumentKind, draft: boolean): DocumentModel {
  return modelOf(siteSnapshot(ctx, siteId, { sops: printsSops(kind) }), kind, draft);
}

/** The redacted model of one kind from a snapshot already read (one snapshot serves every kind of a site). */
function modelOf(snapshot: SiteSnapshot, kind: DocumentKind, draft: boolean): DocumentModel {
  const parts = printsSops(kind) || snapshot.sops.length === 0 ? snapshot : { ...snapshot, sops: [] };
  try {
    return redactModel(buildDocument(kind, parts, { draft }));
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
  return {
    html: renderHtml(doc.missing.length ? doc : finalDoc),
    missing: doc.missing,
    contentHash: contentHash(finalDoc),
    changes: changesSinceClient(ctx, input.siteId, input.kind, doc),
  };
}

export function fileNameFor(siteName: string, kind: DocumentKind, format: DocumentFormat, final: boolean, at: string): string {
  return `${fileSlug(siteName)}-${kind.replace(/_/g, '-')}-${at.slice(0, 10)}${final ? '' : '-draft'}.${format}`;
}

const MIME: Record<DocumentFormat, string> = { md: 'text/markdown', html: 'text/html', pdf: 'application/pdf' };

export interface GeneratedFile {
  bytes: Buffer;
  fileName: string;
  mime: string;
  record: {
    id: string;
    kind: DocumentKind;
    format: DocumentFormat;
    final: boolean;
    contentHash: string;
    missingCount: number;
    fileName: string;
    generatedAt: string;
    generatedBy: string;
  };
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
function modelFor(ctx: HandlerContext, input: DocumentRequest, snapshot?: SiteSnapshot): DocumentModel {
  const doc = snapshot ? modelOf(snapshot, input.kind, !input.final) : documentModel(ctx, input.siteId, input.kind, !input.final);
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
      record: {
        id: newId(),
        kind: input.kind,
        format,
        final: input.final,
        contentHash: hash,
        missingCount: doc.missing.length,
        fileName,
        generatedAt: doc.generatedAt,
        generatedBy: ctx.actor,
      },
    };
  });
  return {
    siteId: input.siteId,
    kind: input.kind,
    final: input.final,
    formats: input.formats,
    hash,
    outline: JSON.stringify(outlineOf(doc)),
    missingCount: doc.missing.length,
    files,
  };
}

function textBytes(doc: DocumentModel, format: 'md' | 'html'): Buffer {
  return Buffer.from(format === 'md' ? renderMarkdown(doc) : renderHtml(doc), 'utf8');
}

/** Builds one document from one snapshot and renders it in each format; records nothing. */
export async function renderDocuments(ctx: HandlerContext, input: DocumentRequest, snapshot?: SiteSnapshot): Promise<RenderedDocuments> {
  const doc = modelFor(ctx, input, snapshot);
  const bytes = new Map<DocumentFormat, Buffer>();
  for (const format of input.formats) bytes.set(format, format === 'pdf' ? await renderPdf(doc) : textBytes(doc, format));
  return renderedOf(ctx, input, doc, bytes);
}

/** One kind of a site's documents, rendered, or refused as final with the parts it misses. */
export type SiteDocument = { kind: DocumentKind; rendered: RenderedDocuments } | { kind: DocumentKind; refused: string[] };

/**
 * Several kinds of one site's documents rendered from one snapshot (a bulk export's unit of work, run
 * in a worker thread: main/workers/documents-tasks.ts); records nothing. A final document that misses
 * parts is answered as refused; any other failure is thrown.
 */
export async function renderSiteDocuments(
  ctx: HandlerContext,
  input: { siteId: string; kinds: DocumentKind[]; formats: DocumentFormat[]; final: boolean },
): Promise<SiteDocument[]> {
  const snapshot = siteSnapshot(ctx, input.siteId, { sops: input.kinds.some(printsSops) });
  const out: SiteDocument[] = [];
  for (const kind of input.kinds) {
    try {
      out.push({ kind, rendered: await renderDocuments(ctx, { ...input, kind }, snapshot) });
    } catch (e) {
      const missing =
        e instanceof WorkbenchError && e.code === ErrorCode.REFUSED ? (e.details as { missing?: { part: string }[] } | undefined)?.missing : undefined;
      if (!missing) throw e;
      out.push({ kind, refused: missing.map((m) => m.part) });
    }
  }
  return out;
}

/** Markdown and HTML render synchronously, so a caller already inside a transaction can use this. */
export function renderTextDocuments(ctx: HandlerContext, input: DocumentRequest<'md' | 'html'>): RenderedDocuments {
  const doc = modelFor(ctx, input);
  return renderedOf(ctx, input, doc, new Map(input.formats.map((f) => [f, textBytes(doc, f)])));
}

/**
 * Records rendered documents in document history in one transaction (a bulk export records many at
 * once), each with its history entry. `placeFiles`, when given, runs in that transaction after the
 * rows are written and puts the files where they belong: if it fails, nothing is recorded, so history
 * never lists a file that was not written.
 */
export function recordDocuments(ctx: WriteContext, documents: RenderedDocuments | RenderedDocuments[], placeFiles?: () => void): void {
  const all = Array.isArray(documents) ? documents : [documents];
  if (all.length === 0) return;
  mutate(ctx, 'site', (tx, at) => {
    for (const r of all) {
      for (const f of r.files)
        tx.insert(generatedDocuments)
          .values({ ...f.record, createdAt: at, updatedAt: at, siteId: r.siteId, outline: r.outline })
          .run();
      recordChange(tx, ctx, at, {
        entity: 'site',
        entityId: r.siteId,
        siteId: r.siteId,
        action: 'document',
        summary: `${r.final ? 'Final' : 'Draft'} ${DOCUMENT_LABEL[r.kind].toLowerCase()} generated (${r.formats.map((f) => f.toUpperCase()).join(', ')}, ${r.hash.slice(0, 12)})${r.missingCount ? `; missing: ${r.missingCount}` : ''}`,
      });
    }
    placeFiles?.();
    return { id: all.at(-1)!.siteId };
  });
}

/** Renders one document and records it: for a download, whose file the caller hands over. */
export async function generateDocuments(ctx: WriteContext, input: DocumentRequest): Promise<GeneratedFile[]> {
  const rendered = await renderDocuments(ctx, input);
  recordDocuments(ctx, rendered);
  return rendered.files;
}

export async function generateDocument(
  ctx: WriteContext,
  input: { siteId: string; kind: DocumentKind; format: DocumentFormat; final: boolean },
): Promise<GeneratedFile> {
  return (await generateDocuments(ctx, { ...input, formats: [input.format] }))[0]!;
}

export function documentHistory(ctx: HandlerContext, siteId: string) {
  return ctx.db
    .all<{
      id: string;
      kind: DocumentKind;
      format: DocumentFormat;
      final: number;
      contentHash: string;
      missingCount: number;
      fileName: string;
      generatedAt: string;
      generatedBy: string;
    }>(
      sql`SELECT id, kind, format, final, content_hash AS contentHash, missing_count AS missingCount, file_name AS fileName, generated_at AS generatedAt, generated_by AS generatedBy
          FROM generated_documents WHERE site_id = ${siteId} ORDER BY generated_at DESC, id DESC LIMIT 200`,
    )
    .map((r) => ({ ...r, final: r.final === 1 }));
}
