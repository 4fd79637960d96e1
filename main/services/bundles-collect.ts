/**
 * What a bundle of one site, one client or the whole workspace holds: the rows of every bundled table
 * that belong to the scope (tables.ts), the history of those records, and each site's documents. Run
 * inside one read transaction by the caller, so every table is read at the same moment.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ReadableDb } from '@db/client';
import { DOCUMENT_KINDS } from '@core/documents/model';
import type { HandlerContext } from '../rpc/context';
import type { SiteDocument } from './documents';
import { fileSlug } from '../files';
import { HISTORY_COLUMNS, type BundleRow, type ScopeKind } from '../bundles/format';
import { taskContext, workers } from '../workers/index';
import type { RenderSiteInput } from '../workers/documents-tasks';
import { historyRowProblem } from './bundles-history';
import { tableShapes, type TableShape } from './bundles-tables';

export interface Collected {
  scope: { kind: ScopeKind; id?: string; name?: string };
  /** Rows per table, parents first. */
  tables: { table: string; rows: BundleRow[] }[];
  history: BundleRow[];
}

/** `column IN (the ids)`, the ids passed as one JSON parameter. */
const inList = (column: string, ids: string) => sql`${sql.identifier(column)} IN (SELECT value FROM json_each(${ids}))`;

function select(db: ReadableDb, table: string, where: SQL | null): BundleRow[] {
  return db.all<BundleRow>(sql`SELECT * FROM ${sql.identifier(table)}${where ? sql` WHERE ${where}` : sql``} ORDER BY id`);
}

/** Reads the scope's records and their history (documents: renderDocuments, after the read). Throws when the site or client does not exist (the caller says which). */
export function collectBundle(db: ReadableDb, scope: { kind: ScopeKind; id?: string }, now: Date): Collected {
  const shapes = tableShapes(db);
  const rows = new Map<string, BundleRow[]>();
  const ids = (table: string) => JSON.stringify((rows.get(table) ?? []).map((r) => r.id));
  let name: string | undefined;

  if (scope.kind === 'all') {
    for (const s of shapes) rows.set(s.spec.table, select(db, s.spec.table, null));
  } else {
    if (scope.kind === 'site') {
      const sites = select(db, 'sites', sql`id = ${scope.id}`);
      rows.set('sites', sites);
      rows.set('clients', sites.length ? select(db, 'clients', sql`id = ${sites[0]!.client_id as string}`) : []);
      name = sites[0]?.name as string | undefined;
    } else {
      const clients = select(db, 'clients', sql`id = ${scope.id}`);
      rows.set('clients', clients);
      rows.set('sites', select(db, 'sites', sql`client_id = ${scope.id}`));
      name = clients[0]?.name as string | undefined;
    }
    const pending = shapes.filter((s) => !rows.has(s.spec.table));
    const collectable = (s: TableShape) => {
      const b = s.spec.belongs;
      if (b === 'scoped') return true;
      if (b === 'referenced')
        return pending.every(
          (p) => p === s || (typeof p.spec.belongs === 'object' && p.spec.belongs.parent === s.spec.table) || ![...p.refs.values()].includes(s.spec.table),
        );
      if (typeof b === 'object') return rows.has(b.parent);
      return false;
    };
    // Tables whose parent is a referenced table (SOP items, event type mappings) wait for it; referenced
    // tables wait until every table that may refer to them is read.
    while (pending.length) {
      const i = pending.findIndex(collectable);
      if (i < 0) throw new Error(`Cannot order the bundle's tables: ${pending.map((p) => p.spec.table).join(', ')}`);
      const s = pending.splice(i, 1)[0]!;
      const b = s.spec.belongs;
      const t = s.spec.table;
      if (b === 'scoped') rows.set(t, select(db, t, sql`${inList('client_id', ids('clients'))} OR ${inList('site_id', ids('sites'))}`));
      else if (typeof b === 'object') rows.set(t, select(db, t, inList(b.column, ids(b.parent))));
      else {
        const wanted = new Set<string>();
        for (const other of shapes)
          for (const [column, target] of other.refs)
            if (target === t) for (const r of rows.get(other.spec.table) ?? []) if (typeof r[column] === 'string') wanted.add(r[column]);
        const own = t === 'people' ? select(db, t, inList('client_id', ids('clients'))) : [];
        for (const r of own) wanted.delete(r.id as string);
        const referenced = select(db, t, inList('id', JSON.stringify([...wanted])));
        rows.set(
          t,
          [...own, ...referenced].sort((a, b) => String(a.id).localeCompare(String(b.id))),
        );
      }
    }
  }

  const history = collectHistory(db, scope.kind, rows, now);
  return {
    scope: { kind: scope.kind, ...(scope.id ? { id: scope.id } : {}), ...(name ? { name } : {}) },
    tables: shapes.map((s) => ({ table: s.spec.table, rows: rows.get(s.spec.table) ?? [] })),
    history,
  };
}

