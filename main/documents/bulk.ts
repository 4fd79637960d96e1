/**
 * Bulk export: each site's documents into a folder of its own, site after site, with progress after
 * each and a cancel that stops between sites (files already written stay complete: each is written
 * to a temporary name and renamed). Shared by the CLI and the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DOCUMENT_LABEL, type DocumentFormat, type DocumentKind } from '../../core/documents/model';
import { WorkbenchError } from '../../core/errors';
import type { HandlerContext } from '../rpc/context';
import { fileSlug, writeFileAtomically } from '../files';
import { generateDocuments } from '../services/documents';

export interface BulkOptions {
  siteIds: string[];
  kinds: DocumentKind[];
  formats: DocumentFormat[];
  final: boolean;
  outDir: string;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
}

export interface BulkResult {
  folder: string;
  sites: number;
  files: number;
  drafts: number;
  refused: { site: string; document: string; missing: string[] }[];
  cancelled: boolean;
}


/** "northwind-shop-01HX…": readable, and unique even when two sites share a name. */
export function siteFolderName(name: string, id: string): string {
  return `${fileSlug(name)}-${id.slice(-8).toLowerCase()}`;
}

export async function exportDocuments(ctx: HandlerContext, o: BulkOptions): Promise<BulkResult> {
  if (!fs.existsSync(o.outDir) || !fs.statSync(o.outDir).isDirectory()) throw new Error(`The folder ${o.outDir} does not exist: create it or choose another.`);
  const result: BulkResult = { folder: o.outDir, sites: 0, files: 0, drafts: 0, refused: [], cancelled: false };
  for (let i = 0; i < o.siteIds.length; i++) {
    if (o.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const id = o.siteIds[i]!;
    const site = ctx.db.get<{ name: string }>(sql`SELECT name FROM sites WHERE id = ${id}`);
    if (!site) continue;
    const folder = path.join(o.outDir, siteFolderName(site.name, id));
    fs.mkdirSync(folder, { recursive: true });
    for (const kind of o.kinds) {
      try {
        const files = await generateDocuments(ctx, { siteId: id, kind, formats: o.formats, final: o.final });
        for (const f of files) {
          writeFileAtomically(path.join(folder, f.fileName), f.bytes);
          result.files++;
          if (f.record.missingCount > 0) result.drafts++;
        }
      } catch (e) {
        const missing = e instanceof WorkbenchError ? ((e.details as { missing?: { part: string }[] } | undefined)?.missing ?? null) : null;
        if (!missing) throw e;
        result.refused.push({ site: site.name, document: DOCUMENT_LABEL[kind], missing: missing.map((m) => m.part) });
      }
    }
    result.sites++;
    o.onProgress?.({ done: i + 1, total: o.siteIds.length, current: site.name });
    // Let a cancel (or other work) in between sites.
    await new Promise((r) => setImmediate(r));
  }
  return result;
}
