/**
 * One scale-profile site and everything on it, in the order and with the odds of the demo seed's
 * seedSite (scripts/seed/site.ts): its record, stage, owners, operators with their training,
 * reviews, checklist items, now and then archived. Each step writes the rows and the history entry
 * its service would, at the seed clock's next second.
 */
import { describeHostingChange, firstWeekDue, localDate } from '@core/domain/cadence';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import { STAGE_LABEL, type RolloutStage } from '@core/domain/stages';
import { DAY_MS } from './env';
import { firstWeekFound, HOSTS, PHP, PROVIDERS, SEED_FINDINGS, SITE_KIND, SOPHMATE, STAGES, THEMES, TLDS, WOO, WORDPRESS } from './portfolio-data';
import type { ScaleClient, ScaleEnv, ScaleSite } from './scale-env';
import { seedAccessModel } from './scale-access';
import { seedScaleOperators } from './scale-operators';
import { assignmentRecord, siteRecord } from './scale-records';
import { dueAfter, finishReview, planReview, skipForRetirement } from './scale-reviews';

/** Completes (or now and then skips) the site's open review of `kind`, as the demo seed's `finish` does. */
function finish(env: ScaleEnv, site: ScaleSite, kind: Parameters<typeof finishReview>[2], pDone: number, notes: string): void {
  if (!site.open.has(kind)) return;
  const roll = env.rand();
  if (roll < pDone) finishReview(env, site, kind, 'done', notes, env.rand() < 0.2 ? SEED_FINDINGS : null);
  else if (roll < pDone + 0.03) finishReview(env, site, kind, 'skipped', 'Covered by the client’s own onboarding review');
}

function createSite(env: ScaleEnv, client: ScaleClient, i: number, sites: number, clientCount: number): { site: ScaleSite; complete: boolean; woo: boolean } {
  const { rand, pick, weighted, time, firstSiteAt, w } = env;
  time.tick = Math.max(time.tick, firstSiteAt + Math.floor(((i + rand()) / sites) * 355 * DAY_MS));
  const [kindName, sub] = SITE_KIND[Math.floor(i / clientCount) % SITE_KIND.length]!;
  const round = Math.floor(i / (clientCount * SITE_KIND.length));
  const host = `${sub}${round ? round + 1 : ''}.${client.slug}.${TLDS[(i * 7) % TLDS.length]}`;
  const complete = rand() < 0.7;
  const gap = () => (complete || rand() < 0.75 ? false : true);
  const woo = ['Shop', 'Store', 'Outlet', 'Wholesale', 'EU Store', 'US Store', 'UK Store'].includes(kindName);
  const at = env.next();
  const site: ScaleSite = {
    id: env.w.id(at),
    client,
    name: `${client.name} ${kindName}${round ? ` ${round + 1}` : ''}`,
    productionUrl: `https://${host}`,
    stagingUrl: gap() ? null : `https://staging.${host}`,
    sophmateVersion: gap() ? null : weighted(SOPHMATE),
    wordpressVersion: gap() ? null : weighted(WORDPRESS),
    phpVersion: gap() ? null : weighted(PHP),
    woocommerceVersion: woo ? weighted(WOO) : null,
    activeTheme: gap() ? null : pick(THEMES),
    host: rand() < 0.9 ? pick(HOSTS) : null,
    aiProvider: rand() < 0.92 ? pick(PROVIDERS) : null,
    stage: 'planning',
    notes: rand() < 0.15 ? 'Client wants product copy drafts reviewed by their marketing lead before anything is published.' : null,
    archivedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    owners: new Map(),
    open: new Map(),
    firstWeek: null,
    rollbackChangedAt: null,
    backups: { lastBackupOn: null, latestRehearsal: null, lastPassedRehearsalOn: null },
    manual: {},
    pilotAt: null,
    access: null,
    team: [],
  };
  w.insert('sites', {
    id: site.id,
    created_at: at,
    updated_at: at,
    version: 1,
    client_id: client.id,
    name: site.name,
    production_url: site.productionUrl,
    staging_url: site.stagingUrl,
    sophmate_version: site.sophmateVersion,
    wordpress_version: site.wordpressVersion,
    php_version: site.phpVersion,
    woocommerce_version: site.woocommerceVersion,
    active_theme: site.activeTheme,
    host: site.host,
    ai_provider: site.aiProvider,
    stage: 'planning',
    notes: site.notes,
  });
  w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'create',
    summary: `Created site “${site.name}” (${site.productionUrl})`,
    after: siteRecord(site),
  });
  planReview(env, site, at, 'initial_setup', 'The site was created.', dueAfter(env, at, 'initial_setup'));
  env.counts.sites++;
  return { site, complete, woo };
}