/**
 * The history of the bundled records: the rows an import accepts (bundles-history.ts), so a bundle
 * never carries what the importing side would refuse (workspace-level rows, redactions, history of
 * records left out).
 */
function collectHistory(db: ReadableDb, kind: ScopeKind, rows: Map<string, BundleRow[]>, now: Date): BundleRow[] {
  const columns = sql.join(
    HISTORY_COLUMNS.map((c) => sql.identifier(c)),
    sql`, `,
  );
  const records = new Set([...rows.values()].flatMap((list) => list.map((r) => String(r.id))));
  const sites = new Set((rows.get('sites') ?? []).map((r) => String(r.id)));
  const scope = { now, record: (id: string) => (records.has(id) ? id : undefined), site: (id: string) => (sites.has(id) ? id : undefined) };
  const candidates =
    kind === 'all'
      ? db.all<BundleRow>(sql`SELECT ${columns} FROM change_log ORDER BY seq, rowid`)
      : db.all<BundleRow>(
          sql`SELECT ${columns} FROM change_log WHERE ${inList('site_id', JSON.stringify([...sites]))} OR ${inList('entity_id', JSON.stringify([...records]))} ORDER BY seq, rowid`,
        );
  return candidates.filter((r) => historyRowProblem(r, scope) === null);
}

/**
 * Each site's documents (drafts where parts are missing), Markdown and HTML, in a folder per site,
 * rendered by the worker pool (each site from the worker's own consistent read), so the main thread
 * keeps answering during "Export everything". `onSite` follows progress.
 */
export async function renderDocuments(
  ctx: HandlerContext,
  sites: BundleRow[],
  onSite?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  const folders = new Set<string>();
  const pool = workers();
  const ahead = pool.size * 2;
  const render = (site: BundleRow) => {
    const input: RenderSiteInput = { ...taskContext(ctx), siteId: String(site.id), kinds: [...DOCUMENT_KINDS], formats: ['md', 'html'], final: false };
    const p = pool.run<SiteDocument[]>('documents.renderSite', input, signal ? { signal } : {});
    p.catch(() => undefined);
    return p;
  };
  const running = new Map<number, Promise<SiteDocument[]>>();
  for (let i = 0; i < sites.length; i++) {
    for (let j = i; j < Math.min(sites.length, i + 1 + ahead); j++) if (!running.has(j)) running.set(j, render(sites[j]!));
    const site = sites[i]!;
    let folder = fileSlug(String(site.name));
    if (folders.has(folder)) folder = `${folder}-${String(site.id).slice(-6).toLowerCase()}`;
    folders.add(folder);
    try {
      for (const d of await running.get(i)!)
        if ('rendered' in d)
          for (const f of d.rendered.files)
            out.push({ path: `documents/${folder}/${f.fileName}`, bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) });
    } catch (e) {
      if (signal?.aborted) throw e;
      ctx.log.warn('the documents of a site could not be rendered for a handover bundle', {
        siteId: site.id,
        error: e instanceof Error ? e.message : String(e),
      });
    }
    running.delete(i);
    onSite?.(i + 1, sites.length);
  }
  return out;
}
