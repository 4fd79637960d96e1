/**
 * Reading sites: one site, the Sites list (filters, sort, paging), every id the filters match, the
 * filters' choices, and the live sites in name order (bulk work on "every site").
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Site } from '@core/contract/sites';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { missingSetupFields } from '@core/domain/setup-record';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { SEARCH_FOLD_SQL } from '@core/search-fold';
import type { SiteRow } from '@db/queries/rows';
import { allOf, escapeLike, inList, likePattern, live, sameFolded, searchMatch, urlSearchMatch } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { blockedSiteIds } from './dashboard';
import { notFound } from './errors';
import { incompleteSetupSql } from './setup-record-sql';

const RESPONSIBILITY_COUNT = RESPONSIBILITIES.length;

// A site's owner figures are kept per site by triggers (site_owner_stats, migration 0012), so the
// list filters and sorts every site by owner gaps without counting owners per site on each call.
const OWNER_STATS = sql`coalesce(os.assigned, 0) AS assigned, coalesce(os.unverified, 0) AS unverified, coalesce(os.setup_owner, 0) AS has_setup_owner,
  EXISTS (SELECT 1 FROM site_pauses sp WHERE sp.site_id = s.id AND sp.resumed_at IS NULL) AS paused`;

const SELECT = sql`SELECT s.id, s.client_id, c.name AS client_name, s.name, s.production_url, s.staging_url,
  s.sophmate_version, s.wordpress_version, s.php_version, s.woocommerce_version, s.active_theme, s.host,
  s.ai_provider, s.stage, s.notes, s.archived_at, s.created_at, s.updated_at, s.version, ${OWNER_STATS}
  FROM sites s JOIN clients c ON c.id = s.client_id LEFT JOIN site_owner_stats os ON os.site_id = s.id`;

const INCOMPLETE = incompleteSetupSql('s');

const HAS_OWNER_GAPS = sql`os.assigned < ${RESPONSIBILITY_COUNT}`;

function toSite(r: SiteRow): Site {
  return {
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    name: r.name,
    productionUrl: r.production_url,
    stagingUrl: r.staging_url,
    sophmateVersion: r.sophmate_version,
    wordpressVersion: r.wordpress_version,
    phpVersion: r.php_version,
    woocommerceVersion: r.woocommerce_version,
    activeTheme: r.active_theme,
    host: r.host,
    aiProvider: r.ai_provider,
    stage: r.stage,
    notes: r.notes,
    missingSetup: missingSetupFields({
      productionUrl: r.production_url,
      stagingUrl: r.staging_url,
      sophmateVersion: r.sophmate_version,
      wordpressVersion: r.wordpress_version,
      phpVersion: r.php_version,
      activeTheme: r.active_theme,
      hasSetupOwner: r.has_setup_owner === 1,
    }),
    ownerGaps: RESPONSIBILITY_COUNT - r.assigned,
    unverifiedOwners: r.unverified,
    paused: r.paused === 1,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function getSite(ctx: HandlerContext, id: string): Site {
  const row = ctx.db.get<SiteRow>(sql`${SELECT} WHERE s.id = ${id}`);
  if (!row) throw notFound('Site', id);
  return toSite(row);
}

function versionMatch(column: SQL, value: string): SQL {
  // "8.2" matches 8.2 and 8.2.x, not 8.20.
  return sql`(${column} = ${value} OR ${column} LIKE ${`${escapeLike(value)}.%`} ESCAPE '\\')`;
}

/**
 * The list's WHERE. `everySite` says the query reads every site anyway (a filter no index answers):
 * then the live-sites test is kept away from the indexes of live sites (SQLite's unary +), so SQLite
 * reads the table straight through instead of looking up each row from an index.
 */
