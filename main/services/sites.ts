import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { Site } from '../../core/contract/sites';
import { RESPONSIBILITIES } from '../../core/domain/responsibilities';
import { missingSetupFields } from '../../core/domain/setup-record';
import { isNewSiteStage, NEW_SITE_STAGE_RULE, STAGE_LABEL } from '../../core/domain/stages';
import { newId } from '../../db/ids';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { SEARCH_FOLD_SQL } from '../../core/search-fold';
import { URL_SEARCH_FOLD_SQL } from '../../db/sql-functions';
import { sites } from '../../db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { blockedSiteIds } from './dashboard';
import { duplicate, likePattern, notFound, refused, sameFolded, searchMatch, staleVersion } from './errors';
import { onSiteCreated, onSiteEdited } from './reviews';
import { hasSetupOwnerSql, incompleteSetupSql } from './setup-record-sql';

interface SiteRow {
  id: string;
  client_id: string;
  client_name: string;
  name: string;
  production_url: string;
  staging_url: string | null;
  sophmate_version: string | null;
  wordpress_version: string | null;
  php_version: string | null;
  woocommerce_version: string | null;
  active_theme: string | null;
  host: string | null;
  ai_provider: string | null;
  stage: Site['stage'];
  notes: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  assigned: number;
  unverified: number;
  has_setup_owner: number;
  paused: number;
}

const RESPONSIBILITY_COUNT = RESPONSIBILITIES.length;

// Owner statistics per site come from correlated subqueries on the (site_id, responsibility) index,
// so a page of 100 costs 100 index probes, whatever the portfolio size.
const OWNER_STATS = sql`
  (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL) AS assigned,
  (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.verified_at IS NULL) AS unverified,
  ${hasSetupOwnerSql('s')} AS has_setup_owner,
  EXISTS (SELECT 1 FROM site_pauses sp WHERE sp.site_id = s.id AND sp.resumed_at IS NULL) AS paused`;

const SELECT = sql`SELECT s.id, s.client_id, c.name AS client_name, s.name, s.production_url, s.staging_url,
  s.sophmate_version, s.wordpress_version, s.php_version, s.woocommerce_version, s.active_theme, s.host,
  s.ai_provider, s.stage, s.notes, s.archived_at, s.created_at, s.updated_at, s.version, ${OWNER_STATS}
  FROM sites s JOIN clients c ON c.id = s.client_id`;

const INCOMPLETE = incompleteSetupSql('s');

const HAS_OWNER_GAPS = sql`((SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL) < ${RESPONSIBILITY_COUNT})`;

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
  return sql`(${column} = ${value} OR ${column} LIKE ${`${value.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`} ESCAPE '\\')`;
}

/**
 * A URL matches the search as stored and as people read it. URLs are stored in ASCII (punycode host,
 * percent-encoded path), where the search fold is plain ASCII lower case, so lower() is that fold
 * without a call per row; only a URL that has a punycode label or a percent escape is also decoded
 * (bücher.example.com/café) and folded, so "bücher" and "café" find it.
 */
function urlMatch(column: SQL, like: string): SQL {
  return sql`(lower(${column}) LIKE ${like} ESCAPE '\\'
    OR ((instr(${column}, 'xn--') > 0 OR instr(${column}, '%') > 0) AND ${sql.raw(URL_SEARCH_FOLD_SQL)}(${column}) LIKE ${like} ESCAPE '\\'))`;
}

