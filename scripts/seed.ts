/**
 * `npm run seed -- --sites N --workspace FILE [--seed S] [--append] [--batch N]`: a realistic, deterministic
 * portfolio for demos, screenshots and benchmarks. It goes through the same services as the app
 * (rules, constraints, change log) in short transactions of whole clients and sites (`inBatches`), so
 * the app, the CLI or another window can still save between batches, and a seed stopped midway
 * leaves whole sites only.
 */
import { sql } from 'drizzle-orm';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import type { RolloutStage } from '@core/domain/stages';
import { contract } from '@core/contract/index';
import { silentLogger, writerOf, type Clock } from '@main/rpc/context';
import { createClient, setClientArchived } from '@main/services/clients';
import { assignOwnerOnly, verifyOwnerOnly } from '@main/services/owners';
import { createPerson } from '@main/services/people';
import { updateBranding } from '@main/services/branding';
import { recordDocuments, renderTextDocuments } from '@main/services/documents';
import { getFacts, markKnownGood, updateFacts } from '@main/services/documents-facts';
import { completeReview, skipReview } from '@main/services/reviews-lifecycle';
import { createSite, setSiteArchived, updateSite } from '@main/services/sites';
import { getSite } from '@main/services/sites-list';
import { getSop, publishSop } from '@main/services/sops';
import { pauseSite } from '@main/services/pauses';
import { setItem } from '@main/services/readiness';
import { importStage } from '@main/services/sites-stage';
import { openIncident, resolveIncident } from '@main/services/incidents';
import { addOperator, signOff } from '@main/services/operators';
import { grantAccess } from '@main/services/operators-access';
import { startScenarioCheck, submitScenarioCheck } from '@main/services/operators-scenarios';
import { updateAccessModel } from '@main/services/access';
import { OPERATOR_ROLES, type Workflow } from '@core/playbook/schema';
import { openSession } from '@main/session';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { seedArgs } from './seed/args';
import { inBatches, SEED_BATCH_SITES, SEED_BUSY_TIMEOUT_MS } from './seed/batches';
import {
  CLIENT_A,
  CLIENT_B,
  FIRST,
  HOSTS,
  LAST,
  PHP,
  PROVIDERS,
  randomSource,
  SITE_KIND,
  SITE_ROLES,
  SOPHMATE,
  STAGES,
  THEMES,
  TLDS,
  WOO,
  WORDPRESS,
} from './seed/portfolio-data';

export interface SeedOptions {
  sites: number;
  seed?: number;
  append?: boolean;
  /** Time of the seeded changes; defaults to now. */
  now?: Date;
  /** Sites (or clients) per transaction at most (default SEED_BATCH_SITES). */
  batchSites?: number;
}

export interface SeedSummary {
  clients: number;
  sites: number;
  people: number;
  assignments: number;
  operators: number;
  ms: number;
}

