/** Changing sites: create, edit (the stage changes only through Change stage, which checks the gates), archive and restore. */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Site } from '@core/contract/sites';
import { isNewSiteStage, NEW_SITE_STAGE_RULE, STAGE_LABEL } from '@core/domain/stages';
import { newId } from '@db/ids';
import { live } from '@db/queries/sql';
import { sites } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { duplicate, refused, staleVersion } from './errors';
import { onSiteCreated, onSiteEdited } from './reviews-plan';
import { getSite } from './sites-list';

function assertUrlFree(ctx: HandlerContext, url: string, exceptId?: string) {
  const other = ctx.db.get<{ name: string; client_name: string }>(
    sql`SELECT s.name, c.name AS client_name FROM sites s JOIN clients c ON c.id = s.client_id
        WHERE lower(s.production_url) = lower(${url}) AND ${live('s')} AND s.id IS NOT ${exceptId ?? null}`,
  );
  if (other) {
    throw duplicate(
      `${url} is already the production URL of “${other.name}” (${other.client_name}). Open that site instead, or archive it first.`,
      'productionUrl',
    );
  }
}

function assertClientActive(ctx: HandlerContext, clientId: string) {
  const c = ctx.db.get<{ name: string; archived_at: string | null }>(sql`SELECT name, archived_at FROM clients WHERE id = ${clientId}`);
  if (!c) throw duplicate('The chosen client does not exist: choose another client.', 'clientId');
  if (c.archived_at) throw refused(`Client “${c.name}” is archived: restore the client first, or choose another.`);
}

const FIELD_LABELS: Partial<Record<keyof Site, string>> = {
  name: 'name',
  clientName: 'client',
  productionUrl: 'production URL',
  stagingUrl: 'staging URL',
  sophmateVersion: 'SophMate',
  wordpressVersion: 'WordPress',
  phpVersion: 'PHP',
  woocommerceVersion: 'WooCommerce',
  activeTheme: 'theme',
  host: 'host',
  aiProvider: 'AI provider',
  stage: 'stage',
  notes: 'notes',
};

function describeEdit(before: Site, after: Site): string {
  const parts: string[] = [];
  for (const [key, label] of Object.entries(FIELD_LABELS) as [keyof Site, string][]) {
    if (before[key] === after[key]) continue;
    if (key === 'notes') parts.push('notes edited');
    else if (key === 'stage') parts.push(`stage ${STAGE_LABEL[before.stage]} → ${STAGE_LABEL[after.stage]}`);
    else parts.push(`${label} ${before[key] ?? '—'} → ${after[key] ?? '—'}`);
  }
  return parts.length ? `Edited “${after.name}”: ${parts.join(', ')}` : `Saved “${after.name}” without changes`;
}

type SiteFields = Omit<ParsedInputOf<'sites.create'>, 'stage'>;
function columns(input: SiteFields) {
  return {
    clientId: input.clientId,
    name: input.name,
    productionUrl: input.productionUrl,
    stagingUrl: input.stagingUrl,
    sophmateVersion: input.sophmateVersion,
    wordpressVersion: input.wordpressVersion,
    phpVersion: input.phpVersion,
    woocommerceVersion: input.woocommerceVersion,
    activeTheme: input.activeTheme,
    host: input.host,
    aiProvider: input.aiProvider,
    notes: input.notes,
  };
}

export function createSite(ctx: WriteContext, input: ParsedInputOf<'sites.create'>): Site {
  return mutate(ctx, 'site', (tx, at) => {
    if (!isNewSiteStage(input.stage)) throw refused(NEW_SITE_STAGE_RULE);
    assertClientActive(ctx, input.clientId);
    assertUrlFree(ctx, input.productionUrl);
    const id = newId();
    tx.insert(sites)
      .values({ id, ...columns(input), stage: input.stage, createdAt: at, updatedAt: at })
      .run();
    const after = getSite(ctx, id);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: id,
      siteId: id,
      action: 'create',
      summary: `Created site “${after.name}” (${after.productionUrl})`,
      after,
    });
    onSiteCreated(tx, ctx, at, after);
    return after;
  });
}

export function updateSite(ctx: WriteContext, input: ParsedInputOf<'sites.update'>): Site {
  return mutate(ctx, 'site', (tx, at) => {
    const before = getSite(ctx, input.id);
    if (before.version !== input.version) throw staleVersion('Site', before.name);
    if (before.archivedAt) throw refused(`“${before.name}” is archived: restore it before editing.`);
    if (input.stage !== before.stage) {
      throw refused(`The stage changes only through Change stage, which checks the readiness gates (“${before.name}” is in ${STAGE_LABEL[before.stage]}).`);
    }
    if (input.clientId !== before.clientId) assertClientActive(ctx, input.clientId);
    assertUrlFree(ctx, input.productionUrl, input.id);
    tx.update(sites)
      .set({ ...columns(input), stage: input.stage, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getSite(ctx, input.id);
    onSiteEdited(tx, ctx, at, after, before, after);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: input.id,
      siteId: input.id,
      action: 'update',
      summary: describeEdit(before, after),
      before,
      after,
    });
    return after;
  });
}

export function setSiteArchived(ctx: WriteContext, input: { id: string; version?: number | undefined }, archive: boolean): Site {
  return mutate(ctx, 'site', (tx, at) => {
    const before = getSite(ctx, input.id);
    if (input.version !== undefined && before.version !== input.version) throw staleVersion('Site', before.name);
    if (archive === Boolean(before.archivedAt)) return before;
    if (!archive) {
      assertClientActive(ctx, before.clientId);
      assertUrlFree(ctx, before.productionUrl, before.id);
    }
    tx.update(sites)
      .set({ archivedAt: archive ? at : null, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getSite(ctx, input.id);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: input.id,
      siteId: input.id,
      action: archive ? 'archive' : 'restore',
      summary: `${archive ? 'Archived' : 'Restored'} site “${after.name}”`,
      before,
      after,
    });
    return after;
  });
}
