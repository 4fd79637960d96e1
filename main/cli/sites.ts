/**
 * `rollout-workbench sites`: the Sites list from a terminal, with the app's filters (search, stage,
 * client, owner and their responsibility, host, AI provider, blocking reason, incomplete, owner gaps,
 * paused, blocked, open incidents, archived), paged with --limit and
 * --offset or every site with --all, as text, JSON or CSV. Pages are read from sites.list (the same
 * query, order and rules as the app) inside one read transaction, so a listing of every site is one
 * consistent picture even while another program saves.
 */
import type { OutputOf } from '@core/contract/index';
import { SiteList, type Site, type SiteListInput } from '@core/contract/sites';
import { csvRow } from '@core/csv';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { ROLLOUT_STAGES } from '@core/domain/stages';
import { printable } from '../printable';
import { reasonKey } from '../services/dashboard';
import { clientsNamed } from '../services/clients';
import { findPerson } from '../services/identity';
import { personIdByIdOrEmail } from '../services/people';
import type { Session } from '../session';
import { call, UsageError, type CliIo } from './common';

/** The most sites.list returns at once; longer listings are read page by page. */
const PAGE = 500;
export const DEFAULT_LIMIT = 50;

export interface SitesArgs {
  search?: string;
  stage?: string[];
  client?: string;
  'client-id'?: string;
  owner?: string;
  'owner-role'?: string;
  host?: string;
  provider?: string;
  reason?: string;
  incomplete?: boolean;
  'owner-gaps'?: boolean;
  paused?: boolean;
  blocked?: boolean;
  'open-incidents'?: boolean;
  archived?: string;
  limit?: string;
  offset?: string;
  all?: boolean;
  json?: boolean;
  csv?: boolean;
}

const ARCHIVED = ['active', 'archived', 'all'] as const;

const CSV_COLUMNS: [string, (s: Site) => string | number | null][] = [
  ['Site ID', (s) => s.id],
  ['Site', (s) => s.name],
  ['Client', (s) => s.clientName],
  ['Stage', (s) => s.stage],
  ['Production URL', (s) => s.productionUrl],
  ['Staging URL', (s) => s.stagingUrl],
  ['SophMate', (s) => s.sophmateVersion],
  ['WordPress', (s) => s.wordpressVersion],
  ['PHP', (s) => s.phpVersion],
  ['WooCommerce', (s) => s.woocommerceVersion],
  ['Theme', (s) => s.activeTheme],
  ['Host', (s) => s.host],
  ['AI provider', (s) => s.aiProvider],
  ['Paused', (s) => (s.paused ? 'yes' : 'no')],
  ['Setup missing', (s) => s.missingSetup.join('; ')],
  ['Owner gaps', (s) => s.ownerGaps],
  ['Unverified owners', (s) => s.unverifiedOwners],
  ['Archived', (s) => s.archivedAt],
  ['Updated', (s) => s.updatedAt],
];

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(
      flag === '--limit'
        ? `--limit must be a whole number of 1 or more (sites per page); got "${text}". Use --all for every site.`
        : `--offset must be a whole number of 0 or more (sites to skip); got "${text}".`,
    );
  }
  return n;
}

function clientIdFor(session: Session, name: string): string {
  const matches = clientsNamed(session.ctx, name.trim());
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0)
    throw new UsageError(`--client: no client is named “${name}”. Check the spelling on the Clients page, or use --search to find sites by part of a name.`);
  throw new UsageError(`--client: ${matches.length} clients are named “${name}”: use --client-id with one of ${matches.map((m) => m.id).join(', ')}.`);
}

/** The person `--owner` names: their id, their email (whatever its case) or their name when one person bears it. */
function ownerIdFor(session: Session, text: string): string {
  const wanted = text.trim();
  if (!wanted) throw new UsageError('--owner is empty: give the email, name or id of a person (the People page lists them).');
  const byIdOrEmail = personIdByIdOrEmail(session.ctx, wanted);
  if (byIdOrEmail) return byIdOrEmail;
  const match = findPerson(session.ctx, wanted);
  if (match.person) return match.person.id;
  throw new UsageError(`--owner ${wanted}: ${match.problem}`);
}

