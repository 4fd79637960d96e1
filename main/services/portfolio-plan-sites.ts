/**
 * A sites sheet's row: the client (found by name, or added), the site (found by production URL, or
 * added) and its owners per responsibility (portfolio-plan-owners.ts).
 *
 * - The production URL is read by the contract's own field (`SiteCreate`'s productionUrl); a cell
 *   without a scheme gets "https://" first, as a dashboard's export often writes bare domains. Sites
 *   match on the lower-cased address, as the unique index does. An archived site is refused (restore
 *   it first): an import never brings a record back without the user seeing it.
 * - A new client named in the row is added once (the first row naming it); an archived client is
 *   refused. The client of an existing site changes when the row names another one.
 * - Stage: a new site starts in Planning or Setup (NEW_SITE_STAGE_RULE), and an existing site never
 *   changes stage through an import: stages move only through Change stage and its readiness gates
 *   (or a written, logged override), one by one or with Bulk edit. Pilot or Adoption in the file is
 *   not a bad row, which would leave a live site out of the portfolio: the site is imported in
 *   Planning (a new one) or as it is (an existing one), and the row carries a note saying so and what
 *   to do. A new site marked Paused or Retired is refused: it is no rollout to start.
 */
import type { ParsedInputOf } from '@core/contract/index';
import { SiteCreate } from '@core/contract/sites';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { isNewSiteStage, NEW_SITE_STAGE_RULE, ROLLOUT_STAGES, STAGE_LABEL, type RolloutStage } from '@core/domain/stages';
import { backupKey, fieldOf, ownerKey } from '@core/portfolio/fields';
import { shown, validate, type Cells, type Planner, type RowDraft } from './portfolio-plan';
import { planAssignment } from './portfolio-plan-owners';
import { clientKey, newRef, urlKey, type ClientRec, type SiteRec } from './portfolio-world';

/** The site's own fields a sheet may set, in the order the change list shows them. */
const SITE_DATA = [
  'name',
  'stagingUrl',
  'sophmateVersion',
  'wordpressVersion',
  'phpVersion',
  'woocommerceVersion',
  'activeTheme',
  'host',
  'aiProvider',
  'notes',
] as const;

/** Site input paths -> the sheet's field keys. */
const siteField = (path: string) => (path === 'clientId' ? 'client' : path);