export function seedWorkspace(file: string, opts: SeedOptions): SeedSummary {
  const started = performance.now();
  const { rand, pick, weighted } = randomSource(opts.seed ?? 1);
  // Sites are created over the year before `now` (so cadences spread out), each change a second apart.
  const end = (opts.now ?? new Date()).getTime();
  const DAY_MS = 1000 * 60 * 60 * 24;
  const firstSiteAt = end - 365 * DAY_MS;
  let tick = firstSiteAt - 5 * DAY_MS;
  const clock: Clock = { now: () => new Date((tick += 997)) };
  const endDay = new Date(end).toISOString().slice(0, 10);
  const session = openSession(file, { log: silentLogger, clock, actor: 'demo seed', checkOutput: false });
  const ctx = writerOf(session.ctx);
  const existing = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sites`)!;
  if (existing.n > 0 && !opts.append) {
    session.close();
    throw new Error(`${file} already has ${existing.n} sites. Use --append to add more, or choose a new file.`);
  }
  const parse = <C extends keyof typeof contract>(channel: C, input: unknown) => contract[channel].input.parse(input) as never;

  const summary: SeedSummary = { clients: 0, sites: 0, people: 0, assignments: 0, operators: 0, ms: 0 };
  const runId = existing.n > 0 ? `-${Date.now().toString(36)}` : '';
  // The seed owns the workspace it fills: it batches its own transactions on the connection (scripts/seed/batches.ts).
  const sqlite = session.workspace.sqlite;
  sqlite.pragma(`busy_timeout = ${SEED_BUSY_TIMEOUT_MS}`);
  inBatches(sqlite, opts.batchSites ?? SEED_BATCH_SITES, (unitDone) => {
    updateBranding(ctx, parse('branding.update', { agencyName: 'Brightpath Agency', footer: 'Brightpath Agency · Confidential', logo: null, texts: {} }));
    const clientCount = Math.max(1, Math.round(opts.sites / 8));
    const agency: string[] = [];
    const usedEmails = new Set<string>();
    const person = (org: 'agency' | 'client', clientId: string | null, domain: string) => {
      const first = pick(FIRST);
      const last = pick(LAST);
      let email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`;
      for (let i = 2; usedEmails.has(email); i++) email = email.replace(/(\d*)@/, `${i}@`);
      usedEmails.add(email);
      const p = createPerson(
        ctx,
        parse('people.create', {
          name: `${first} ${last}`,
          email: runId ? email.replace('@', `${runId}@`) : email,
          organisation: org,
          clientId,
          phone: rand() < 0.6 ? `+44 20 7946 ${String(Math.floor(rand() * 9000) + 1000)}` : '',
          active: rand() > 0.04,
        }),
      );
      summary.people++;
      return p;
    };
    const agencyCount = Math.max(4, Math.min(60, Math.round(opts.sites / 40)));
    for (let i = 0; i < agencyCount; i++) {
      const p = person('agency', null, 'brightpath-agency.com');
      if (p.active) agency.push(p.id);
    }
    const clients: { id: string; slug: string; staff: string[]; name: string }[] = [];
    const usedNames = new Set<string>();
    for (let i = 0; i < clientCount; i++) {
      let name = `${pick(CLIENT_A)} ${pick(CLIENT_B)}`;
      for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
      usedNames.add(name);
      const c = createClient(
        ctx,
        parse('clients.create', {
          name: runId ? `${name}${runId}` : name,
          notes: rand() < 0.3 ? 'Signed the AI addendum; prefers email updates on Fridays.' : '',
        }),
      );
      summary.clients++;
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '') + (runId ? runId.slice(1) : '');
      const staff: string[] = [];
      const staffCount = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < staffCount; s++) {
        const p = person('client', c.id, `${slug}.${pick(TLDS)}`);
        if (p.active) staff.push(p.id);
      }
      clients.push({ id: c.id, slug, staff, name });
      unitDone();
    }
    for (let i = 0; i < opts.sites; i++) {
      tick = Math.max(tick, firstSiteAt + Math.floor(((i + rand()) / opts.sites) * 355 * DAY_MS));
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
      const finish = (kind: string, pDone: number, notes: string) => {
        const r = openReview(kind);
        if (!r) return;
        const roll = rand();
        if (roll < pDone)
          completeReview(
            ctx,
            parse('reviews.complete', {
              id: r.id,
              version: r.version,
              notes,
              findings: rand() < 0.2 ? 'Support routing owner to confirm the escalation phone number' : '',
            }),
          );
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
            firstRunCompletedOn: new Date(tick).toISOString().slice(0, 10),
            firstRunCompletedById: completedBy,
          }),
        );
      }
      if (later && rand() < 0.5) {
        // Operators in realistic states: added, signed, checked, granted.
        const count = 1 + Math.floor(rand() * 2);
        for (let k = 0; k < count; k++) {
          const personId = pick([...client.staff, ...agency]);
          const role = pick(OPERATOR_ROLES);
          let op;
          try {
            op = addOperator(ctx, parse('operators.add', { siteId: site.id, personId, role }));
          } catch {
            continue; // same person and role twice on one site
          }
          summary.operators++;
          finish('before_new_users', 0.9, 'Training, access model and SOP sign-off checked before the new operator starts');
          if (rand() < 0.8) signOff(ctx, op.id);
          if (rand() < 0.7) {
            const attempt = startScenarioCheck(ctx, op.id);
            const key = new Map(
              ctx.db
                .all<{ id: string; answer: string }>(sql`SELECT id, answer FROM scenarios WHERE role = ${role} AND archived_at IS NULL`)
                .map((q) => [q.id, q.answer]),
            );
            submitScenarioCheck(
              ctx,
              parse('operators.submitScenarioCheck', {
                operatorId: op.id,
                attemptId: attempt.attemptId,
                answers: Object.fromEntries(attempt.questions.map((q) => [q.id, key.get(q.id)])),
              }),
            );
            try {
              if (rand() < 0.8) grantAccess(ctx, parse('operators.grantAccess', { operatorId: op.id }));
            } catch {
              // not signed off, or the site not ready for what the role uses: the gate refuses, as it should
            }
          }
        }
      }
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
      if (site.stage !== 'planning') {
        // Checklist items people record, mostly done on sites further along.
        // Rollback facts and a final rollback plan on most sites further along ("Rollback plan current").
        if (later && rand() < 0.8) {
          const cur = getSite(ctx, site.id);
          if (cur.sophmateVersion && cur.wordpressVersion && cur.phpVersion) {
            markKnownGood(ctx, site.id);
            updateFacts(
              ctx,
              parse('documents.updateFacts', {
                siteId: site.id,
                version: getFacts(ctx, site.id).version,
                backupLocation: `${cur.host ?? 'Host'} daily backups, 30 days kept`,
                lastBackupOn: new Date(tick).toISOString().slice(0, 10),
                lastRehearsalOn: rand() < 0.85 ? new Date(tick - 7 * DAY_MS).toISOString().slice(0, 10) : '',
                diagnosticsLocation: 'SophMate → Diagnostics; support bundles in the shared “Support” drive',
                vendorSupport: 'SophMate support portal, Business plan',
                pauseInstructions: 'SophMate → Workflows → Pause all (administrators)',
              }),
            );
            // Markdown renders synchronously, so this records inside the seed's transaction; a refusal
            // (an owner or the rehearsal still missing) leaves the plan a draft, as it would be.
            try {
              recordDocuments(ctx, renderTextDocuments(ctx, { siteId: site.id, kind: 'rollback_plan', formats: ['md'], final: true }));
            } catch (e) {
              if (!(e instanceof WorkbenchError && e.code === ErrorCode.REFUSED)) throw e;
            }
          }
        }
        for (const itemId of ['reach-diagnostics', 'pause-high-risk', 'provider-key-owner']) {
          if (rand() < (later ? 0.85 : 0.45)) {
            setItem(
              ctx,
              parse('readiness.setItem', {
                siteId: site.id,
                kind: 'checklist',
                itemId,
                status: 'done',
                evidence: 'Checked with the client team on the setup call',
              }),
            );
          }
        }
      }
      if (later && rand() < 0.015) {
        pauseSite(
          ctx,
          parse('pauses.pause', {
            siteId: site.id,
            reason: 'A product-copy plan changed prices it did not list',
            workflows: ['product_copy', 'workflow_approvals'],
          }),
        );
        const inc = openIncident(
          ctx,
          parse('incidents.open', {
            siteId: site.id,
            severity: pick(['high', 'critical']),
            title: 'Plan changed prices outside its diff',
            whatHappened: 'An approved product-copy plan also changed the price of several products.',
            affectedWorkflow: 'product_copy',
            occurredAt: clock.now().toISOString(),
            screen: 'Approvals › plan detail',
            approvalState: 'Approved (medium risk)',
            affectedRecords: 'Several products',
          }),
        );
        if (rand() < 0.3)
          resolveIncident(
            ctx,
            parse('incidents.resolve', {
              id: inc.id,
              preventionOwnerId: pick(agency),
              regressionCheck: 'Plan diffs list price fields; sample of products rechecked',
            }),
          );
      }
      if (rand() < 0.02) setSiteArchived(ctx, { id: site.id }, true);
      unitDone();
    }
    // First weeks are reviewed once they are over (never before: that takes an override), so they are
    // caught up at the end, when the seed's clock has reached the present.
    tick = Math.max(tick, end - 60_000);
    const firstWeeks = ctx.db.all<{
      id: string;
      version: number;
      stage: RolloutStage;
    }>(sql`SELECT r.id, r.version, s.stage FROM reviews r JOIN sites s ON s.id = r.site_id
        WHERE r.kind = 'first_week' AND r.done_at IS NULL AND r.skipped_at IS NULL AND r.due_on <= ${endDay} ORDER BY r.id`);
    for (const r of firstWeeks) {
      const roll = rand();
      if (roll < (r.stage === 'pilot' ? 0.75 : 0.95)) {
        completeReview(
          ctx,
          parse('reviews.complete', {
            id: r.id,
            version: r.version,
            notes: 'Prompts, rejected plans, support drafts and approvals of the first week reviewed',
            findings: rand() < 0.2 ? 'Support routing owner to confirm the escalation phone number' : '',
          }),
        );
      } else if (roll < 0.98) {
        skipReview(ctx, parse('reviews.skip', { id: r.id, version: r.version, reason: 'Covered by the client’s own onboarding review' }));
      }
      unitDone();
    }
    // One SOP edited after the pilot, as after a first-week review: its operators need retraining.
    const sop = getSop(ctx, { workflow: 'support_drafts', role: 'support_agent' }).sop;
    const { workflow: _w, role: _r, version: _v, ...body } = sop;
    publishSop(
      ctx,
      parse('sops.publish', {
        workflow: 'support_drafts',
        role: 'support_agent',
        baseVersion: sop.version,
        sop: { ...body, refusalRules: [...body.refusalRules, 'Never attach an invoice or order export that belongs to another customer.'] },
        changeSummary: 'First-week review: a draft attached another customer’s invoice',
      }),
    );
    if (clients.length > 20) {
      // One archived client with no active sites, so the Archived filter has something to show.
      const c = createClient(ctx, parse('clients.create', { name: `Former client${runId}` }));
      setClientArchived(ctx, { id: c.id }, true);
      summary.clients++;
    }
  });
  session.close();
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

function main() {
  const { file, sites, seed, append, batchSites } = seedArgs();
  try {
    const s = seedWorkspace(file, { sites, seed, append, batchSites });
    console.log(
      `Seeded ${file}: ${s.clients} clients, ${s.sites} sites, ${s.people} people, ${s.assignments} owner assignments, ${s.operators} operators in ${(s.ms / 1000).toFixed(1)} s`,
    );
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}

if (process.argv[1] && /seed\.(ts|js)$/.test(process.argv[1])) main();
