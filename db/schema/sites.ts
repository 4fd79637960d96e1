import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLLOUT_STAGES } from '@core/domain/stages';
import { clients } from './clients';
import { sqlValues, syncColumns } from './common';

export const sites = sqliteTable(
  'sites',
  {
    ...syncColumns(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    productionUrl: text('production_url').notNull(),
    stagingUrl: text('staging_url'),
    sophmateVersion: text('sophmate_version'),
    wordpressVersion: text('wordpress_version'),
    phpVersion: text('php_version'),
    woocommerceVersion: text('woocommerce_version'),
    activeTheme: text('active_theme'),
    host: text('host'),
    aiProvider: text('ai_provider'),
    stage: text('stage', { enum: ROLLOUT_STAGES }).notNull().default('planning'),
    notes: text('notes'),
    archivedAt: text('archived_at'),
  },
  (t) => [
    // Archived sites keep their URL, so a site can be re-created after the old record is archived.
    uniqueIndex('sites_production_url_unique')
      .on(sql`lower(${t.productionUrl})`)
      .where(sql`${t.archivedAt} is null`),
    index('sites_client_idx').on(t.clientId),
    index('sites_name_idx').on(sql`${t.name} collate nocase`),
    index('sites_stage_idx').on(t.stage),
    // The Sites list's pages (migration 0012, docs/ARCHITECTURE.md "Reading fast").
    index('sites_live_name_idx')
      .on(sql`${t.name} collate nocase`, t.id)
      .where(sql`${t.archivedAt} is null`),
    index('sites_live_updated_idx')
      .on(t.updatedAt, sql`${t.name} collate nocase`, t.id)
      .where(sql`${t.archivedAt} is null`),
    index('sites_archived_name_idx')
      .on(sql`${t.name} collate nocase`, t.id)
      .where(sql`${t.archivedAt} is not null`),
    index('sites_live_stage_idx')
      .on(t.stage)
      .where(sql`${t.archivedAt} is null`),
    check('sites_stage_valid', sql`${t.stage} in (${sqlValues(ROLLOUT_STAGES)})`),
    check('sites_production_https', sql`${t.productionUrl} like 'https://%'`),
    check('sites_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);
