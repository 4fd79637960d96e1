import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { OwnerAssignment, OwnerMatrix } from '@core/contract/owners';
import { RESPONSIBILITIES, responsibilityLabel, type Responsibility } from '@core/domain/responsibilities';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import { newId } from '@db/ids';
import type { AssignmentRow } from '@db/queries/rows';
import { ownerAssignments } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refused, refusedOn } from './errors';
import { requireSite, requireSiteForWrite } from './records';

const SELECT = sql`SELECT oa.id, oa.site_id, oa.responsibility, oa.owner_id, o.name AS owner_name, o.email AS owner_email,
  o.active AS owner_active, o.archived_at AS owner_archived, oa.backup_owner_id, b.name AS backup_owner_name,
  oa.verified_at, oa.verified_by_id, v.name AS verified_by_name, oa.note, oa.created_at, oa.updated_at, oa.version
  FROM owner_assignments oa
  JOIN people o ON o.id = oa.owner_id
  LEFT JOIN people b ON b.id = oa.backup_owner_id
  LEFT JOIN people v ON v.id = oa.verified_by_id`;

function toAssignment(r: AssignmentRow): OwnerAssignment {
  return {
    id: r.id,
    siteId: r.site_id,
    responsibility: r.responsibility,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    ownerEmail: r.owner_email,
    ownerActive: r.owner_active === 1 && r.owner_archived === null,
    backupOwnerId: r.backup_owner_id,
    backupOwnerName: r.backup_owner_name,
    verifiedAt: r.verified_at,
    verifiedById: r.verified_by_id,
    verifiedByName: r.verified_by_name,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function current(ctx: HandlerContext, siteId: string, responsibility: Responsibility): OwnerAssignment | null {
  const row = ctx.db.get<AssignmentRow>(sql`${SELECT} WHERE oa.site_id = ${siteId} AND oa.responsibility = ${responsibility} AND oa.archived_at IS NULL`);
  return row ? toAssignment(row) : null;
}

export function ownerMatrix(ctx: HandlerContext, siteId: string): OwnerMatrix {
  requireSite(ctx, siteId);
  const rows = ctx.db.all<AssignmentRow>(sql`${SELECT} WHERE oa.site_id = ${siteId} AND oa.archived_at IS NULL`);
  const byResp = new Map(rows.map((r) => [r.responsibility, toAssignment(r)]));
  const matrix = RESPONSIBILITIES.map((responsibility) => ({ responsibility, assignment: byResp.get(responsibility) ?? null }));
  return {
    siteId,
    rows: matrix,
    gaps: matrix.filter((r) => r.assignment === null).length,
    unverified: matrix.filter((r) => r.assignment && !r.assignment.verifiedAt).length,
  };
}

/** An owner, backup or verifier must be a current, active person. */
export function assertUsablePerson(ctx: Pick<HandlerContext, 'db'>, id: string, role: string, field: string) {
  const p = ctx.db.get<{ name: string; active: number; archived_at: string | null }>(sql`SELECT name, active, archived_at FROM people WHERE id = ${id}`);
  if (!p) throw refusedOn(field, `The chosen ${role} does not exist: choose someone from People.`);
  if (p.archived_at) throw refusedOn(field, `${p.name} is archived and cannot be ${role}: restore them on the People page or choose someone else.`);
  if (p.active !== 1) throw refusedOn(field, `${p.name} is marked inactive and cannot be ${role}: choose an active person.`);
  return p;
}

export function assignOwner(ctx: WriteContext, input: ParsedInputOf<'owners.assign'>): OwnerMatrix {
  assignOwnerOnly(ctx, input);
  return ownerMatrix(ctx, input.siteId);
}

/** The change alone, without reading the matrix back (bulk callers such as the seed). */
export function assignOwnerOnly(ctx: WriteContext, input: ParsedInputOf<'owners.assign'>): void {
  mutate(ctx, 'owner_assignment', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'changing its owners');
    const owner = assertUsablePerson(ctx, input.ownerId, 'owner', 'ownerId');
    if (input.backupOwnerId) assertUsablePerson(ctx, input.backupOwnerId, 'backup owner', 'backupOwnerId');
    const before = current(ctx, input.siteId, input.responsibility);
    const label = responsibilityLabel(input.responsibility);
    let id: string;
    if (before) {
      id = before.id;
      // A new owner has not shown they can do the job yet: verification starts over.
      const ownerChanged = before.ownerId !== input.ownerId;
      tx.update(ownerAssignments)
        .set({
          ownerId: input.ownerId,
          backupOwnerId: input.backupOwnerId,
          note: input.note,
          ...(ownerChanged ? { verifiedAt: null, verifiedById: null } : {}),
          updatedAt: at,
          version: before.version + 1,
        })
        .where(sql`id = ${before.id}`)
        .run();
    } else {
      id = newId();
      tx.insert(ownerAssignments)
        .values({
          id,
          siteId: input.siteId,
          responsibility: input.responsibility,
          ownerId: input.ownerId,
          backupOwnerId: input.backupOwnerId,
          note: input.note,
          createdAt: at,
          updatedAt: at,
        })
        .run();
    }
    const after = current(ctx, input.siteId, input.responsibility)!;
    const summary =
      before && before.ownerId !== input.ownerId
        ? `${responsibilityOwner(input.responsibility)} of “${site.name}” changed from ${before.ownerName} to ${owner.name} (needs verification)`
        : before
          ? `${label} assignment of “${site.name}” edited`
          : `${owner.name} assigned as ${responsibilityOwner(input.responsibility)} of “${site.name}”`;
    recordChange(tx, ctx, at, {
      entity: 'owner_assignment',
      entityId: id,
      siteId: input.siteId,
      action: before ? 'update' : 'assign',
      summary,
      ...(before ? { before } : {}),
      after,
    });
    return { id };
  });
}