/** The flag each sites.list field is set by, so the contract's own message names what to change. */
const FLAG_OF: Record<string, string> = {
  search: '--search',
  ownerId: '--owner',
  ownerRole: '--owner-role',
  host: '--host',
  provider: '--provider',
  reason: '--reason',
};

/** The sites.list filters the arguments ask for (checked here so a mistake names its flag). */
export function filtersOf(session: Session, a: SitesArgs): SiteListInput {
  const stages = (a.stage ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const badStage = stages.find((s) => !(ROLLOUT_STAGES as readonly string[]).includes(s));
  if (badStage) throw new UsageError(`--stage ${badStage}: use ${ROLLOUT_STAGES.join(', ')} (repeat --stage or separate with commas for several).`);
  if (a.archived !== undefined && !(ARCHIVED as readonly string[]).includes(a.archived)) {
    throw new UsageError(`--archived ${a.archived}: use active (the default), archived or all.`);
  }
  if (a.client !== undefined && a['client-id'] !== undefined) throw new UsageError('Use --client NAME or --client-id ID, not both.');
  const role = a['owner-role']?.trim().toLowerCase().replace(/-/g, '_');
  if (role !== undefined && !(RESPONSIBILITIES as readonly string[]).includes(role)) {
    throw new UsageError(`--owner-role ${a['owner-role']}: use ${RESPONSIBILITIES.join(', ')}.`);
  }
  for (const [flag, value] of [
    ['--host', a.host],
    ['--provider', a.provider],
  ] as const) {
    if (value !== undefined && !value.trim())
      throw new UsageError(`${flag} is empty: give the value as sites record it (e.g. --host Kinsta), or leave ${flag} out.`);
  }
  if (role !== undefined && a.owner === undefined)
    throw new UsageError('--owner-role needs --owner: say whose responsibility, e.g. --owner ann@example.com --owner-role hosting.');
  const filters: SiteListInput = {
    search: a.search,
    stages: stages.length ? (stages as SiteListInput['stages']) : undefined,
    clientId: a.client !== undefined ? clientIdFor(session, a.client) : a['client-id'],
    ownerId: a.owner !== undefined ? ownerIdFor(session, a.owner) : undefined,
    ownerRole: role as SiteListInput['ownerRole'],
    host: a.host,
    provider: a.provider,
    reason: a.reason,
    incompleteOnly: a.incomplete ?? false,
    ownerGapsOnly: a['owner-gaps'] ?? false,
    pausedOnly: a.paused ?? false,
    blockedOnly: a.blocked ?? false,
    openIncidentsOnly: a['open-incidents'] ?? false,
    archived: (a.archived as (typeof ARCHIVED)[number] | undefined) ?? 'active',
  };
  const checked = SiteList.safeParse(filters);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const flag = FLAG_OF[String(issue.path[0])];
    throw new UsageError(flag ? `${flag}: ${issue.message}` : issue.message);
  }
  return filters;
}

/**
 * A reason no site is blocked for is most likely mistyped: the reasons of the moment, as the Dashboard
 * words them (the text to give --reason), say what to write instead.
 */
async function checkReason(session: Session, reason: string): Promise<void> {
  const portfolio = (await call(session, 'dashboard.portfolio', {})) as OutputOf<'dashboard.portfolio'>;
  if (portfolio.topReasons.some((r) => r.reason === reasonKey(reason))) return;
  if (portfolio.topReasons.length === 0) throw new UsageError(`--reason: no active site is blocked at a readiness gate, so none is blocked for “${reason}”.`);
  const shown = portfolio.topReasons.slice(0, 10);
  throw new UsageError(
    [
      `--reason: no active site is blocked for “${reason}”. Give a reason as the Dashboard words it (sites blocked for it in brackets):`,
      ...shown.map((r) => `  ${r.reason} (${r.sites})`),
      ...(portfolio.topReasons.length > shown.length ? [`  …and ${portfolio.topReasons.length - shown.length} more on the Dashboard.`] : []),
    ].join('\n'),
  );
}

