/**
 * Search everything (the command palette): sites by name, URL or client, clients, people by name or
 * e-mail, incidents by title or what happened, and the current SOPs' text. Every comparison uses the
 * workspace's search fold (core/search-fold.ts; `fold()` in SQL), with LIKE's wildcards escaped.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { SEARCH_KIND_LABEL, SEARCH_KINDS, type SearchEverythingOutput, type SearchGroup, type SearchKind, type SearchResult } from '@core/contract/search';
import { ROLE_LABEL, WORKFLOW_LABEL, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { foldForSearch, SEARCH_FOLD_SQL } from '@core/search-fold';
import { escapeLike, inList, searchMatch, urlSearchMatch } from '@db/queries/sql';
import { readableUrl } from '@db/sql-functions';
import type { HandlerContext } from '../rpc/context';
import { currentSopRows } from './sops';

const FOLD = sql.raw(SEARCH_FOLD_SQL);

/** The patterns one query needs: the whole text, its start, the start of a word, anywhere. */
interface Needle {
  folded: string;
  exact: string;
  prefix: string;
  word: string;
  contains: string;
}

function needleOf(query: string): Needle {
  const folded = foldForSearch(query);
  const e = escapeLike(folded);
  return { folded, exact: folded, prefix: `${e}%`, word: `% ${e}%`, contains: `%${e}%` };
}

/** 0 the whole name, 1 its start or a word's start, 2 inside the name, 3 only in other text. */
function nameRank(column: SQL, n: Needle): SQL {
  return sql`CASE WHEN ${FOLD}(${column}) = ${n.exact} THEN 0
    WHEN ${FOLD}(${column}) LIKE ${n.prefix} ESCAPE '\\' OR ${FOLD}(${column}) LIKE ${n.word} ESCAPE '\\' THEN 1
    WHEN ${FOLD}(${column}) LIKE ${n.contains} ESCAPE '\\' THEN 2 ELSE 3 END`;
}

const like = (column: SQL, n: Needle) => searchMatch(column, n.contains);

const urlLike = (column: SQL, n: Needle) => urlSearchMatch(column, n.contains);

/** One line of `text` around the first place the needle occurs (the start of the text if none). */
export function snippetAround(text: string, foldedNeedle: string, width = 90): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const folded = foldForSearch(line);
  // Folding can change lengths (ß -> ss); then the match is looked for in the plain lower case.
  let at = folded.length === line.length ? folded.indexOf(foldedNeedle) : line.toLowerCase().indexOf(foldedNeedle);
  if (at < 0) at = 0;
  if (line.length <= width) return line;
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), line.length - width));
  const end = Math.min(line.length, start + width);
  return `${start > 0 ? '…' : ''}${line.slice(start, end).trim()}${end < line.length ? '…' : ''}`;
}

function searchSites(ctx: HandlerContext, n: Needle, limit: number): SearchResult[] {
  const rows = ctx.db.all<{
    id: string;
    name: string;
    production_url: string;
    staging_url: string | null;
    client_name: string;
    archived_at: string | null;
    rank: number;
  }>(
    sql`SELECT s.id, s.name, s.production_url, s.staging_url, c.name AS client_name, s.archived_at, ${nameRank(sql`s.name`, n)} AS rank
        FROM sites s JOIN clients c ON c.id = s.client_id
        WHERE ${like(sql`s.name`, n)}
          OR s.client_id IN (SELECT fc.id FROM clients fc WHERE ${like(sql`fc.name`, n)})
          OR ${urlLike(sql`s.production_url`, n)} OR ${urlLike(sql`s.staging_url`, n)}
        ORDER BY rank, s.archived_at IS NOT NULL, s.name COLLATE NOCASE, s.id LIMIT ${limit}`,
  );
  return rows.map((r) => {
    const production = readableUrl(r.production_url);
    const staging = r.staging_url ? readableUrl(r.staging_url) : null;
    const viaStaging = staging !== null && foldForSearch(staging).includes(n.folded) && !foldForSearch(production).includes(n.folded);
    const parts = [r.client_name, viaStaging ? `staging ${staging}` : production];
    if (r.archived_at) parts.push('archived');
    return { kind: 'site', id: r.id, title: r.name, snippet: parts.join(' · '), route: `/sites/${r.id}`, rank: r.rank, archived: r.archived_at !== null };
  });
}