export function siteListWhere(input: ParsedInputOf<'sites.list'>, onlyIds?: string[]): SQL {
  const where: SQL[] = [];
  if (input.archived === 'active') where.push(sql`s.archived_at IS NULL`);
  if (input.archived === 'archived') where.push(sql`s.archived_at IS NOT NULL`);
  if (input.search) {
    const like = likePattern(input.search);
    // Client names are folded once per client, not once per site.
    where.push(sql`(${searchMatch(sql`s.name`, like)}
      OR s.client_id IN (SELECT fc.id FROM clients fc WHERE ${searchMatch(sql`fc.name`, like)})
      OR ${urlMatch(sql`s.production_url`, like)} OR ${urlMatch(sql`s.staging_url`, like)})`);
  }
  if (input.clientId) where.push(sql`s.client_id = ${input.clientId}`);
  if (input.stages && input.stages.length > 0) {
    where.push(sql`s.stage IN (${sql.join(input.stages.map((st) => sql`${st}`), sql`, `)})`);
  }
  if (input.sophmateVersion) where.push(versionMatch(sql`s.sophmate_version`, input.sophmateVersion));
  if (input.wordpressVersion) where.push(versionMatch(sql`s.wordpress_version`, input.wordpressVersion));
  if (input.phpVersion) where.push(versionMatch(sql`s.php_version`, input.phpVersion));
  if (input.incompleteOnly) where.push(INCOMPLETE);
  if (input.ownerGapsOnly) where.push(HAS_OWNER_GAPS);
  if (onlyIds) where.push(sql`s.id IN (SELECT value FROM json_each(${JSON.stringify(onlyIds)}))`);
  if (input.openIncidentsOnly) where.push(sql`EXISTS (SELECT 1 FROM incidents i WHERE i.site_id = s.id AND i.status = 'open')`);
  if (input.pausedOnly) where.push(sql`EXISTS (SELECT 1 FROM site_pauses sp WHERE sp.site_id = s.id AND sp.resumed_at IS NULL)`);
  if (input.ownerId) {
    const role = input.ownerRole ? sql` AND oa.responsibility = ${input.ownerRole}` : sql``;
    where.push(sql`EXISTS (SELECT 1 FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.owner_id = ${input.ownerId}${role})`);
  }
  if (input.host) where.push(sameFolded(sql`s.host`, input.host));
  if (input.provider) where.push(sameFolded(sql`s.ai_provider`, input.provider));
  return where.length ? sql.join(where, sql` AND `) : sql`1 = 1`;
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
  ownerGaps: sql`(SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL)`,
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

export function listSites(ctx: HandlerContext, input: ParsedInputOf<'sites.list'>) {
  const whereSql = siteListWhere(input, listScope(ctx, input));
  // Fewer assigned owners means more gaps, so the gap sort runs opposite to the assigned count.
  const asc = input.sort === 'ownerGaps' ? input.direction === 'desc' : input.direction === 'asc';
  const dir = asc ? sql`ASC` : sql`DESC`;
  // Two steps: choose the page's ids on the narrow sort key, then read full rows (with their owner
  // statistics) for those ids only. Reading full rows while sorting would compute every skipped row.
  const ids = ctx.db
    .all<{ id: string }>(
      sql`SELECT s.id FROM sites s JOIN clients c ON c.id = s.client_id WHERE ${whereSql}
          ORDER BY ${SORT_COLUMNS[input.sort]} ${dir} NULLS LAST, s.name COLLATE NOCASE, s.id LIMIT ${input.limit} OFFSET ${input.offset}`,
    )
    .map((r) => r.id);
  const byId = new Map(
    (ids.length
      ? ctx.db.all<SiteRow>(sql`${SELECT} WHERE s.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
      : []
    ).map((r) => [r.id, r]),
  );
  const rows = ids.map((id) => byId.get(id)!);
  const total = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sites s JOIN clients c ON c.id = s.client_id WHERE ${whereSql}`)!.n;
  return { rows: rows.map(toSite), total, offset: input.offset };
}

/** Every id the Sites list's filters match, in list order (for bulk work on "these sites"). */
export function listSiteIds(ctx: HandlerContext, input: ParsedInputOf<'sites.list'>): string[] {
  const whereSql = siteListWhere(input, listScope(ctx, input));
  return ctx.db
    .all<{ id: string }>(sql`SELECT s.id FROM sites s JOIN clients c ON c.id = s.client_id WHERE ${whereSql} ORDER BY s.name COLLATE NOCASE, s.id LIMIT 50000`)
    .map((r) => r.id);
}

export function siteFacets(ctx: HandlerContext) {
  const distinct = (col: SQL) =>
    ctx.db
      .all<{ v: string }>(sql`SELECT DISTINCT ${col} AS v FROM sites WHERE archived_at IS NULL AND ${col} IS NOT NULL`)
      .map((r) => r.v);
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

function assertUrlFree(ctx: HandlerContext, url: string, exceptId?: string) {
  const other = ctx.db.get<{ name: string; client_name: string }>(
    sql`SELECT s.name, c.name AS client_name FROM sites s JOIN clients c ON c.id = s.client_id
        WHERE lower(s.production_url) = lower(${url}) AND s.archived_at IS NULL AND s.id IS NOT ${exceptId ?? null}`,
  );
  if (other) {
    throw duplicate(
      `${url} is already the production URL of “${other.name}” (${other.client_name}). Open that site instead, or archive it first.`,
      'productionUrl',
    );
  }
}

function assertClientActive(ctx: HandlerContext, clientId: string) {
  const c = ctx.db.get<{ name: string; archived_at: string | null }>(sql`SELECT name, archived_at FROM clients WHERE id = ${clientId}`);
  if (!c) throw duplicate('The chosen client does not exist: choose another client.', 'clientId');
  if (c.archived_at) throw refused(`Client “${c.name}” is archived: restore the client first, or choose another.`);
}

const FIELD_LABELS: Partial<Record<keyof Site, string>> = {
  name: 'name',
  clientName: 'client',
  productionUrl: 'production URL',
  stagingUrl: 'staging URL',
  sophmateVersion: 'SophMate',
  wordpressVersion: 'WordPress',
  phpVersion: 'PHP',
  woocommerceVersion: 'WooCommerce',
  activeTheme: 'theme',
  host: 'host',
  aiProvider: 'AI provider',
  stage: 'stage',
  notes: 'notes',
};

function describeEdit(before: Site, after: Site): string {
  const parts: string[] = [];
  for (const [key, label] of Object.entries(FIELD_LABELS) as [keyof Site, string][]) {
    if (before[key] === after[key]) continue;
    if (key === 'notes') parts.push('notes edited');
    else if (key === 'stage') parts.push(`stage ${STAGE_LABEL[before.stage]} → ${STAGE_LABEL[after.stage]}`);
    else parts.push(`${label} ${before[key] ?? '—'} → ${after[key] ?? '—'}`);
  }
  return parts.length ? `Edited “${after.name}”: ${parts.join(', ')}` : `Saved “${after.name}” without changes`;
}

type SiteFields = Omit<ParsedInputOf<'sites.create'>, 'stage'>;
function columns(input: SiteFields) {
  return {
    clientId: input.clientId,
    name: input.name,
    productionUrl: input.productionUrl,
    stagingUrl: input.stagingUrl,
    sophmateVersion: input.sophmateVersion,
    wordpressVersion: input.wordpressVersion,
    phpVersion: input.phpVersion,
    woocommerceVersion: input.woocommerceVersion,
    activeTheme: input.activeTheme,
    host: input.host,
    aiProvider: input.aiProvider,
    notes: input.notes,
  };
}

export function createSite(ctx: WriteContext, input: ParsedInputOf<'sites.create'>): Site {
  return mutate(ctx, 'site', (tx, at) => {
    if (!isNewSiteStage(input.stage)) throw refused(NEW_SITE_STAGE_RULE);
    assertClientActive(ctx, input.clientId);
    assertUrlFree(ctx, input.productionUrl);
    const id = newId();
    tx.insert(sites)
      .values({ id, ...columns(input), stage: input.stage, createdAt: at, updatedAt: at })
      .run();
    const after = getSite(ctx, id);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: id,
      siteId: id,
      action: 'create',
      summary: `Created site “${after.name}” (${after.productionUrl})`,
      after,
    });
    onSiteCreated(tx, ctx, at, after);
    return after;
  });
}

export function updateSite(ctx: WriteContext, input: ParsedInputOf<'sites.update'>): Site {
  return mutate(ctx, 'site', (tx, at) => {
    const before = getSite(ctx, input.id);
    if (before.version !== input.version) throw staleVersion('Site', before.name);
    if (before.archivedAt) throw refused(`“${before.name}” is archived: restore it before editing.`);
    if (input.stage !== before.stage) {
      throw refused(`The stage changes only through Change stage, which checks the readiness gates (“${before.name}” is in ${STAGE_LABEL[before.stage]}).`);
    }
    if (input.clientId !== before.clientId) assertClientActive(ctx, input.clientId);
    assertUrlFree(ctx, input.productionUrl, input.id);
    tx.update(sites)
      .set({ ...columns(input), stage: input.stage, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getSite(ctx, input.id);
    onSiteEdited(tx, ctx, at, after, before, after);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: input.id,
      siteId: input.id,
      action: 'update',
      summary: describeEdit(before, after),
      before,
      after,
    });
    return after;
  });
}

export function setSiteArchived(ctx: WriteContext, input: { id: string; version?: number | undefined }, archive: boolean): Site {
  return mutate(ctx, 'site', (tx, at) => {
    const before = getSite(ctx, input.id);
    if (input.version !== undefined && before.version !== input.version) throw staleVersion('Site', before.name);
    if (archive === Boolean(before.archivedAt)) return before;
    if (!archive) {
      assertClientActive(ctx, before.clientId);
      assertUrlFree(ctx, before.productionUrl, before.id);
    }
    tx.update(sites)
      .set({ archivedAt: archive ? at : null, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getSite(ctx, input.id);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: input.id,
      siteId: input.id,
      action: archive ? 'archive' : 'restore',
      summary: `${archive ? 'Archived' : 'Restored'} site “${after.name}”`,
      before,
      after,
    });
    return after;
  });
}