/** A URL cell as the contract reads it ("https://" added when the cell has no scheme), or null after a problem. */
export function readProductionUrl(d: RowDraft, cell: string | null, field = 'productionUrl'): string | null {
  if (cell === null) {
    d.problem(field, 'Production URL is required: each row needs the address of its site (https://…).');
    return null;
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(cell) ? cell : `https://${cell}`;
  const parsed = SiteCreate.shape.productionUrl.safeParse(withScheme);
  if (!parsed.success) {
    d.problem(field, parsed.error.issues[0]?.message ?? 'Production URL is not an address.');
    return null;
  }
  return parsed.data;
}

/** A stage cell, by key or label in any case; null after a problem. */
export function readStage(d: RowDraft, cell: string): RolloutStage | null {
  const v = cell.trim().toLowerCase();
  const stage = ROLLOUT_STAGES.find((s) => s === v || STAGE_LABEL[s].toLowerCase() === v);
  if (!stage)
    d.problem(
      'stage',
      `Stage ${shown(cell)} is not a stage: write one of ${ROLLOUT_STAGES.map((s) => STAGE_LABEL[s]).join(', ')} (a new site starts in Planning or Setup).`,
    );
  return stage ?? null;
}

/** The client a row names: found, planned for adding, or null after a problem. Undefined: no client cell. */
function rowClient(p: Planner, d: RowDraft, name: string | null): ClientRec | null | undefined {
  if (name === null) return undefined;
  const found = p.world.clientsByName.get(clientKey(name));
  if (found?.archivedAt) {
    d.problem('client', `Client “${found.name}” is archived: restore it first, or name another client.`);
    return null;
  }
  if (found) return found;
  const input = validate(d, 'clients.create', { name, notes: null }, (path) => (path === 'name' ? 'client' : null));
  if (!input) return null;
  const ref = newRef(p.world, 'client', d.line);
  const rec: ClientRec = { id: ref, name: input.name, notes: null, version: 1, archivedAt: null };
  d.commits.push(() => {
    p.world.clientsByName.set(clientKey(input.name), rec);
    p.world.clientsById.set(ref, rec);
  });
  d.ops.push({ kind: 'createClient', ref, input });
  d.count('clients', 'add');
  d.changes.push({
    line: d.line,
    entity: 'client',
    label: `Client “${input.name}”`,
    action: 'add',
    fields: [{ field: 'client', label: 'Client', before: null, after: input.name }],
  });
  return rec;
}

const text = (v: string | null | undefined) => v ?? null;

export function planSiteRow(p: Planner, d: RowDraft, cells: Cells): void {
  const url = readProductionUrl(d, cells('productionUrl'));
  if (url === null) return;
  const earlier = p.firstLine(d, `site\u001f${urlKey(url)}`);
  if (earlier !== null) {
    d.duplicateOf = earlier;
    return;
  }
  d.stored.set('productionUrl', url);
  const existing = p.world.sitesByUrl.get(urlKey(url));
  if (existing?.archivedAt) {
    d.problem('productionUrl', `“${existing.name}” (${existing.productionUrl}) is archived: restore it first, then import this row again.`);
    return;
  }
  const clientName = cells('client');
  const client = rowClient(p, d, clientName);
  if (client === undefined && !existing) d.problem('client', 'Client is required for a new site: name the client it belongs to.');
  if (client) d.stored.set('client', client.name);
  const stageCell = cells('stage');
  const stage = stageCell === null ? null : readStage(d, stageCell);
  if (stageCell !== null && stage === null) return;
  const clientId = client?.id ?? existing?.clientId ?? null;
  let site: { id: string; name: string; clientId: string | null } | null;
  if (existing) site = planSiteUpdate(p, d, cells, existing, clientId, stage);
  else site = planSiteCreate(p, d, cells, url, clientId, stage);
  if (!site) return;
  for (const r of RESPONSIBILITIES) {
    planAssignment(p, d, site, r, { owner: cells(ownerKey(r)), backup: cells(backupKey(r)) }, { owner: ownerKey(r), backup: backupKey(r) });
  }
}

function siteRaw(cells: Cells, base: Partial<Record<(typeof SITE_DATA)[number], string | null>>): Record<string, string | null> {
  const raw: Record<string, string | null> = {};
  for (const key of SITE_DATA) raw[key] = cells(key) ?? text(base[key]);
  return raw;
}

function planSiteCreate(p: Planner, d: RowDraft, cells: Cells, url: string, clientId: string | null, stage: RolloutStage | null) {
  if (stage === 'paused' || stage === 'retired') {
    // A retired or paused site is no rollout to start: importing it as Planning work would be wrong.
    d.problem(
      'stage',
      `A new site cannot start ${STAGE_LABEL[stage]}: ${NEW_SITE_STAGE_RULE} Leave the row out, or write Planning if the rollout is to start.`,
    );
    return null;
  }
  const startsIn = stage && isNewSiteStage(stage) ? stage : 'planning';
  const raw = { ...siteRaw(cells, {}), clientId, productionUrl: url, stage: startsIn };
  const input: ParsedInputOf<'sites.create'> | null = validate(d, 'sites.create', raw, siteField);
  if (!input) return null;
  if (stage && stage !== startsIn)
    d.note(
      'stage',
      `Imported in ${STAGE_LABEL[startsIn]}, not ${STAGE_LABEL[stage]}: ${NEW_SITE_STAGE_RULE} Bulk edit on the Sites list moves many sites at once.`,
    );
  for (const key of SITE_DATA) if (cells(key) !== null) d.stored.set(key, input[key]);
  if (stage) d.stored.set('stage', STAGE_LABEL[input.stage]);
  const ref = newRef(p.world, 'site', d.line);
  d.ops.push({ kind: 'createSite', ref, input });
  d.count('sites', 'add');
  const label = (key: string) => fieldOf('sites', key)?.label ?? key;
  d.changes.push({
    line: d.line,
    entity: 'site',
    label: `Site “${input.name}”`,
    action: 'add',
    fields: [
      { field: 'productionUrl', label: label('productionUrl'), before: null, after: input.productionUrl },
      ...SITE_DATA.filter((k) => input[k] !== null).map((k) => ({ field: k, label: label(k), before: null, after: input[k] })),
      { field: 'stage', label: label('stage'), before: null, after: STAGE_LABEL[input.stage] },
    ],
  });
  const rec: SiteRec = { ...input, id: ref, version: 1, archivedAt: null };
  d.commits.push(() => p.world.sitesByUrl.set(urlKey(input.productionUrl), rec));
  return { id: ref, name: input.name, clientId: input.clientId };
}

function planSiteUpdate(p: Planner, d: RowDraft, cells: Cells, site: SiteRec, clientId: string | null, stage: RolloutStage | null) {
  const raw = {
    ...siteRaw(cells, site),
    id: site.id,
    version: site.version,
    clientId,
    productionUrl: site.productionUrl,
    stage: site.stage,
  };
  const input: ParsedInputOf<'sites.update'> | null = validate(d, 'sites.update', raw, siteField);
  if (!input) return null;
  for (const key of SITE_DATA) if (cells(key) !== null) d.stored.set(key, input[key]);
  const label = (key: string) => fieldOf('sites', key)?.label ?? key;
  const fields: { field: string; label: string; before: string | null; after: string | null }[] = [];
  if (input.clientId !== site.clientId) {
    const name = (id: string) => p.world.clientsById.get(id)?.name ?? null;
    fields.push({ field: 'client', label: label('client'), before: name(site.clientId), after: name(input.clientId) });
  }
  for (const key of SITE_DATA) if (input[key] !== site[key]) fields.push({ field: key, label: label(key), before: site[key], after: input[key] });
  const writes = fields.length > 0;
  if (stage && stage !== site.stage) {
    d.stored.set('stage', STAGE_LABEL[site.stage]);
    d.note(
      'stage',
      `Stage left in ${STAGE_LABEL[site.stage]}, not ${STAGE_LABEL[stage]}: an import never moves a site; Change stage (or Bulk edit on the Sites list) moves it through its readiness gates.`,
    );
  }
  if (writes) {
    d.ops.push({ kind: 'updateSite', input });
    d.count('sites', 'update');
  } else d.count('sites', 'unchanged');
  if (fields.length > 0) d.changes.push({ line: d.line, entity: 'site', label: `Site “${input.name}”`, action: 'update', fields });
  return { id: site.id, name: input.name, clientId: input.clientId };
}
