/** One demo site and everything on it: its record, stage, owners, access model, operators, reviews, checklist and the odd incident. */
import { sql } from 'drizzle-orm';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import type { Workflow } from '@core/playbook/schema';
import { setSiteArchived, createSite, updateSite } from '@main/services/sites';
import { assignOwnerOnly, verifyOwnerOnly } from '@main/services/owners';
import { completeFirstWeek } from '@main/services/reviews-first-week';
import { completeReview, skipReview } from '@main/services/reviews-lifecycle';
import { getSite } from '@main/services/sites-list';
import { importStage } from '@main/services/sites-stage';
import { updateAccessModel } from '@main/services/access';
import { DAY_MS, type SeedClient, type SeedEnv } from './env';
import { firstWeekFound, HOSTS, PHP, PROVIDERS, SEED_FINDINGS, SITE_KIND, SITE_ROLES, SOPHMATE, STAGES, THEMES, TLDS, WOO, WORDPRESS } from './portfolio-data';
import { seedIncident, seedOperators, seedRollbackAndChecklist } from './site-records';

/** Completes (or now and then skips) the site's open review of `kind`, if it has one. */
export type FinishReview = (kind: string, pDone: number, notes: string) => void;

/**
 * Completes an open review through its service, now and then with findings: a first-week review as
 * its screen does (`reviews.completeFirstWeek`, a note on each of its five areas), any other with notes.
 */
export function completeSeededReview(env: Pick<SeedEnv, 'ctx' | 'parse' | 'rand'>, r: { id: string; version: number; kind: string }, notes: string): void {
  const { ctx, parse, rand } = env;
  const findings = rand() < 0.2 ? SEED_FINDINGS : '';
  if (r.kind === 'first_week') {
    completeFirstWeek(ctx, parse('reviews.completeFirstWeek', { id: r.id, version: r.version, areas: firstWeekFound(findings || null), notes }));
  } else {
    completeReview(ctx, parse('reviews.complete', { id: r.id, version: r.version, notes, findings }));
  }
}

