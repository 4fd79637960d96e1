/**
 * `documents.facts`, `documents.markKnownGood`: a site's known-good state (the versions that worked,
 * WooCommerce's too), which the rollback plan and handover runbook print. The other runbook facts,
 * backups and rehearsals are in runbook*.ts.
 */
import { sql } from 'drizzle-orm';
import type { RunbookFacts } from '@core/contract/documents';
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
  known_good_woocommerce: string | null;
  known_good_theme: string | null;
  known_good_host: string | null;
  known_good_recorded_on: string | null;
  version: number;
}

export function getFacts(ctx: Pick<HandlerContext, 'db'>, siteId: string): RunbookFacts {
  requireSite(ctx, siteId);
  const r = ctx.db.get<FactsRow>(sql`SELECT * FROM site_runbook_facts WHERE site_id = ${siteId}`);
  return {
    siteId,
    knownGood: r?.known_good_recorded_on
      ? {
          sophmateVersion: r.known_good_sophmate,
          wordpressVersion: r.known_good_wordpress,
          phpVersion: r.known_good_php,
          woocommerceVersion: r.known_good_woocommerce,
          activeTheme: r.known_good_theme,
          host: r.known_good_host,
          recordedOn: r.known_good_recorded_on,
        }
      : null,
    version: r?.version ?? 0,
  };
}

function upsertFacts(tx: WritableDb, ctx: HandlerContext, siteId: string, at: string, values: Partial<typeof siteRunbookFacts.$inferInsert>) {
  const current = getFacts(ctx, siteId);
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

export function markKnownGood(ctx: WriteContext, siteId: string): RunbookFacts {
  mutate(ctx, 'site', (tx, at) => {
    requireSiteForWrite(ctx, siteId, 'recording its known-good state');
    const site = getSite(ctx, siteId);
    if (!site.sophmateVersion || !site.wordpressVersion || !site.phpVersion) {
      throw refused(`Record the SophMate, WordPress and PHP versions of “${site.name}” first: known-good means the versions that work.`);
    }
    const values = {
      knownGoodSophmate: site.sophmateVersion,
      knownGoodWordpress: site.wordpressVersion,
      knownGoodPhp: site.phpVersion,
      knownGoodWoocommerce: site.woocommerceVersion,
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
      summary: `Known-good state of “${site.name}” recorded: SophMate ${site.sophmateVersion}, WordPress ${site.wordpressVersion}, PHP ${site.phpVersion}${
        site.woocommerceVersion ? `, WooCommerce ${site.woocommerceVersion}` : ''
      }`,
      after: values,
    });
    return { id: site.id };
  });
  return getFacts(ctx, siteId);
}
