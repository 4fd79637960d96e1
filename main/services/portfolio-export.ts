/**
 * `portfolio.export`: the Sites list (as filtered and sorted), Clients, People or owner assignments as
 * a CSV or XLSX file, or the site list as JSON, in a folder chosen on the main side. The CLI writes to
 * a file it names (writePortfolioExportFile).
 *
 * - Columns are the import's field labels (core/portfolio/fields.ts) in their order, then the columns
 *   the workbench works out (COMPUTED_COLUMNS), which an import skips: an export read back through the
 *   workbench preset changes nothing.
 * - Sites are read page by page through listSites, the Sites list's own query (filters, sort, ties),
 *   never a copy of it. Without a filter: every active site in name order.
 * - Owners: one row per assigned responsibility of each exported site (or of `siteId`), in the order of
 *   the responsibilities. Unassigned responsibilities are not rows (an owner row needs an owner to be
 *   imported); the Sites export's "Owner gaps" column counts them.
 * - Clients and People: the active ones, as their lists show by default, in name order.
 * - Everything is read in one read transaction, so the file is one moment of the workspace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import { SiteList, type Site } from '@core/contract/sites';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { STAGE_LABEL } from '@core/domain/stages';
import { backupKey, COMPUTED_COLUMNS, FIELDS_OF, ownerKey, type ImportKind } from '@core/portfolio/fields';
import type { Db } from '@db/client';
import { writeFileAtomically } from '../files';
import { csvBytes, jsonBytes, type ExportCell, type ExportTable } from '../portfolio/write';
import type { HandlerContext } from '../rpc/context';
import { listClients } from './clients';
import { refused } from './errors';
import { listPeople } from './people';
import { requireSite } from './records';
import { workspaceToday } from './reviews';
import { getSite, listSites } from './sites-list';

export type PortfolioExportParsed = ParsedInputOf<'portfolio.export'>;
type SiteFilter = NonNullable<PortfolioExportParsed['filter']>;

/** What the JSON export says it is, so a reader can tell the file and its version. */
export const SITES_JSON_FORMAT = 'rollout-workbench-sites';
export const SITES_JSON_VERSION = 1;

/** Rows read per query; the list contract's own page size. */
const PAGE = 5000;

const TITLE: Record<ImportKind, string> = { sites: 'Sites', clients: 'Clients', people: 'People', owners: 'Owners' };

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
/** A stored UTC timestamp as the day it falls on (UTC), or empty. */
const day = (ts: string | null) => (ts ? ts.slice(0, 10) : null);

interface OwnerCell {
  siteId: string;
  responsibility: Responsibility;
  ownerEmail: string;
  ownerName: string;
  ownerActive: boolean;
  backupEmail: string | null;
  backupName: string | null;
  note: string | null;
  verifiedAt: string | null;
  verifiedByEmail: string | null;
}

interface OwnerRow {
  site_id: string;
  responsibility: Responsibility;
  owner_email: string;
  owner_name: string;
  owner_active: number;
  owner_archived: string | null;
  backup_email: string | null;
  backup_name: string | null;
  note: string | null;
  verified_at: string | null;
  verified_by_email: string | null;
}

