/** The records a demo site gathers once it is under way: operators, rollback facts and plan, checklist items, an incident. */
import { sql } from 'drizzle-orm';
import { OPERATOR_ROLES } from '@core/playbook/schema';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { recordDocuments, renderTextDocuments } from '@main/services/documents';
import { markKnownGood } from '@main/services/documents-facts';
import { getRunbook, setRunbookValues } from '@main/services/runbook';
import { recordBackup, recordRehearsal } from '@main/services/runbook-rehearsals';
import { openIncident, resolveIncident } from '@main/services/incidents';
import { addOperator, signOff } from '@main/services/operators';
import { grantAccess } from '@main/services/operators-access';
import { startScenarioCheck, submitScenarioCheck } from '@main/services/operators-scenarios';
import { pauseSite } from '@main/services/pauses';
import { setItem } from '@main/services/readiness';
import { getSite } from '@main/services/sites-list';
import { DAY_MS, type SeedEnv } from './env';
import type { FinishReview } from './site';

/** Operators in realistic states: added, signed, checked, granted. */
export function seedOperators(env: SeedEnv, siteId: string, clientStaff: string[], finish: FinishReview): void {
  const { ctx, parse, rand, pick, agency, summary } = env;
  const count = 1 + Math.floor(rand() * 2);
  for (let k = 0; k < count; k++) {
    const personId = pick([...clientStaff, ...agency]);
    const role = pick(OPERATOR_ROLES);
    let op;
    try {
      op = addOperator(ctx, parse('operators.add', { siteId, personId, role }));
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

/**
 * What a site's runbook adds to the agency template: where its backups are, its last backup (a day or
 * two ago) and its restore rehearsals: mostly passed, now and then a failure fixed by a later pass,
 * and a few sites whose last rehearsal failed or that never rehearsed.
 */
function seedSiteRunbook(env: SeedEnv, siteId: string, host: string | null): void {
  const { ctx, parse, rand, pick, time, agency } = env;
  const day = (daysAgo: number) => new Date(time.tick - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const scope = { siteId };
  setRunbookValues(
    ctx,
    parse('runbook.setValues', {
      scope,
      revision: getRunbook(ctx, scope).revision,
      values: { backupLocation: `${host ?? 'Host'} control panel → Backups, daily, 30 days kept` },
    }),
  );
  recordBackup(ctx, parse('runbook.recordBackup', { siteId, takenOn: day(Math.floor(rand() * 2)) }));
  const roll = rand();
  if (roll < 0.05) return;
  const rehearse = (daysAgo: number, outcome: 'passed' | 'failed') =>
    recordRehearsal(
      ctx,
      parse('runbook.recordRehearsal', {
        siteId,
        rehearsedOn: day(daysAgo),
        outcome,
        durationMinutes: 30 + Math.floor(rand() * 60),
        performedById: pick(agency),
        notes:
          outcome === 'failed'
            ? 'The restore on staging left the uploads folder empty: the host backup excluded it.'
            : 'Restored on staging; checkout and Diagnostics passed.',
      }),
    );
  if (roll < 0.15) {
    rehearse(20, 'passed');
    rehearse(6, 'failed');
    return;
  }
  if (roll < 0.3) rehearse(14, 'failed');
  rehearse(7, 'passed');
}

/**
 * Backups are taken every day: most live sites whose runbook records backups get a recent one, at the
 * end, when the seed's clock has reached the present (a backup does not make the plan out of date).
 */
export function catchUpBackups(env: SeedEnv, unitDone: () => void = () => {}): void {
  const { ctx, parse, rand, time } = env;
  const sites = ctx.db.all<{ siteId: string }>(
    sql`SELECT f.site_id AS siteId FROM site_runbook_facts f JOIN sites s ON s.id = f.site_id
        WHERE f.last_backup_on IS NOT NULL AND s.archived_at IS NULL ORDER BY f.site_id`,
  );
  for (const { siteId } of sites) {
    if (rand() >= 0.85) continue;
    const takenOn = new Date(time.tick - Math.floor(rand() * 3) * DAY_MS).toISOString().slice(0, 10);
    recordBackup(ctx, parse('runbook.recordBackup', { siteId, takenOn }));
    unitDone();
  }
}

/** Rollback facts, a final rollback plan and the checklist items people record, mostly done on sites further along. */
export function seedRollbackAndChecklist(env: SeedEnv, siteId: string, later: boolean): void {
  const { ctx, parse, rand } = env;
  // Checklist items people record, mostly done on sites further along.
  // Rollback facts and a final rollback plan on most sites further along ("Rollback plan current").
  if (later && rand() < 0.8) {
    const cur = getSite(ctx, siteId);
    if (cur.sophmateVersion && cur.wordpressVersion && cur.phpVersion) {
      markKnownGood(ctx, siteId);
      seedSiteRunbook(env, siteId, cur.host);
      // Markdown renders synchronously, so this records inside the seed's transaction; a refusal
      // (an owner or the rehearsal still missing) leaves the plan a draft, as it would be.
      try {
        recordDocuments(ctx, renderTextDocuments(ctx, { siteId, kind: 'rollback_plan', formats: ['md'], final: true }));
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
          siteId,
          kind: 'checklist',
          itemId,
          status: 'done',
          evidence: 'Checked with the client team on the setup call',
        }),
      );
    }
  }
}

/** A paused site with an incident about a plan that changed prices, now and then resolved. */
export function seedIncident(env: SeedEnv, siteId: string): void {
  const { ctx, parse, rand, pick, clock, agency } = env;
  pauseSite(
    ctx,
    parse('pauses.pause', {
      siteId,
      reason: 'A product-copy plan changed prices it did not list',
      workflows: ['product_copy', 'workflow_approvals'],
    }),
  );
  const inc = openIncident(
    ctx,
    parse('incidents.open', {
      siteId,
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
