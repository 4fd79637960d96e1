/**
 * `documents.facts`, `documents.updateFacts`, `documents.markKnownGood`: a site's rollback and support
 * facts (its known-good versions, backups, rehearsals, diagnostics, vendor support, how to pause), which
 * the rollback plan and handover runbook print.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { RunbookFacts } from '@core/contract/documents';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { siteRunbookFacts } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refused } from './errors';
import { requireSite, requireSiteForWrite } from './records';
import { getSite } from './sites-list';

interface FactsRow {
  known_good_sophmate: string | null;
  known_good_wordpress: string | null;
  known_good_php: string | null;
  known_good_theme: string | null;
  known_good_host: string | null;
  known_good_recorded_on: string | null;
  backup_location: string | null;
  last_backup_on: string | null;
  last_rehearsal_on: string | null;
  diagnostics_location: string | null;
  vendor_support: string | null;
  pause_instructions: string | null;
  version: number;
}

export function getFacts(ctx: HandlerContext, siteId: string): RunbookFacts {
  requireSite(ctx, siteId);
  const r = ctx.db.get<FactsRow>(sql`SELECT * FROM site_runbook_facts WHERE site_id = ${siteId}`);
  return {
    siteId,
    knownGood: r?.known_good_recorded_on
      ? {
          sophmateVersion: r.known_good_sophmate,
          wordpressVersion: r.known_good_wordpress,
          phpVersion: r.known_good_php,
          activeTheme: r.known_good_theme,
          host: r.known_good_host,
          recordedOn: r.known_good_recorded_on,
        }
      : null,
    backupLocation: r?.backup_location ?? null,
    lastBackupOn: r?.last_backup_on ?? null,
    lastRehearsalOn: r?.last_rehearsal_on ?? null,
    diagnosticsLocation: r?.diagnostics_location ?? null,
    vendorSupport: r?.vendor_support ?? null,
    pauseInstructions: r?.pause_instructions ?? null,
    version: r?.version ?? 0,
  };
}

function upsertFacts(
  tx: WritableDb,
  ctx: HandlerContext,
  siteId: string,
  at: string,
  values: Partial<typeof siteRunbookFacts.$inferInsert>,
  expectedVersion?: number,
) {
  const current = getFacts(ctx, siteId);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new WorkbenchError(
      ErrorCode.STALE_VERSION,
      `The rollback and support facts of “${getSite(ctx, siteId).name}” were changed since you opened them. Reload to see the latest, then apply your edit again.`,
    );
  }
  if (current.version === 0)
    tx.insert(siteRunbookFacts)
      .values({ id: newId(), createdAt: at, updatedAt: at, siteId, ...values })
      .run();
  else
    tx.update(siteRunbookFacts)
      .set({ ...values, updatedAt: at, version: current.version + 1 })
      .where(sql`site_id = ${siteId}`)
      .run();
  return current;
}

export function updateFacts(ctx: WriteContext, input: ParsedInputOf<'documents.updateFacts'>): RunbookFacts {
  mutate(ctx, 'site', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'editing its facts');
    const { siteId: _s, version, ...fields } = input;
    const before = upsertFacts(tx, ctx, input.siteId, at, fields, version);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'runbook-facts',
      summary: `Rollback and support facts of “${site.name}” edited`,
      before,
      after: fields,
    });
    return { id: site.id };
  });
  return getFacts(ctx, input.siteId);
}

export function markKnownGood(ctx: WriteContext, siteId: string): RunbookFacts {
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, siteId);
    if (!site.sophmateVersion || !site.wordpressVersion || !site.phpVersion) {
      throw refused(`Record the SophMate, WordPress and PHP versions of “${site.name}” first: known-good means the versions that work.`);
    }
    const values = {
      knownGoodSophmate: site.sophmateVersion,
      knownGoodWordpress: site.wordpressVersion,
      knownGoodPhp: site.phpVersion,
      knownGoodTheme: site.activeTheme,
      knownGoodHost: site.host,
      knownGoodRecordedOn: at.slice(0, 10),
    };
    upsertFacts(tx, ctx, siteId, at, values);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'known-good',
      summary: `Known-good state of “${site.name}” recorded: SophMate ${site.sophmateVersion}, WordPress ${site.wordpressVersion}, PHP ${site.phpVersion}`,
      after: values,
    });
    return { id: site.id };
  });
  return getFacts(ctx, siteId);
}
