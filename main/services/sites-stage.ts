/**
 * `sites.changeStage`: moving a site to another rollout stage through its gates (or by a recorded
 * override), and the gate-free stage of a seeded or imported site. The gates and facts are read in
 * readiness.ts; a stage change plans or skips reviews (reviews-plan.ts).
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Readiness } from '@core/contract/readiness';
import { GATE_LABEL, transitionCheck } from '@core/domain/readiness';
import { STAGE_LABEL, type RolloutStage } from '@core/domain/stages';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { newId } from '@db/ids';
import { gateOverrides, sites } from '@db/schema/index';
import type { WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refused, staleVersion } from './errors';
import { currentChecklist } from './playbook-items';
import { gatherFacts, getReadiness } from './readiness';
import { onStageChanged } from './reviews-plan';
import { getSite } from './sites-list';

export function changeStage(ctx: WriteContext, input: ParsedInputOf<'sites.changeStage'>): Readiness {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, input.siteId);
    if (site.version !== input.version) throw staleVersion('Site', site.name);
    if (site.archivedAt) throw refused(`“${site.name}” is archived: restore it before changing its stage.`);
    if (site.stage === input.to) throw refused(`“${site.name}” is already in ${STAGE_LABEL[input.to]}.`);
    const check = transitionCheck(site.stage, input.to, gatherFacts(ctx, site.id), currentChecklist(ctx));
    if (!check.ok && !input.overrideReason) {
      throw new WorkbenchError(ErrorCode.GATE_BLOCKED, `${check.summary} ${check.reasons.join(' ')}`, { reasons: check.reasons });
    }
    tx.update(sites)
      .set({ stage: input.to, updatedAt: at, version: site.version + 1 })
      .where(sql`id = ${site.id}`)
      .run();
    onStageChanged(tx, ctx, at, site, site.stage, input.to);
    const action = `${STAGE_LABEL[site.stage]} → ${STAGE_LABEL[input.to]}`;
    if (!check.ok && input.overrideReason) {
      for (const g of check.gates.filter((x) => !x.ok)) {
        tx.insert(gateOverrides)
          .values({
            id: newId(),
            createdAt: at,
            updatedAt: at,
            siteId: site.id,
            gate: GATE_LABEL[g.gate],
            action,
            reasons: g.reasons.join(' '),
            overrideReason: input.overrideReason,
            actor: ctx.actor,
            at,
          })
          .run();
      }
    }
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: check.ok ? 'stage' : 'stage-override',
      summary: check.ok
        ? `Stage of “${site.name}” changed: ${action}`
        : `Stage of “${site.name}” changed by OVERRIDE: ${action}. Gate not met: ${check.reasons.join(' ')} Reason: ${input.overrideReason}`,
      before: { stage: site.stage },
      after: { stage: input.to },
    });
    return { id: site.id };
  });
  return getReadiness(ctx, input.siteId);
}

/** Sets the stage of a freshly seeded or imported site without gates; for the demo seed and imports only. */
export function importStage(ctx: WriteContext, siteId: string, stage: RolloutStage): void {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, siteId);
    tx.update(sites)
      .set({ stage, updatedAt: at, version: site.version + 1 })
      .where(sql`id = ${siteId}`)
      .run();
    // An imported site in pilot or adoption has had a pilot: plan its first-week review as if it moved there.
    onStageChanged(tx, ctx, at, site, site.stage, stage === 'adoption' ? 'pilot' : stage);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: siteId,
      siteId,
      action: 'stage-import',
      summary: `Stage of “${site.name}” imported as ${STAGE_LABEL[stage]}`,
      before: { stage: site.stage },
      after: { stage },
    });
    return { id: siteId };
  });
}
