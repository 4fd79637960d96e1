/**
 * One bulk change made to one site: the would-be input of the channel a single edit uses, checked by
 * that channel's own contract schema and the one secret scan, then handed to the same service. So a
 * bulk change obeys every rule, gate and consequence of the single edit by construction. A refusal is
 * thrown (the caller rolls the site back and reports it); what is already so is answered `unchanged`.
 */
import { sql } from 'drizzle-orm';
import { contract, type Channel, type ParsedInputOf } from '@core/contract/index';
import { BULK_FIELD_LABEL, type BulkAction } from '@core/contract/bulk';
import type { Site } from '@core/contract/sites';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import { STAGE_LABEL } from '@core/domain/stages';
import { ROLE_LABEL } from '@core/playbook/vocabulary';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WriteContext } from '../rpc/context';
import { findInputSecrets } from '../rpc/input-secrets';
import { refused } from './errors';
import { addOperator } from './operators';
import { assignOwnerOnly } from './owners';
import { updateSite } from './sites';
import { getSite } from './sites-list';
import { changeStage } from './sites-stage';

export interface Attempt {
  outcome: 'changed' | 'unchanged';
  detail: string;
}

/** A refusal that came from the contract or the secret scan, as the registry would answer the form. */
function invalid(message: string, issues: { path: string; message: string }[]): WorkbenchError {
  return new WorkbenchError(ErrorCode.INVALID_INPUT, message, { issues });
}

/** `raw` checked as the registry checks a call of `channel`: its schema, then the secret scan. */
export function checkedInput<C extends Channel>(channel: C, raw: unknown): ParsedInputOf<C> {
  const parsed = contract[channel].input.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw invalid(issues.map((i) => i.message).join(' '), issues);
  }
  const secrets = findInputSecrets(channel, parsed.data, raw);
  if (secrets) throw invalid(secrets.message, secrets.issues);
  return parsed.data as ParsedInputOf<C>;
}

const shown = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '(empty)' : v);

function personName(ctx: WriteContext, id: string): string {
  return ctx.db.get<{ name: string }>(sql`SELECT name FROM people WHERE id = ${id}`)?.name ?? 'someone removed';
}

function assignOwner(ctx: WriteContext, site: Site, a: Extract<BulkAction, { kind: 'assignOwner' }>): Attempt {
  const label = responsibilityOwner(a.responsibility);
  const now = ctx.db.get<{ owner_id: string; owner_name: string; backup_owner_id: string | null; note: string | null }>(
    sql`SELECT oa.owner_id, p.name AS owner_name, oa.backup_owner_id, oa.note FROM owner_assignments oa JOIN people p ON p.id = oa.owner_id
        WHERE oa.site_id = ${site.id} AND oa.responsibility = ${a.responsibility} AND oa.archived_at IS NULL`,
  );
  // No backup chosen keeps the one there is, unless that person becomes the owner.
  const backup = a.backupOwnerId ?? (now?.backup_owner_id && now.backup_owner_id !== a.ownerId ? now.backup_owner_id : null);
  if (now && now.owner_id === a.ownerId && now.backup_owner_id === backup) {
    return { outcome: 'unchanged', detail: `${label} is already ${now.owner_name}.` };
  }
  const input = checkedInput('owners.assign', {
    siteId: site.id,
    responsibility: a.responsibility,
    ownerId: a.ownerId,
    backupOwnerId: backup,
    note: now?.note ?? null,
  });
  assignOwnerOnly(ctx, input);
  const owner = personName(ctx, a.ownerId);
  const change = now && now.owner_id !== a.ownerId ? `${now.owner_name} → ${owner}` : now ? owner : `(none) → ${owner}`;
  const backupNote = backup && backup !== now?.backup_owner_id ? `, backup ${personName(ctx, backup)}` : '';
  return { outcome: 'changed', detail: `${label}: ${change}${backupNote}` };
}

function setField(ctx: WriteContext, site: Site, a: Extract<BulkAction, { kind: 'setField' }>): Attempt {
  const label = BULK_FIELD_LABEL[a.field];
  const before = site[a.field];
  if ((before ?? null) === (a.value ?? null)) return { outcome: 'unchanged', detail: `${label} is already ${shown(before)}.` };
  // The record as the form would send it, with the one field changed: every field rule applies.
  const input = checkedInput('sites.update', { ...site, [a.field]: a.value, id: site.id, version: site.version });
  const after = updateSite(ctx, input);
  return { outcome: 'changed', detail: `${label}: ${shown(before)} → ${shown(after[a.field])}` };
}

function addOperators(ctx: WriteContext, site: Site, a: Extract<BulkAction, { kind: 'addOperators' }>): Attempt {
  const role = ROLE_LABEL[a.role];
  const added: string[] = [];
  const already: string[] = [];
  for (const personId of [...new Set(a.personIds)]) {
    const there = ctx.db.get<{ found: number }>(
      sql`SELECT 1 AS found FROM operators WHERE site_id = ${site.id} AND person_id = ${personId} AND role = ${a.role} AND archived_at IS NULL`,
    );
    if (there) {
      already.push(personName(ctx, personId));
      continue;
    }
    const op = addOperator(ctx, checkedInput('operators.add', { siteId: site.id, personId, role: a.role }));
    added.push(op.personName);
  }
  const alreadyNote = already.length ? `${already.join(', ')} ${already.length === 1 ? 'is' : 'are'} already ${role}` : '';
  if (!added.length) return { outcome: 'unchanged', detail: `${alreadyNote}.` };
  return { outcome: 'changed', detail: `Added ${added.join(', ')} as ${role}${alreadyNote ? `; ${alreadyNote}` : ''}` };
}

function moveStage(ctx: WriteContext, site: Site, a: Extract<BulkAction, { kind: 'changeStage' }>): Attempt {
  if (site.stage === a.to) return { outcome: 'unchanged', detail: `Already in ${STAGE_LABEL[a.to]}.` };
  const input = checkedInput('sites.changeStage', { siteId: site.id, version: site.version, to: a.to, overrideReason: a.overrideReason });
  const mark = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM gate_overrides WHERE site_id = ${site.id}`)!.n;
  changeStage(ctx, input);
  const overridden = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM gate_overrides WHERE site_id = ${site.id}`)!.n > mark;
  return { outcome: 'changed', detail: `${STAGE_LABEL[site.stage]} → ${STAGE_LABEL[a.to]}${overridden ? ' (gates overridden, reason recorded)' : ''}` };
}

/**
 * Makes `action` on one site through the single-edit services. Call it inside a transaction of the
 * site's own (the caller's), so a site whose second write is refused keeps none of its first.
 */
export function attemptOnSite(ctx: WriteContext, siteId: string, action: BulkAction): Attempt {
  const site = getSite(ctx, siteId);
  if (site.archivedAt) throw refused(`“${site.name}” is archived: restore it before changing it.`);
  switch (action.kind) {
    case 'assignOwner':
      return assignOwner(ctx, site, action);
    case 'setField':
      return setField(ctx, site, action);
    case 'addOperators':
      return addOperators(ctx, site, action);
    case 'changeStage':
      return moveStage(ctx, site, action);
  }
}
