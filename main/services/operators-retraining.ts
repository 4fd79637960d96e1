/**
 * `operators.needingRetraining`, and the one definition of "needs retraining" the Dashboard and the
 * Playbook matrix count with.
 */
import { sql } from 'drizzle-orm';
import type { OperatorRole, Workflow } from '@core/playbook/schema';
import type { HandlerContext } from '../rpc/context';
import { getOperator } from './operators';

/**
 * The one definition of "needs retraining", used by the Dashboard and the Playbook alike: an operator
 * who is still on a site (operator and site not archived, access not revoked) signed an earlier version
 * of one of their role's SOPs and has not signed its current version. Each row is one such SOP of one
 * operator, so an operator behind on two SOPs appears twice; count operators by distinct id. With
 * `siteId`, that site's operators only (the first-week review report).
 */
export function staleSignoffs(
  ctx: Pick<HandlerContext, 'db'>,
  siteId?: string,
): { operatorId: string; siteName: string; workflow: Workflow; role: OperatorRole }[] {
  return ctx.db.all(sql`
    WITH current_sop AS (SELECT workflow, role, max(sop_version) AS version FROM sop_versions GROUP BY workflow, role)
    SELECT DISTINCT o.id AS operatorId, s.name AS siteName, v.workflow, v.role
    FROM operators o
    JOIN sites s ON s.id = o.site_id AND s.archived_at IS NULL
    JOIN training_signoffs t ON t.operator_id = o.id
    JOIN sop_versions v ON v.id = t.sop_version_id AND v.role = o.role
    JOIN current_sop c ON c.workflow = v.workflow AND c.role = v.role
    WHERE o.archived_at IS NULL AND o.access <> 'revoked' AND v.sop_version < c.version ${siteId ? sql`AND o.site_id = ${siteId}` : sql``}
      AND NOT EXISTS (SELECT 1 FROM training_signoffs t2 JOIN sop_versions v2 ON v2.id = t2.sop_version_id
        WHERE t2.operator_id = o.id AND v2.workflow = c.workflow AND v2.role = c.role AND v2.sop_version = c.version)
    ORDER BY s.name COLLATE NOCASE, o.id`);
}

/** `operators.needingRetraining`: each operator behind on an SOP once, with their site, up to `limit`. */
export function operatorsNeedingRetraining(ctx: HandlerContext, limit: number) {
  const seen = new Map<string, string>();
  for (const r of staleSignoffs(ctx)) if (!seen.has(r.operatorId)) seen.set(r.operatorId, r.siteName);
  const ids = [...seen];
  return {
    total: ids.length,
    rows: ids.slice(0, limit).map(([id, siteName]) => ({ ...getOperator(ctx, id), siteName })),
  };
}