function searchClients(ctx: HandlerContext, n: Needle, limit: number): SearchResult[] {
  const rows = ctx.db.all<{ id: string; name: string; archived_at: string | null; sites: number; rank: number }>(
    sql`SELECT c.id, c.name, c.archived_at, ${nameRank(sql`c.name`, n)} AS rank,
          (SELECT count(*) FROM sites s WHERE s.client_id = c.id AND s.archived_at IS NULL) AS sites
        FROM clients c WHERE ${like(sql`c.name`, n)}
        ORDER BY rank, c.archived_at IS NOT NULL, c.name COLLATE NOCASE, c.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    kind: 'client',
    id: r.id,
    title: r.name,
    snippet: `Client · ${r.sites} ${r.sites === 1 ? 'site' : 'sites'}${r.archived_at ? ' · archived' : ''}`,
    route: `/sites?${new URLSearchParams({ client: r.id, clientName: r.name }).toString()}`,
    rank: r.rank,
    archived: r.archived_at !== null,
  }));
}

function searchPeople(ctx: HandlerContext, n: Needle, limit: number): SearchResult[] {
  const rows = ctx.db.all<{
    id: string;
    name: string;
    email: string;
    organisation: string;
    client_name: string | null;
    archived_at: string | null;
    rank: number;
  }>(
    sql`SELECT p.id, p.name, p.email, p.organisation, c.name AS client_name, p.archived_at,
          CASE WHEN lower(p.email) = ${n.exact} THEN 0 ELSE ${nameRank(sql`p.name`, n)} END AS rank
        FROM people p LEFT JOIN clients c ON c.id = p.client_id
        WHERE ${like(sql`p.name`, n)} OR ${like(sql`p.email`, n)}
        ORDER BY rank, p.archived_at IS NOT NULL, p.name COLLATE NOCASE, p.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    kind: 'person',
    id: r.id,
    title: r.name,
    snippet: [r.email, r.organisation === 'agency' ? 'Agency' : `Client: ${r.client_name ?? '—'}`, r.archived_at ? 'archived' : ''].filter(Boolean).join(' · '),
    route: `/people?${new URLSearchParams({ q: r.email, archived: r.archived_at ? 'all' : 'active' }).toString()}`,
    rank: r.rank,
    archived: r.archived_at !== null,
  }));
}

function searchIncidents(ctx: HandlerContext, n: Needle, limit: number): SearchResult[] {
  const rows = ctx.db.all<{
    id: string;
    title: string;
    what_happened: string;
    status: string;
    severity: string;
    site_id: string;
    site_name: string;
    rank: number;
  }>(
    sql`SELECT i.id, i.title, i.what_happened, i.status, i.severity, i.site_id, s.name AS site_name, ${nameRank(sql`i.title`, n)} AS rank
        FROM incidents i JOIN sites s ON s.id = i.site_id
        WHERE ${like(sql`i.title`, n)} OR ${like(sql`i.what_happened`, n)}
        ORDER BY rank, i.status = 'resolved', i.occurred_at DESC, i.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    kind: 'incident',
    id: r.id,
    title: r.title,
    snippet: `${r.site_name} · ${r.status} · ${r.severity}${r.rank === 3 ? ` · ${snippetAround(r.what_happened, n.folded, 60)}` : ''}`,
    route: `/sites/${r.site_id}/incidents`,
    rank: r.rank,
    archived: false,
  }));
}

/** The current SOPs are few (one per workflow and role): their text is matched here, in the same fold. */
function searchSops(ctx: HandlerContext, n: Needle, limit: number): SearchResult[] {
  const sops = currentSopRows(ctx);
  const items = ctx.db.all<{ sop_version_id: string; text: string; why: string | null }>(
    sql`SELECT i.sop_version_id, i.text, i.why FROM sop_items i
        WHERE i.sop_version_id IN ${inList(sops.map((s) => s.id))}
        ORDER BY i.kind, i.position`,
  );
  const itemsBySop = new Map<string, string[]>();
  for (const it of items) {
    const list = itemsBySop.get(it.sop_version_id) ?? [];
    list.push(it.text, ...(it.why ? [it.why] : []));
    itemsBySop.set(it.sop_version_id, list);
  }
  const found: SearchResult[] = [];
  for (const s of sops) {
    const title = `${WORKFLOW_LABEL[s.workflow as Workflow] ?? s.workflow} · ${ROLE_LABEL[s.role as OperatorRole] ?? s.role}`;
    const foldedTitle = foldForSearch(title);
    const texts = [s.purpose, s.when_to_use, s.approval_notes, ...(itemsBySop.get(s.id) ?? [])];
    const hit = texts.find((t) => foldForSearch(t).includes(n.folded));
    let rank: number;
    if (foldedTitle === n.folded) rank = 0;
    else if (foldedTitle.startsWith(n.folded) || foldedTitle.includes(` ${n.folded}`)) rank = 1;
    else if (foldedTitle.includes(n.folded)) rank = 2;
    else if (hit !== undefined) rank = 3;
    else continue;
    found.push({
      kind: 'sop',
      id: s.id,
      title: `SOP: ${title}`,
      snippet: snippetAround(hit ?? s.purpose, n.folded),
      route: `/playbook/${s.workflow}/${s.role}`,
      rank,
      archived: false,
    });
  }
  return found.sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title)).slice(0, limit);
}

const SEARCHERS: Record<SearchKind, (ctx: HandlerContext, n: Needle, limit: number) => SearchResult[]> = {
  site: searchSites,
  client: searchClients,
  person: searchPeople,
  incident: searchIncidents,
  sop: searchSops,
};

export function searchEverything(ctx: HandlerContext, input: ParsedInputOf<'search.everything'>): SearchEverythingOutput {
  const query = input.query;
  if (!query) return { query, groups: [] };
  const n = needleOf(query);
  const groups: SearchGroup[] = [];
  for (const kind of SEARCH_KINDS) {
    // One more than asked says whether there are more.
    const rows = SEARCHERS[kind](ctx, n, input.limit + 1);
    if (rows.length === 0) continue;
    groups.push({ kind, label: SEARCH_KIND_LABEL[kind], results: rows.slice(0, input.limit), more: rows.length > input.limit });
  }
  // The group with the best match comes first; ties keep the fixed order of kinds.
  const best = (g: SearchGroup) => Math.min(...g.results.map((r) => r.rank));
  groups.sort((a, b) => best(a) - best(b) || SEARCH_KINDS.indexOf(a.kind) - SEARCH_KINDS.indexOf(b.kind));
  return { query, groups };
}
