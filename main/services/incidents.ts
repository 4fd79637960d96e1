import { sql, type SQL } from 'drizzle-orm';
import type { Incident } from '@core/contract/incidents';
import type { ParsedInputOf } from '@core/contract/index';
import { RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { WORKFLOW_LABEL } from '@core/playbook/schema';
import { newId } from '@db/ids';
import type { IncidentRow } from '@db/queries/rows';
import { allOf } from '@db/queries/sql';
import { incidentEvents, incidents } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, refused } from './errors';
import { ownerMatrix } from './owners';
import { requireSite } from './records';

const SELECT = sql`SELECT i.*, s.name AS site_name, p.name AS prevention_owner_name
  FROM incidents i JOIN sites s ON s.id = i.site_id LEFT JOIN people p ON p.id = i.prevention_owner_id`;

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    siteId: r.site_id,
    siteName: r.site_name,
    severity: r.severity,
    title: r.title,
    whatHappened: r.what_happened,
    affectedWorkflow: r.affected_workflow,
    occurredAt: r.occurred_at,
    affectedUser: r.affected_user,
    screen: r.screen,
    prompt: r.prompt,
    approvalState: r.approval_state,
    affectedRecords: r.affected_records,
    status: r.status,
    openedBy: r.opened_by,
    preventionOwnerId: r.prevention_owner_id,
    preventionOwnerName: r.prevention_owner_name,
    regressionCheck: r.regression_check,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    createdAt: r.created_at,
    version: r.version,
  };
}

/** Whom to call first: incident escalation, then support routing, then the primary owner. */
const ESCALATION_ORDER: Responsibility[] = ['incident_escalation', 'support_routing', 'primary'];

export function getIncident(ctx: HandlerContext, id: string) {
  const row = ctx.db.get<IncidentRow>(sql`${SELECT} WHERE i.id = ${id}`);
  if (!row) throw notFound('Incident', id);
  const events = ctx.db.all<{ id: string; at: string; actor: string; kind: 'opened' | 'note' | 'resolved'; text: string }>(
    sql`SELECT id, at, actor, kind, text FROM incident_events WHERE incident_id = ${id} ORDER BY at, id`,
  );
  const matrix = ownerMatrix(ctx, row.site_id);
  const escalationPath = ESCALATION_ORDER.map((r) => {
    const a = matrix.rows.find((x) => x.responsibility === r)?.assignment ?? null;
    return {
      responsibility: r,
      label: RESPONSIBILITY_INFO[r].label,
      ownerName: a?.ownerName ?? null,
      ownerEmail: a?.ownerEmail ?? null,
      backupName: a?.backupOwnerName ?? null,
    };
  });
  return { ...toIncident(row), events, escalationPath };
}

export function listIncidents(ctx: HandlerContext, input: ParsedInputOf<'incidents.list'>) {
  const where: SQL[] = [];
  if (input.siteId) where.push(sql`i.site_id = ${input.siteId}`);
  if (input.status !== 'all') where.push(sql`i.status = ${input.status}`);
  return ctx.db.all<IncidentRow>(sql`${SELECT} WHERE ${allOf(where)} ORDER BY i.status = 'resolved', i.occurred_at DESC LIMIT 500`).map(toIncident);
}

export function openIncident(ctx: WriteContext, input: ParsedInputOf<'incidents.open'>) {
  const { id } = mutate(ctx, 'incident', (tx, at) => {
    const site = requireSite(ctx, input.siteId);
    const incidentId = newId();
    tx.insert(incidents)
      .values({
        id: incidentId,
        createdAt: at,
        updatedAt: at,
        siteId: input.siteId,
        severity: input.severity,
        title: input.title,
        whatHappened: input.whatHappened,
        affectedWorkflow: input.affectedWorkflow,
        occurredAt: input.occurredAt,
        affectedUser: input.affectedUser,
        screen: input.screen,
        prompt: input.prompt,
        approvalState: input.approvalState,
        affectedRecords: input.affectedRecords,
        openedBy: ctx.actor,
      })
      .run();
    tx.insert(incidentEvents)
      .values({
        id: newId(),
        createdAt: at,
        updatedAt: at,
        incidentId,
        at,
        actor: ctx.actor,
        kind: 'opened',
        text: `Opened (${input.severity}): ${input.title}`,
      })
      .run();
    recordChange(tx, ctx, at, {
      entity: 'incident',
      entityId: incidentId,
      siteId: input.siteId,
      action: 'open',
      summary: `Incident opened on “${site.name}” (${input.severity}, ${WORKFLOW_LABEL[input.affectedWorkflow]}): ${input.title}`,
    });
    return { id: incidentId };
  });
  return getIncident(ctx, id);
}

export function addIncidentNote(ctx: WriteContext, input: ParsedInputOf<'incidents.addNote'>) {
  mutate(ctx, 'incident', (tx, at) => {
    const inc = getIncident(ctx, input.id);
    tx.insert(incidentEvents)
      .values({ id: newId(), createdAt: at, updatedAt: at, incidentId: inc.id, at, actor: ctx.actor, kind: 'note', text: input.text })
      .run();
    recordChange(tx, ctx, at, { entity: 'incident', entityId: inc.id, siteId: inc.siteId, action: 'note', summary: `Incident “${inc.title}”: ${input.text}` });
    return { id: inc.id };
  });
  return getIncident(ctx, input.id);
}

export function resolveIncident(ctx: WriteContext, input: ParsedInputOf<'incidents.resolve'>) {
  mutate(ctx, 'incident', (tx, at) => {
    const inc = getIncident(ctx, input.id);
    if (inc.status === 'resolved') throw refused(`“${inc.title}” is already resolved.`);
    const owner = ctx.db.get<{ name: string; active: number; archived_at: string | null }>(
      sql`SELECT name, active, archived_at FROM people WHERE id = ${input.preventionOwnerId}`,
    );
    if (!owner || owner.archived_at || owner.active !== 1) throw refused('The prevention owner must be an active person: choose someone from People.');
    tx.update(incidents)
      .set({
        status: 'resolved',
        preventionOwnerId: input.preventionOwnerId,
        regressionCheck: input.regressionCheck,
        resolvedAt: at,
        resolvedBy: ctx.actor,
        updatedAt: at,
        version: inc.version + 1,
      })
      .where(sql`id = ${inc.id}`)
      .run();
    const text = `Resolved. Prevention owner: ${owner.name}. Regression check: ${input.regressionCheck}${input.note ? `. ${input.note}` : ''}`;
    tx.insert(incidentEvents).values({ id: newId(), createdAt: at, updatedAt: at, incidentId: inc.id, at, actor: ctx.actor, kind: 'resolved', text }).run();
    recordChange(tx, ctx, at, {
      entity: 'incident',
      entityId: inc.id,
      siteId: inc.siteId,
      action: 'resolve',
      summary: `Incident “${inc.title}” resolved. Prevention owner: ${owner.name}`,
    });
    return { id: inc.id };
  });
  return getIncident(ctx, input.id);
}