/** Seeds site number `i` of `sites`, spread over the clients in turn. */
export function seedSite(env: SeedEnv, clients: SeedClient[], i: number, sites: number): void {
  const { ctx, parse, rand, pick, weighted, time, end, endDay, firstSiteAt, agency, summary } = env;
  time.tick = Math.max(time.tick, firstSiteAt + Math.floor(((i + rand()) / sites) * 355 * DAY_MS));
  const client = clients[i % clients.length]!;
  const [kindName, sub] = SITE_KIND[Math.floor(i / clients.length) % SITE_KIND.length]!;
  const round = Math.floor(i / (clients.length * SITE_KIND.length));
  const host = `${sub}${round ? round + 1 : ''}.${client.slug}.${TLDS[(i * 7) % TLDS.length]}`;
  const complete = rand() < 0.7;
  const gap = () => (complete || rand() < 0.75 ? false : true);
  const woo = ['Shop', 'Store', 'Outlet', 'Wholesale', 'EU Store', 'US Store', 'UK Store'].includes(kindName);
  const site = createSite(
    ctx,
    parse('sites.create', {
      clientId: client.id,
      name: `${client.name} ${kindName}${round ? ` ${round + 1}` : ''}`,
      productionUrl: `https://${host}`,
      stagingUrl: gap() ? '' : `https://staging.${host}`,
      sophmateVersion: gap() ? '' : weighted(SOPHMATE),
      wordpressVersion: gap() ? '' : weighted(WORDPRESS),
      phpVersion: gap() ? '' : weighted(PHP),
      woocommerceVersion: woo ? weighted(WOO) : '',
      activeTheme: gap() ? '' : pick(THEMES),
      host: rand() < 0.9 ? pick(HOSTS) : '',
      aiProvider: rand() < 0.92 ? pick(PROVIDERS) : '',
      stage: 'planning',
      notes: rand() < 0.15 ? 'Client wants product copy drafts reviewed by their marketing lead before anything is published.' : '',
    }),
  );
  summary.sites++;
  const stage = weighted(STAGES);
  if (stage !== 'planning') importStage(ctx, site.id, stage);
  site.stage = stage;
  // Reviews: most initial setups were reviewed (which plans the periodic cadence), most first weeks
  // too; a few hosting changes are waiting for their review; some reviews were skipped.
  const openReview = (kind: string) =>
    ctx.db.get<{ id: string; version: number; due_on: string }>(
      sql`SELECT id, version, due_on FROM reviews WHERE site_id = ${site.id} AND kind = ${kind} AND done_at IS NULL AND skipped_at IS NULL`,
    );
  const finish: FinishReview = (kind, pDone, notes) => {
    const r = openReview(kind);
    if (!r) return;
    const roll = rand();
    if (roll < pDone) completeSeededReview(env, { ...r, kind }, notes);
    else if (roll < pDone + 0.03)
      skipReview(ctx, parse('reviews.skip', { id: r.id, version: r.version, reason: 'Covered by the client’s own onboarding review' }));
  };
  const later = site.stage === 'adoption' || site.stage === 'pilot' || site.stage === 'retired';
  const coverage = later ? 0.95 : site.stage === 'setup' ? 0.75 : 0.4;
  for (const responsibility of RESPONSIBILITIES) {
    if (responsibility !== 'setup' && rand() > coverage) continue;
    if (responsibility === 'setup' && !complete && rand() < 0.5) continue;
    const clientSide = ['hosting', 'backups', 'primary'].includes(responsibility) && client.staff.length > 0 && rand() < 0.6;
    const pool = clientSide ? client.staff : agency;
    const ownerId = pick(pool);
    const backup = rand() < 0.35 ? pick(agency) : null;
    assignOwnerOnly(
      ctx,
      parse('owners.assign', {
        siteId: site.id,
        responsibility,
        ownerId,
        backupOwnerId: backup && backup !== ownerId ? backup : '',
        note: '',
      }),
    );
    summary.assignments++;
    if (rand() < (later ? 0.8 : 0.35)) {
      // Someone other than the owner confirms they can do the job.
      const verifier = pick(agency.filter((a) => a !== ownerId));
      verifyOwnerOnly(ctx, parse('owners.verify', { siteId: site.id, responsibility, verifiedById: verifier, note: '' }));
    }
  }
  if (site.stage !== 'planning' && rand() < (later ? 0.9 : 0.5)) {
    // The access model: read-only Copilot and incident escalation everywhere, write-capable workflows once piloting.
    const enabled: Workflow[] = ['read_only_copilot', 'incident_escalation'];
    if (later)
      enabled.push(
        'support_drafts',
        ...(woo ? (['product_copy'] as const) : []),
        'workflow_approvals',
        ...(rand() < 0.3 ? (['theme_assistant_review'] as const) : []),
      );
    const completedBy = pick(agency);
    updateAccessModel(
      ctx,
      parse('access.update', {
        siteId: site.id,
        version: 0,
        enabledWorkflows: enabled,
        roles: SITE_ROLES.map(([role, wordpressRole, maxApproveRisk]) => ({ role, wordpressRole, maxApproveRisk })),
        providerTier: rand() < 0.7 ? pick(['Business', 'Team', 'Pay as you go', 'Enterprise']) : '',
        bulkApprovalRisk: later && rand() < 0.5 ? 'low' : null,
        firstRunCompletedOn: new Date(time.tick).toISOString().slice(0, 10),
        firstRunCompletedById: completedBy,
      }),
    );
  }
  if (later && rand() < 0.5) seedOperators(env, site.id, client.staff, finish);
  finish('initial_setup', site.stage === 'planning' ? 0.75 : 0.97, 'Setup record, owner matrix and access model walked through with the client');
  if (later && site.stage !== 'retired' && rand() < 0.04) {
    const fresh = ctx.db.get<{ php: string | null }>(sql`SELECT php_version AS php FROM sites WHERE id = ${site.id}`)!;
    if (fresh.php) {
      const current = getSite(ctx, site.id);
      updateSite(ctx, parse('sites.update', { ...current, id: current.id, version: current.version, phpVersion: fresh.php === '8.3' ? '8.4' : '8.3' }));
    }
  }
  // Long-past reviews were mostly caught up with; a few stay overdue.
  const monthAgo = new Date(end - 30 * DAY_MS).toISOString().slice(0, 10);
  for (const kind of ['initial_setup', 'hosting_change', 'before_new_users']) {
    const r = openReview(kind);
    if (r && r.due_on < monthAgo) finish(kind, 0.92, 'Caught up in the monthly review session');
  }
  // Periodic reviews kept on time up to a few weeks ago; the latest ones are due now or soon.
  for (let k = 0; k < 8; k++) {
    const r = openReview('periodic');
    const horizon = new Date(end - Math.floor(rand() * 10) * DAY_MS).toISOString().slice(0, 10);
    if (!r || r.due_on >= horizon || r.due_on >= endDay) break;
    finish('periodic', 0.97, 'Owners, SOPs, provider key rotation and incidents reviewed');
  }
  if (site.stage !== 'planning') seedRollbackAndChecklist(env, site.id, later);
  if (later && rand() < 0.015) seedIncident(env, site.id);
  if (rand() < 0.02) setSiteArchived(ctx, { id: site.id }, true);
}