export function siteListWhere(input: ParsedInputOf<'sites.list'>, onlyIds?: string[], everySite = false): SQL {
  const where: SQL[] = [];
  if (input.archived === 'active') where.push(everySite ? sql`+s.archived_at IS NULL` : live('s'));
  if (input.archived === 'archived') where.push(sql`s.archived_at IS NOT NULL`);
  if (input.search) {
    const like = likePattern(input.search);
    // Client names are folded once per client, not once per site.
    where.push(sql`(${searchMatch(sql`s.name`, like)}
      OR s.client_id IN (SELECT fc.id FROM clients fc WHERE ${searchMatch(sql`fc.name`, like)})
      OR ${urlSearchMatch(sql`s.production_url`, like)} OR ${urlSearchMatch(sql`s.staging_url`, like)})`);
  }
  if (input.clientId) where.push(sql`s.client_id = ${input.clientId}`);
  if (input.stages && input.stages.length > 0) {
    where.push(sql`s.stage IN ${inList(input.stages)}`);
  }
  if (input.sophmateVersion) where.push(versionMatch(sql`s.sophmate_version`, input.sophmateVersion));
  if (input.wordpressVersion) where.push(versionMatch(sql`s.wordpress_version`, input.wordpressVersion));
  if (input.phpVersion) where.push(versionMatch(sql`s.php_version`, input.phpVersion));
  if (input.incompleteOnly) where.push(INCOMPLETE);
  if (input.ownerGapsOnly) where.push(HAS_OWNER_GAPS);
  // The blocked sites can be every site: one JSON parameter, not one bound parameter per id (inList).
  if (onlyIds) where.push(sql`s.id IN (SELECT value FROM json_each(${JSON.stringify(onlyIds)}))`);
  // Written as "the site is among those of …" so SQLite starts from the few matching records.
  if (input.openIncidentsOnly) where.push(sql`s.id IN (SELECT i.site_id FROM incidents i WHERE i.status = 'open')`);
  if (input.pausedOnly) where.push(sql`s.id IN (SELECT sp.site_id FROM site_pauses sp WHERE sp.resumed_at IS NULL)`);
  if (input.ownerId) {
    const role = input.ownerRole ? sql` AND oa.responsibility = ${input.ownerRole}` : sql``;
    where.push(sql`s.id IN (SELECT oa.site_id FROM owner_assignments oa WHERE oa.owner_id = ${input.ownerId} AND oa.archived_at IS NULL${role})`);
  }
  if (input.host) where.push(sameFolded(sql`s.host`, input.host));
  if (input.provider) where.push(sameFolded(sql`s.ai_provider`, input.provider));
  return allOf(where);
}

const SORT_COLUMNS: Record<ParsedInputOf<'sites.list'>['sort'], SQL> = {
  name: sql`s.name COLLATE NOCASE`,
  client: sql`c.name COLLATE NOCASE`,
  productionUrl: sql`s.production_url`,
  stage: sql`CASE s.stage WHEN 'planning' THEN 0 WHEN 'setup' THEN 1 WHEN 'pilot' THEN 2 WHEN 'adoption' THEN 3 WHEN 'paused' THEN 4 ELSE 5 END`,
  sophmateVersion: sql`s.sophmate_version`,
  wordpressVersion: sql`s.wordpress_version`,
  phpVersion: sql`s.php_version`,
  updatedAt: sql`s.updated_at`,
  ownerGaps: sql`os.assigned`,
};

/**
 * The filters that are not plain columns: a blocking reason (or "blocked only") narrows the list to
 * the sites the Dashboard counts, and an owner filter must name a person who exists.
 */
function listScope(ctx: HandlerContext, input: ParsedInputOf<'sites.list'>): string[] | undefined {
  if (input.ownerId && !ctx.db.get(sql`SELECT 1 AS found FROM people WHERE id = ${input.ownerId}`)) {
    throw new WorkbenchError(
      ErrorCode.NOT_FOUND,
      'The person in the Owner filter does not exist (removed on another device, or a mistyped link): remove the Owner filter or choose someone else.',
      { issues: [{ path: 'ownerId', message: 'No such person: choose someone from the Owner list.' }] },
    );
  }
  if (input.reason !== undefined) return blockedSiteIds(ctx, input.reason);
  if (input.blockedOnly) return blockedSiteIds(ctx);
  return undefined;
}

/** The tables a list query reads: the client only when sorting by it, the owner figures only when filtering or sorting by them. */
function listFrom(input: ParsedInputOf<'sites.list'>, forSort: boolean): SQL {
  const client = forSort && input.sort === 'client' ? sql` JOIN clients c ON c.id = s.client_id` : sql``;
  const owners = input.ownerGapsOnly || (forSort && input.sort === 'ownerGaps') ? sql` JOIN site_owner_stats os ON os.site_id = s.id` : sql``;
  return sql`FROM sites s${client}${owners}`;
}

/**
 * Filters that can be answered from an index (the archive state, a client, stages) leave the count to
 * a cheap separate query; any other filter reads every site once, so that pass counts too.
 */
function filtersEverySite(input: ParsedInputOf<'sites.list'>, onlyIds: string[] | undefined): boolean {
  return Boolean(
    input.search ||
    input.sophmateVersion ||
    input.wordpressVersion ||
    input.phpVersion ||
    input.incompleteOnly ||
    input.ownerGapsOnly ||
    input.openIncidentsOnly ||
    input.pausedOnly ||
    input.ownerId ||
    input.host ||
    input.provider ||
    onlyIds,
  );
}