/** The gate-free stage of a seeded site (importStage in main/services/sites-stage.ts). */
function importStage(env: ScaleEnv, site: ScaleSite, stage: RolloutStage): void {
  const at = env.next();
  const before = site.stage;
  site.stage = stage;
  site.version++;
  site.updatedAt = at;
  env.w.update('sites', site.id, { stage, updated_at: at, version: site.version });
  const to = stage === 'adoption' ? 'pilot' : stage;
  if (to === 'retired') skipForRetirement(env, site, at);
  else if (to === 'pilot' && !site.firstWeek) {
    site.pilotAt = at;
    const now = new Date(at);
    const tz = env.refs.timeZone;
    planReview(env, site, at, 'first_week', `The pilot started on ${localDate(now, tz)}.`, firstWeekDue(now, tz, env.refs.offsets.first_week));
  }
  env.w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'stage-import',
    summary: `Stage of “${site.name}” imported as ${STAGE_LABEL[stage]}`,
    before: { stage: before },
    after: { stage },
  });
}

function seedOwners(env: ScaleEnv, site: ScaleSite, complete: boolean, later: boolean): void {
  const { rand, pick, agency, w } = env;
  const coverage = later ? 0.95 : site.stage === 'setup' ? 0.75 : 0.4;
  const staff = site.client.staff;
  for (const responsibility of RESPONSIBILITIES) {
    if (responsibility !== 'setup' && rand() > coverage) continue;
    if (responsibility === 'setup' && !complete && rand() < 0.5) continue;
    const clientSide = ['hosting', 'backups', 'primary'].includes(responsibility) && staff.length > 0 && rand() < 0.6;
    const owner = pick(clientSide ? staff : agency);
    const drawn = rand() < 0.35 ? pick(agency) : null;
    const backup = drawn && drawn.id !== owner.id ? drawn : null;
    let at = env.next();
    const a = {
      id: env.w.id(at),
      owner,
      backup,
      verifiedAt: null as string | null,
      verifiedBy: null as typeof owner | null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    w.insert('owner_assignments', {
      id: a.id,
      created_at: at,
      updated_at: at,
      version: 1,
      site_id: site.id,
      responsibility,
      owner_id: owner.id,
      backup_owner_id: backup?.id ?? null,
      note: null,
    });
    site.owners.set(responsibility, a);
    site.rollbackChangedAt = at;
    w.change(at, {
      entity: 'owner_assignment',
      entityId: a.id,
      siteId: site.id,
      action: 'assign',
      summary: `${owner.name} assigned as ${responsibilityOwner(responsibility)} of “${site.name}”`,
      after: assignmentRecord(site, responsibility, a),
    });
    if (rand() < (later ? 0.8 : 0.35)) {
      // Someone other than the owner confirms they can do the job.
      const verifier = pick(agency.filter((p) => p.id !== owner.id));
      const before = assignmentRecord(site, responsibility, a);
      at = env.next();
      Object.assign(a, { verifiedAt: at, verifiedBy: verifier, updatedAt: at, version: 2 });
      w.update('owner_assignments', a.id, { verified_at: at, verified_by_id: verifier.id, note: null, updated_at: at, version: 2 });
      w.change(at, {
        entity: 'owner_assignment',
        entityId: a.id,
        siteId: site.id,
        action: 'verify',
        summary: `${responsibilityOwner(responsibility)} ${owner.name} of “${site.name}” verified by ${verifier.name}`,
        before,
        after: assignmentRecord(site, responsibility, a),
      });
    }
  }
}

/** The checklist items people record, mostly done on sites further along (setItem in main/services/readiness.ts). */
function seedChecklist(env: ScaleEnv, site: ScaleSite, later: boolean): void {
  const evidence = 'Checked with the client team on the setup call';
  for (const itemId of ['reach-diagnostics', 'pause-high-risk', 'provider-key-owner']) {
    if (env.rand() >= (later ? 0.85 : 0.45)) continue;
    const item = env.refs.checklist.find((c) => c.id === itemId);
    if (!item) continue;
    const at = env.next();
    env.w.insert('site_checklist_items', {
      id: env.w.id(at),
      created_at: at,
      updated_at: at,
      version: 1,
      site_id: site.id,
      kind: 'checklist',
      item_id: itemId,
      status: 'done',
      evidence,
      reason: null,
      recorded_by: env.actor,
    });
    site.manual[itemId] = { status: 'done', evidence, reason: null };
    env.w.change(at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'checklist',
      summary: `“${item.title}” marked done (evidence: ${evidence})`,
    });
  }
}

