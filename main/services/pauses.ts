/**
 * `pauses.*`: pausing high-risk activity on a site (some workflows, with a reason) and resuming it.
 * The current pause is read with the site's readiness (readiness.ts).
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Readiness } from '@core/contract/readiness';
import { WORKFLOW_LABEL } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { sitePauses, sitePauseWorkflows } from '@db/schema/index';
import type { WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refused } from './errors';
import { currentPause, getReadiness } from './readiness';
import { getSite } from './sites-list';

export function pauseSite(ctx: WriteContext, input: ParsedInputOf<'pauses.pause'>): Readiness {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, input.siteId);
    if (site.archivedAt) throw refused(`“${site.name}” is archived.`);
    if (currentPause(ctx, site.id)) throw refused(`High-risk activity on “${site.name}” is already paused: resume it first, or add to the existing pause.`);
    const id = newId();
    tx.insert(sitePauses).values({ id, createdAt: at, updatedAt: at, siteId: site.id, pausedBy: ctx.actor, reason: input.reason, pausedAt: at }).run();
    for (const w of new Set(input.workflows))
      tx.insert(sitePauseWorkflows).values({ id: newId(), createdAt: at, updatedAt: at, pauseId: id, workflow: w }).run();
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'pause',
      summary: `High-risk activity paused on “${site.name}” (${input.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}): ${input.reason}`,
    });
    return { id: site.id };
  });
  return getReadiness(ctx, input.siteId);
}

export function resumeSite(ctx: WriteContext, input: ParsedInputOf<'pauses.resume'>): Readiness {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, input.siteId);
    const pause = currentPause(ctx, site.id);
    if (!pause) throw refused(`Nothing is paused on “${site.name}”.`);
    tx.update(sitePauses)
      .set({ resumedAt: at, resumedBy: ctx.actor, resumeNote: input.note, updatedAt: at })
      .where(sql`id = ${pause.id}`)
      .run();
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'resume',
      summary: `High-risk activity resumed on “${site.name}”: ${input.note}`,
    });
    return { id: site.id };
  });
  return getReadiness(ctx, input.siteId);
}
