/**
 * `operators.grantAccess`, `operators.revokeAccess`: SophMate access for an operator, to some or all
 * of the workflows their role uses. The access gate decides what may be granted; a grant past an unmet
 * gate needs an override reason and is listed with the site's other overrides.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Operator } from '@core/contract/operators';
import { ACCESS_GATE_LABEL, roleWorkflows } from '@core/domain/access-gate';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { gateOverrides, operatorAccessWorkflows, operators } from '@db/schema/index';
import type { WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refused } from './errors';
import { assertAtWork, gateFor, getOperator, getRow, label, siteGateFacts, toOperator } from './operators';

export function grantAccess(ctx: WriteContext, input: ParsedInputOf<'operators.grantAccess'>): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    const row = getRow(ctx, input.operatorId);
    assertAtWork(ctx, row);
    const before = toOperator(ctx, row, siteGateFacts(ctx, row.site_id));
    const uses = roleWorkflows(row.role);
    const notUsed = (input.workflows ?? []).filter((w) => !uses.includes(w));
    if (notUsed.length) {
      throw new WorkbenchError(ErrorCode.INVALID_INPUT, `${ROLE_LABEL[row.role]}s do not use ${notUsed.map((w) => WORKFLOW_LABEL[w]).join(', ')}.`, {
        issues: [{ path: 'workflows', message: `Choose from: ${uses.map((w) => WORKFLOW_LABEL[w]).join(', ')}.` }],
      });
    }
    // Access already given stays: the gate judges only what a grant would add (its `workflows`).
    const { gate } = gateFor(ctx, row, siteGateFacts(ctx, row.site_id), input.workflows ?? before.grantableWorkflows, before.accessWorkflows);
    const requested = gate.workflows;
    if (requested.length === 0) {
      throw refused(
        before.access === 'granted'
          ? `${label(before)} already has access to ${before.accessWorkflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}.`
          : `Nothing can be granted to ${label(before)} yet: ${before.missing.join(' ')}`,
      );
    }
    if (gate.blocked.length) {
      throw new WorkbenchError(
        ErrorCode.REFUSED,
        `Access for ${label(before)} to ${requested.map((w) => WORKFLOW_LABEL[w]).join(', ')} cannot be given, even by override: ${gate.blocked.join(' ')}`,
        {
          missing: gate.missing,
          blocked: gate.blocked,
        },
      );
    }
    if (!gate.ok && !input.overrideReason) {
      throw new WorkbenchError(
        ErrorCode.REFUSED,
        `Access for ${label(before)} to ${requested.map((w) => WORKFLOW_LABEL[w]).join(', ')} is refused until: ${gate.missing.join(' ')}`,
        {
          missing: gate.missing,
        },
      );
    }
    const override = gate.ok ? null : input.overrideReason;
    const workflows = [...before.accessWorkflows, ...requested].sort((a, b) => WORKFLOWS.indexOf(a) - WORKFLOWS.indexOf(b));
    tx.update(operators)
      .set({
        access: 'granted',
        accessChangedAt: at,
        accessOverrideReason: override ?? (before.access === 'granted' ? before.accessOverrideReason : null),
        revokeReason: null,
        updatedAt: at,
        version: row.version + 1,
      })
      .where(sql`id = ${row.id}`)
      .run();
    if (before.access !== 'granted') tx.run(sql`DELETE FROM operator_access_workflows WHERE operator_id = ${row.id}`);
    for (const workflow of requested)
      tx.insert(operatorAccessWorkflows).values({ id: newId(), createdAt: at, updatedAt: at, operatorId: row.id, workflow }).run();
    const what = requested.map((w) => WORKFLOW_LABEL[w]).join(', ');
    if (override) {
      tx.insert(gateOverrides)
        .values({
          id: newId(),
          createdAt: at,
          updatedAt: at,
          siteId: row.site_id,
          gate: ACCESS_GATE_LABEL,
          action: `Access for ${label(before)}: ${what}`,
          reasons: gate.missing.join(' '),
          overrideReason: override,
          actor: ctx.actor,
          at,
        })
        .run();
    }
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: row.id,
      siteId: row.site_id,
      action: override ? 'grant-override' : 'grant',
      summary: override
        ? `Access to ${what} granted to ${label(before)} WITHOUT meeting the gate (${gate.missing.join(' ')}). Reason: ${override}`
        : `Access to ${what} granted to ${label(before)}`,
      before: { access: before.access, workflows: before.accessWorkflows },
      after: { access: 'granted', workflows, accessOverrideReason: override },
    });
    return { id: row.id };
  });
  return getOperator(ctx, input.operatorId);
}

export function revokeAccess(ctx: WriteContext, input: ParsedInputOf<'operators.revokeAccess'>): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    const before = getOperator(ctx, input.operatorId);
    if (before.access !== 'granted') throw refused(`${label(before)} has no access to revoke.`);
    tx.update(operators)
      .set({ access: 'revoked', accessChangedAt: at, revokeReason: input.reason, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${before.id}`)
      .run();
    tx.run(sql`DELETE FROM operator_access_workflows WHERE operator_id = ${before.id}`);
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: before.id,
      siteId: before.siteId,
      action: 'revoke',
      summary: `Access revoked for ${label(before)}: ${input.reason}`,
      before: { access: before.access, workflows: before.accessWorkflows },
      after: { access: 'revoked' },
    });
    return { id: before.id };
  });
  return getOperator(ctx, input.operatorId);
}