/** A PHP upgrade on the site's record, which plans a hosting-change review (updateSite in main/services/sites.ts). */
function phpUpgrade(env: ScaleEnv, site: ScaleSite): void {
  const before = siteRecord(site);
  const at = env.next();
  site.phpVersion = site.phpVersion === '8.3' ? '8.4' : '8.3';
  site.updatedAt = at;
  site.version++;
  env.w.update('sites', site.id, { php_version: site.phpVersion, updated_at: at, version: site.version });
  site.rollbackChangedAt = at;
  const after = siteRecord(site);
  const change = describeHostingChange(before, after);
  if (change) planReview(env, site, at, 'hosting_change', change, dueAfter(env, at, 'hosting_change'));
  env.w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'update',
    summary: `Edited “${site.name}”: PHP ${before.phpVersion ?? '—'} → ${after.phpVersion ?? '—'}`,
    before,
    after,
  });
}

function archive(env: ScaleEnv, site: ScaleSite): void {
  const before = siteRecord(site);
  const at = env.next();
  site.archivedAt = at;
  site.updatedAt = at;
  site.version++;
  env.w.update('sites', site.id, { archived_at: at, updated_at: at, version: site.version });
  env.w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'archive',
    summary: `Archived site “${site.name}”`,
    before,
    after: siteRecord(site),
  });
}

/** Seeds site number `i` of `sites`, spread over the clients in turn; answers the site for the seed's last steps. */
export function seedScaleSite(env: ScaleEnv, clients: ScaleClient[], i: number, sites: number, operatorsPerLaterSite: number): ScaleSite {
  const { rand, weighted, end, endDay } = env;
  const { site, complete, woo } = createSite(env, clients[i % clients.length]!, i, sites, clients.length);
  const stage = weighted(STAGES);
  if (stage !== 'planning') importStage(env, site, stage);
  const later = stage === 'adoption' || stage === 'pilot' || stage === 'retired';
  seedOwners(env, site, complete, later);
  if (stage !== 'planning' && rand() < (later ? 0.9 : 0.5)) seedAccessModel(env, site, later, woo);
  if (later || stage === 'paused') seedScaleOperators(env, site, operatorsPerLaterSite);
  finish(env, site, 'initial_setup', stage === 'planning' ? 0.75 : 0.97, 'Setup record, owner matrix and access model walked through with the client');
  if (later && stage !== 'retired' && site.phpVersion && rand() < 0.04) phpUpgrade(env, site);
  // Long-past reviews were mostly caught up with; a few stay overdue.
  const monthAgo = new Date(end - 30 * DAY_MS).toISOString().slice(0, 10);
  for (const kind of ['initial_setup', 'hosting_change', 'before_new_users'] as const) {
    const r = site.open.get(kind);
    if (r && r.dueOn < monthAgo) finish(env, site, kind, 0.92, 'Caught up in the monthly review session');
  }
  // Periodic reviews kept on time up to a few weeks ago; the latest ones are due now or soon.
  for (let k = 0; k < 8; k++) {
    const r = site.open.get('periodic');
    const horizon = new Date(end - Math.floor(rand() * 10) * DAY_MS).toISOString().slice(0, 10);
    if (!r || r.dueOn >= horizon || r.dueOn >= endDay) break;
    finish(env, site, 'periodic', 0.97, 'Owners, SOPs, provider key rotation and incidents reviewed');
  }
  if (stage !== 'planning') seedChecklist(env, site, later);
  if (rand() < 0.02) archive(env, site);
  env.w.flush();
  return site;
}

/** First weeks are reviewed once they are over, at the end, when the seed's clock has reached the present. */
export function catchUpFirstWeeks(env: ScaleEnv, sites: ScaleSite[]): void {
  env.time.tick = Math.max(env.time.tick, env.end - 60_000);
  for (const site of sites) {
    const r = site.open.get('first_week');
    if (!r || r.dueOn > env.endDay) continue;
    const roll = env.rand();
    // Its findings text is the summary of the site's findings, as completeFirstWeek writes it (the seed records none).
    if (roll < (site.stage === 'pilot' ? 0.75 : 0.95))
      finishReview(
        env,
        site,
        'first_week',
        'done',
        'Prompts, rejected plans, support drafts and approvals of the first week reviewed',
        'No findings.',
        firstWeekFound(env.rand() < 0.2 ? SEED_FINDINGS : null),
      );
    else if (roll < 0.98) finishReview(env, site, 'first_week', 'skipped', 'Covered by the client’s own onboarding review');
  }
  env.w.flush();
}
