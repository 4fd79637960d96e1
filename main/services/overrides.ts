/**
 * `overrides.*`: a site's additions to its SOPs (an extra refusal rule or escalation contact for one
 * workflow and role), listed, added and removed. Removing one archives it. The SOPs are in sops.ts.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { ROLE_LABEL, WORKFLOW_LABEL, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { siteSopOverrides } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound } from './errors';
import { requireSiteForWrite } from './records';

export function listOverrides(ctx: HandlerContext, siteId: string) {
  return ctx.db.all<{
    id: string;
    siteId: string;
    workflow: Workflow;
    role: OperatorRole;
    kind: 'refusal_rule' | 'escalation_contact';
    text: string;
    createdAt: string;
  }>(
    sql`SELECT id, site_id AS siteId, workflow, role, kind, text, created_at AS createdAt FROM site_sop_overrides
        WHERE site_id = ${siteId} AND archived_at IS NULL ORDER BY workflow, role, created_at`,
  );
}

export function addOverride(ctx: WriteContext, input: ParsedInputOf<'overrides.add'>) {
  mutate(ctx, 'sop', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'changing its SOPs');
    const id = newId();
    tx.insert(siteSopOverrides)
      .values({ id, createdAt: at, updatedAt: at, siteId: input.siteId, workflow: input.workflow, role: input.role, kind: input.kind, text: input.text })
      .run();
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      siteId: input.siteId,
      action: 'override-add',
      summary: `Site addition to ${WORKFLOW_LABEL[input.workflow]} for ${ROLE_LABEL[input.role]} on “${site.name}”: ${input.kind === 'refusal_rule' ? 'refusal rule' : 'escalation contact'} “${input.text}”`,
    });
    return { id };
  });
  return listOverrides(ctx, input.siteId);
}

export function removeOverride(ctx: WriteContext, id: string) {
  const row = ctx.db.get<{ site_id: string; text: string }>(sql`SELECT site_id, text FROM site_sop_overrides WHERE id = ${id} AND archived_at IS NULL`);
  if (!row) throw notFound('Site SOP addition', id);
  mutate(ctx, 'sop', (tx, at) => {
    tx.run(sql`UPDATE site_sop_overrides SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE id = ${id}`);
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      siteId: row.site_id,
      action: 'override-remove',
      summary: `Removed site SOP addition “${row.text}”`,
    });
    return { id };
  });
  return listOverrides(ctx, row.site_id);
}