export function verifyOwner(ctx: WriteContext, input: ParsedInputOf<'owners.verify'>): OwnerMatrix {
  verifyOwnerOnly(ctx, input);
  return ownerMatrix(ctx, input.siteId);
}

/** The change alone, without reading the matrix back (bulk callers such as the seed). */
export function verifyOwnerOnly(ctx: WriteContext, input: ParsedInputOf<'owners.verify'>): void {
  mutate(ctx, 'owner_assignment', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'changing its owners');
    const before = current(ctx, input.siteId, input.responsibility);
    const label = responsibilityLabel(input.responsibility);
    if (!before) throw refused(`Nobody is assigned to ${label} on “${site.name}”: assign an owner before verifying.`);
    const verifier = assertUsablePerson(ctx, input.verifiedById, 'verifier', 'verifiedById');
    // A verification is someone else's confirmation that the owner can do the job, never the owner's own word.
    if (input.verifiedById === before.ownerId) {
      throw refusedOn(
        'verifiedById',
        `${before.ownerName} cannot verify themselves as ${responsibilityOwner(input.responsibility)}: someone else confirms that they can do the job.`,
        `Choose someone other than ${before.ownerName}, the owner.`,
      );
    }
    tx.update(ownerAssignments)
      .set({
        verifiedAt: at,
        verifiedById: input.verifiedById,
        note: input.note ?? before.note,
        updatedAt: at,
        version: before.version + 1,
      })
      .where(sql`id = ${before.id}`)
      .run();
    const after = current(ctx, input.siteId, input.responsibility)!;
    recordChange(tx, ctx, at, {
      entity: 'owner_assignment',
      entityId: before.id,
      siteId: input.siteId,
      action: 'verify',
      summary: `${responsibilityOwner(input.responsibility)} ${before.ownerName} of “${site.name}” verified by ${verifier.name}`,
      before,
      after,
    });
    return { id: before.id };
  });
}

export function unassignOwner(ctx: WriteContext, input: ParsedInputOf<'owners.unassign'>): OwnerMatrix {
  unassignOwnerOnly(ctx, input);
  return ownerMatrix(ctx, input.siteId);
}

/** The change alone, without reading the matrix back (bulk callers such as the seed). */
export function unassignOwnerOnly(ctx: WriteContext, input: ParsedInputOf<'owners.unassign'>): void {
  mutate(ctx, 'owner_assignment', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'changing its owners');
    const before = current(ctx, input.siteId, input.responsibility);
    const label = responsibilityLabel(input.responsibility);
    if (!before) throw refused(`Nobody is assigned to ${label} on “${site.name}”.`);
    tx.update(ownerAssignments)
      .set({ archivedAt: at, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${before.id}`)
      .run();
    recordChange(tx, ctx, at, {
      entity: 'owner_assignment',
      entityId: before.id,
      siteId: input.siteId,
      action: 'unassign',
      summary: `${before.ownerName} removed as ${responsibilityOwner(input.responsibility)} of “${site.name}”`,
      before,
    });
    return { id: before.id };
  });
}