/** The live owner assignments of these sites, by site. */
function ownersOf(ctx: HandlerContext, siteIds: readonly string[]): Map<string, OwnerCell[]> {
  const bySite = new Map<string, OwnerCell[]>();
  for (let i = 0; i < siteIds.length; i += PAGE) {
    const ids = siteIds.slice(i, i + PAGE);
    const rows = ctx.db.all<OwnerRow>(
      sql`SELECT oa.site_id, oa.responsibility, o.email AS owner_email, o.name AS owner_name, o.active AS owner_active,
            o.archived_at AS owner_archived, b.email AS backup_email, b.name AS backup_name, oa.note, oa.verified_at,
            v.email AS verified_by_email
          FROM owner_assignments oa
          JOIN people o ON o.id = oa.owner_id
          LEFT JOIN people b ON b.id = oa.backup_owner_id
          LEFT JOIN people v ON v.id = oa.verified_by_id
          WHERE oa.archived_at IS NULL AND oa.site_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
    for (const r of rows) {
      const list = bySite.get(r.site_id) ?? [];
      list.push({
        siteId: r.site_id,
        responsibility: r.responsibility,
        ownerEmail: r.owner_email,
        ownerName: r.owner_name,
        ownerActive: r.owner_active === 1 && r.owner_archived === null,
        backupEmail: r.backup_email,
        backupName: r.backup_name,
        note: r.note,
        verifiedAt: r.verified_at,
        verifiedByEmail: r.verified_by_email,
      });
      bySite.set(r.site_id, list);
    }
  }
  const order = (r: Responsibility) => RESPONSIBILITIES.indexOf(r);
  for (const list of bySite.values()) list.sort((a, b) => order(a.responsibility) - order(b.responsibility));
  return bySite;
}

/** The filter the export applies: the one given, or the Sites list's defaults (active sites, by name). */
function siteFilter(filter: SiteFilter | undefined): SiteFilter {
  return filter ?? SiteList.parse({});
}

/** Every site the filter matches, in the list's order: listSites, page after page. */
function filteredSites(ctx: HandlerContext, filter: SiteFilter): Site[] {
  const sites: Site[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = listSites(ctx, { ...filter, offset, limit: PAGE });
    sites.push(...page.rows);
    if (page.rows.length < PAGE) return sites;
  }
}

/* ---------- the tables ---------- */

type SiteValue = (s: Site) => ExportCell;

/** The value of each sites field (by its key in core/portfolio/fields.ts) other than the owner columns. */
const SITE_VALUES: Record<string, SiteValue> = {
  client: (s) => s.clientName,
  name: (s) => s.name,
  productionUrl: (s) => s.productionUrl,
  stagingUrl: (s) => s.stagingUrl,
  sophmateVersion: (s) => s.sophmateVersion,
  wordpressVersion: (s) => s.wordpressVersion,
  phpVersion: (s) => s.phpVersion,
  woocommerceVersion: (s) => s.woocommerceVersion,
  activeTheme: (s) => s.activeTheme,
  host: (s) => s.host,
  aiProvider: (s) => s.aiProvider,
  // The label ("Planning"), as the stage shows everywhere; the import reads labels and keys alike.
  stage: (s) => STAGE_LABEL[s.stage],
  notes: (s) => s.notes,
};

const SITE_COMPUTED: Record<string, SiteValue> = {
  'Owner gaps': (s) => s.ownerGaps,
  'Unverified owners': (s) => s.unverifiedOwners,
  'Missing setup': (s) => s.missingSetup.join('; '),
  Paused: (s) => yesNo(s.paused),
  Archived: (s) => day(s.archivedAt),
};

/** One getter per sites column, in the import's field order: a field with no value here fails loudly, never as an empty column. */
function siteColumns(): { header: string; value: (s: Site, owners: Map<string, OwnerCell>) => ExportCell }[] {
  const byOwnerKey = new Map<string, (o: Map<string, OwnerCell>) => ExportCell>();
  for (const r of RESPONSIBILITIES) {
    byOwnerKey.set(ownerKey(r), (o) => o.get(r)?.ownerEmail ?? null);
    byOwnerKey.set(backupKey(r), (o) => o.get(r)?.backupEmail ?? null);
  }
  const fields = FIELDS_OF.sites.map((f) => {
    const plain = SITE_VALUES[f.key];
    const owner = byOwnerKey.get(f.key);
    if (!plain && !owner) throw new Error(`The sites export has no value for the field ${f.key}.`);
    return { header: f.label, value: (s: Site, o: Map<string, OwnerCell>) => (plain ? plain(s) : owner!(o)) };
  });
  const computed = COMPUTED_COLUMNS.sites.map((header) => {
    const value = SITE_COMPUTED[header];
    if (!value) throw new Error(`The sites export has no value for the column ${header}.`);
    return { header, value: (s: Site) => value(s) };
  });
  return [...fields, ...computed];
}

function sitesTable(sites: Site[], owners: Map<string, OwnerCell[]>): ExportTable {
  const columns = siteColumns();
  return {
    sheet: TITLE.sites,
    headers: columns.map((c) => c.header),
    rows: sites.map((s) => {
      const mine = new Map((owners.get(s.id) ?? []).map((o) => [o.responsibility, o]));
      return columns.map((c) => c.value(s, mine));
    }),
  };
}

/** Owners: the import's fields (Production URL, Site, Responsibility, Owner, Backup owner, Note), then what it skips. */
function ownersTable(sites: Site[], owners: Map<string, OwnerCell[]>): ExportTable {
  const headers = [...FIELDS_OF.owners.map((f) => f.label), ...COMPUTED_COLUMNS.owners];
  const rows: ExportCell[][] = [];
  for (const s of sites)
    for (const o of owners.get(s.id) ?? []) {
      const byKey: Record<string, ExportCell> = {
        productionUrl: s.productionUrl,
        site: s.name,
        responsibility: RESPONSIBILITY_INFO[o.responsibility].label,
        owner: o.ownerEmail,
        backupOwner: o.backupEmail,
        note: o.note,
        Verified: day(o.verifiedAt),
        'Verified by': o.verifiedByEmail,
        'Owner active': yesNo(o.ownerActive),
      };
      rows.push([...FIELDS_OF.owners.map((f) => byKey[f.key] ?? null), ...COMPUTED_COLUMNS.owners.map((c) => byKey[c] ?? null)]);
    }
  return { sheet: TITLE.owners, headers, rows };
}

function pages<T>(read: (offset: number) => T[]): T[] {
  const all: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const rows = read(offset);
    all.push(...rows);
    if (rows.length < PAGE) return all;
  }
}

function clientsTable(ctx: HandlerContext): ExportTable {
  const clients = pages((offset) => listClients(ctx, { archived: 'active', sort: 'name', direction: 'asc', offset, limit: PAGE }).rows);
  const headers = [...FIELDS_OF.clients.map((f) => f.label), ...COMPUTED_COLUMNS.clients];
  return {
    sheet: TITLE.clients,
    headers,
    rows: clients.map((c) => {
      const byKey: Record<string, ExportCell> = { name: c.name, notes: c.notes, Sites: c.siteCount, Archived: day(c.archivedAt) };
      return [...FIELDS_OF.clients.map((f) => byKey[f.key] ?? null), ...COMPUTED_COLUMNS.clients.map((h) => byKey[h] ?? null)];
    }),
  };
}

function peopleTable(ctx: HandlerContext): ExportTable {
  const people = pages((offset) => listPeople(ctx, { archived: 'active', activeOnly: false, sort: 'name', direction: 'asc', offset, limit: PAGE }).rows);
  const headers = [...FIELDS_OF.people.map((f) => f.label), ...COMPUTED_COLUMNS.people];
  return {
    sheet: TITLE.people,
    headers,
    rows: people.map((p) => {
      const byKey: Record<string, ExportCell> = {
        name: p.name,
        email: p.email,
        organisation: p.organisation === 'client' ? 'Client' : 'Agency',
        client: p.clientName,
        phone: p.phone,
        active: yesNo(p.active),
        'Owner assignments': p.assignmentCount,
        Archived: day(p.archivedAt),
      };
      return [...FIELDS_OF.people.map((f) => byKey[f.key] ?? null), ...COMPUTED_COLUMNS.people.map((h) => byKey[h] ?? null)];
    }),
  };
}

/** The sites JSON file: each Site as the contract has it, with its owner assignments by email. */
function sitesJson(at: string, filter: SiteFilter | undefined, sites: Site[], owners: Map<string, OwnerCell[]>) {
  const { offset: _offset, limit: _limit, ...shown } = filter ?? siteFilter(undefined);
  return {
    format: SITES_JSON_FORMAT,
    version: SITES_JSON_VERSION,
    exportedAt: at,
    filter: shown,
    sites: sites.map((s) => ({
      ...s,
      owners: (owners.get(s.id) ?? []).map((o) => ({
        responsibility: o.responsibility,
        owner: o.ownerEmail,
        ownerName: o.ownerName,
        ownerActive: o.ownerActive,
        backupOwner: o.backupEmail,
        backupOwnerName: o.backupName,
        note: o.note,
        verifiedAt: o.verifiedAt,
        verifiedBy: o.verifiedByEmail,
      })),
    })),
  };
}

/* ---------- the file ---------- */

/** The export's bytes and its row count, read in one read transaction. */
export async function portfolioExportBytes(ctx: HandlerContext, input: PortfolioExportParsed): Promise<{ bytes: Buffer; rows: number }> {
  const at = ctx.clock.now();
  const read = (): { table: ExportTable; json?: unknown } => {
    if (input.what === 'clients') return { table: clientsTable(ctx) };
    if (input.what === 'people') return { table: peopleTable(ctx) };
    const sites = input.siteId ? [getSite(ctx, input.siteId)] : filteredSites(ctx, siteFilter(input.filter));
    const owners = ownersOf(
      ctx,
      sites.map((s) => s.id),
    );
    if (input.what === 'owners') return { table: ownersTable(sites, owners) };
    return { table: sitesTable(sites, owners), ...(input.format === 'json' ? { json: sitesJson(at.toISOString(), input.filter, sites, owners) } : {}) };
  };
  // One read transaction: every query sees the same moment, whatever another program writes meanwhile.
  const { table, json } = (ctx.db as Db).transaction(read, { behavior: 'deferred' });
  const rows = table.rows.length;
  if (input.format === 'json') return { bytes: jsonBytes(json), rows };
  if (input.format === 'csv') return { bytes: csvBytes(table), rows };
  const { xlsxBytes } = await import('../portfolio/write-xlsx');
  return { bytes: await xlsxBytes(table, at), rows };
}

/** "Sites 2026-11-26.csv", or "Northwind Shop owners 2026-11-26.xlsx" for one site's owners; the day is today in the workspace's time zone. */
export function exportFileName(input: PortfolioExportParsed, day: string, siteName?: string): string {
  const title = siteName ? `${safeName(siteName)} owners` : TITLE[input.what];
  return `${title} ${day}.${input.format}`;
}

/** A record's name as part of a file name: without what file systems refuse, never empty. */
function safeName(name: string): string {
  return (
    name
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '')
      .replace(/\s+/g, ' ')
      .replace(/^[.\s]+|[.\s]+$/g, '')
      .slice(0, 80) || 'Site'
  );
}

/** `name` in `folder`, or "name (2).ext", "name (3).ext"… when taken. */
function freeName(folder: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let target = path.join(folder, name);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(folder, `${stem} (${n})${ext}`);
  return target;
}

/** Writes the export to `file` (atomically: a reader never sees half a file; an existing file is replaced). */
export async function writePortfolioExportFile(ctx: HandlerContext, input: PortfolioExportParsed, file: string): Promise<OutputOf<'portfolio.export'>> {
  const { bytes, rows } = await portfolioExportBytes(ctx, input);
  writeFileAtomically(file, bytes);
  return { file, rows };
}

/** Writes the export into `folder` under its own name, never over an existing file. */
export async function writePortfolioExport(ctx: HandlerContext, input: PortfolioExportParsed, folder: string): Promise<OutputOf<'portfolio.export'>> {
  const siteName = input.siteId ? requireSite(ctx, input.siteId).name : undefined;
  return writePortfolioExportFile(ctx, input, freeName(folder, exportFileName(input, workspaceToday(ctx).today, siteName)));
}

export async function exportPortfolio(ctx: HandlerContext, input: PortfolioExportParsed): Promise<OutputOf<'portfolio.export'>> {
  if (!ctx.chooseFolder)
    throw refused('Exporting to a file needs the desktop app (or the web harness started with --export-dir), or the command line: rollout-workbench export.');
  // A site that is not there is said before the dialog, not after the user chose a folder.
  if (input.siteId) requireSite(ctx, input.siteId);
  const folder = await ctx.chooseFolder(`Export ${input.siteId ? 'the owners' : TITLE[input.what].toLowerCase()} to`);
  if (!folder) return { file: null, rows: 0 };
  return writePortfolioExport(ctx, input, folder);
}