export function listSites(ctx: HandlerContext, input: ParsedInputOf<'sites.list'>) {
  const onlyIds = listScope(ctx, input);
  const countInPass = filtersEverySite(input, onlyIds);
  const whereSql = siteListWhere(input, onlyIds, countInPass);
  // Fewer assigned owners means more gaps, so the gap sort runs opposite to the assigned count.
  const asc = input.sort === 'ownerGaps' ? input.direction === 'desc' : input.direction === 'asc';
  const dir = asc ? sql`ASC` : sql`DESC`;
  // Ties in the sort are broken by name, then id; the name sort needs only the id.
  const ties = input.sort === 'name' ? sql`s.id` : sql`s.name COLLATE NOCASE, s.id`;
  // Two steps: choose the page's ids on the narrow sort key (an index walk for most sorts), then read
  // full rows for those ids only. Reading full rows while sorting would carry every skipped row.
  const page = ctx.db.all<{ id: string; total: number | null }>(
    sql`SELECT s.id, ${countInPass ? sql`count(*) OVER ()` : sql`NULL`} AS total ${listFrom(input, true)} WHERE ${whereSql}
        ORDER BY ${SORT_COLUMNS[input.sort]} ${dir} NULLS LAST, ${ties} LIMIT ${input.limit} OFFSET ${input.offset}`,
  );
  const ids = page.map((r) => r.id);
  const byId = new Map(
    (ids.length ? ctx.db.all<SiteRow>(sql`${SELECT} WHERE s.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`) : []).map((r) => [r.id, r]),
  );
  const rows = ids.map((id) => byId.get(id)!);
  // A page that is not full ends the list, so it gives the count; past the end, the count is asked for.
  const total =
    page[0]?.total ??
    (ids.length < input.limit && (ids.length > 0 || input.offset === 0)
      ? input.offset + ids.length
      : ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n ${listFrom(input, false)} WHERE ${whereSql}`)!.n);
  return { rows: rows.map(toSite), total, offset: input.offset };
}

/** Every id the Sites list's filters match, in list order (for bulk work on "these sites"). */
export function listSiteIds(ctx: HandlerContext, input: ParsedInputOf<'sites.list'>): string[] {
  const whereSql = siteListWhere(input, listScope(ctx, input));
  return ctx.db
    .all<{ id: string }>(sql`SELECT s.id ${listFrom(input, false)} WHERE ${whereSql} ORDER BY s.name COLLATE NOCASE, s.id LIMIT 50000`)
    .map((r) => r.id);
}

export function siteFacets(ctx: HandlerContext) {
  const distinct = (col: SQL) =>
    ctx.db.all<{ v: string }>(sql`SELECT DISTINCT ${col} AS v FROM sites WHERE archived_at IS NULL AND ${col} IS NOT NULL`).map((r) => r.v);
  const byVersion = (a: string, b: string) => b.localeCompare(a, undefined, { numeric: true });
  // Spellings that fold alike ("Kinsta", "kinsta") are one value, shown in one of its spellings.
  const counted = (col: SQL) =>
    ctx.db.all<{ value: string; sites: number }>(
      sql`SELECT min(${col}) AS value, count(*) AS sites FROM sites
          WHERE archived_at IS NULL AND ${col} IS NOT NULL GROUP BY ${sql.raw(SEARCH_FOLD_SQL)}(${col}) ORDER BY sites DESC, value COLLATE NOCASE`,
    );
  return {
    sophmateVersions: distinct(sql`sophmate_version`).sort(byVersion),
    wordpressVersions: distinct(sql`wordpress_version`).sort(byVersion),
    phpVersions: distinct(sql`php_version`).sort(byVersion),
    hosts: counted(sql`host`),
    providers: counted(sql`ai_provider`),
  };
}

/** Ids of the live sites, in name order (every site of a bulk export). */
export function liveSiteIds(ctx: Pick<HandlerContext, 'db'>): string[] {
  return ctx.db.all<{ id: string }>(sql`SELECT id FROM sites WHERE ${live()} ORDER BY name COLLATE NOCASE, id`).map((r) => r.id);
}

/** The site's name, or null when there is no such site. */
export function siteName(ctx: Pick<HandlerContext, 'db'>, id: string): string | null {
  return ctx.db.get<{ name: string }>(sql`SELECT name FROM sites WHERE id = ${id}`)?.name ?? null;
}