function textLine(s: Site): string {
  const marks = [
    s.archivedAt ? 'archived' : '',
    s.paused ? 'paused' : '',
    s.missingSetup.length ? `incomplete: ${s.missingSetup.join(', ')}` : '',
    s.ownerGaps ? `${s.ownerGaps} owner gap(s)` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `${s.id}  ${s.stage.padEnd(8)}  ${printable(s.name)} (${printable(s.clientName)})  ${s.productionUrl}${marks ? `  [${marks}]` : ''}`;
}

/** Runs `sites`; returns the exit code (1 when a listed site's setup record is incomplete). */
export async function runSites(session: Session, a: SitesArgs, io: CliIo, pageSize = PAGE): Promise<number> {
  if (a.json && a.csv) throw new UsageError('Use --json or --csv, not both.');
  if (a.all && (a.limit !== undefined || a.offset !== undefined)) throw new UsageError('Use --all, or --limit and --offset for one page, not both.');
  const limit = a.all ? Number.MAX_SAFE_INTEGER : (wholeNumber('--limit', a.limit, 1) ?? DEFAULT_LIMIT);
  const offset = a.all ? 0 : (wholeNumber('--offset', a.offset, 0) ?? 0);
  const filters = filtersOf(session, a);

  const sqlite = session.workspace.sqlite;
  const snapshot = !sqlite.inTransaction;
  if (snapshot) sqlite.exec('BEGIN');
  try {
    const page = async (at: number, size: number) => (await call(session, 'sites.list', { ...filters, offset: at, limit: size })) as OutputOf<'sites.list'>;
    let first = await page(offset, Math.min(pageSize, limit));
    const total = first.total;
    if (total === 0 && filters.reason !== undefined) await checkReason(session, filters.reason);
    const end = Math.min(total, offset + limit);
    const shown = Math.max(0, end - offset);
    let incomplete = false;
    let printed = 0;
    let held: string | null = null;
    const single = shown <= pageSize;
    if (a.json && single && !a.all) {
      io.out(JSON.stringify({ ...first, rows: first.rows.slice(0, shown) }, null, 2));
      return first.rows.some((s) => s.missingSetup.length > 0) ? 1 : 0;
    }
    if (a.json) io.out(`{\n  "total": ${total},\n  "offset": ${offset},\n  "rows": [`);
    if (a.csv) io.out(csvRow(CSV_COLUMNS.map(([h]) => h)));
    for (let at = offset; at < end;) {
      const rows = first.rows.slice(0, end - at);
      if (rows.length === 0) break;
      for (const s of rows) {
        incomplete ||= s.missingSetup.length > 0;
        printed++;
        if (a.json) {
          // Each row is printed once the next one is known, so the last one has no comma after it.
          if (held !== null) io.out(`    ${held},`);
          held = JSON.stringify(s);
        } else if (a.csv) io.out(csvRow(CSV_COLUMNS.map(([, get]) => get(s))));
        else io.out(textLine(s));
      }
      at += rows.length;
      if (at < end) first = await page(at, Math.min(pageSize, end - at));
    }
    if (a.json) {
      if (held !== null) io.out(`    ${held}`);
      io.out('  ]\n}');
    }
    if (!a.json && !a.csv) {
      const more = end < total ? `; --offset ${end} for the next ${Math.min(limit, total - end)}, --all for every one` : '';
      io.out(
        total === 0
          ? 'No sites match (0 site(s)).'
          : shown === 0
            ? `showing none of ${total} site(s): --offset ${offset} is past the last one`
            : `showing ${offset + 1}-${offset + printed} of ${total} site(s)${more}`,
      );
    }
    return incomplete ? 1 : 0;
  } finally {
    if (snapshot && sqlite.inTransaction) sqlite.exec('COMMIT');
  }
}
