import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS } from '@core/documents/model';
import { sqlValues, syncColumns } from './common';
import { sites } from './sites';

/**
 * A site's known-good state and last backup day. One row per site; each column one fact. Known-good
 * versions are a copy of the setup record taken when someone confirms the site works ("record
 * current versions as known good"). The other runbook facts are in runbook.ts.
 */
export const siteRunbookFacts = sqliteTable(
  'site_runbook_facts',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    knownGoodSophmate: text('known_good_sophmate'),
    knownGoodWordpress: text('known_good_wordpress'),
    knownGoodPhp: text('known_good_php'),
    knownGoodWoocommerce: text('known_good_woocommerce'),
    knownGoodTheme: text('known_good_theme'),
    knownGoodHost: text('known_good_host'),
    knownGoodRecordedOn: text('known_good_recorded_on'),
    /** The day of the last backup taken or checked (runbook.recordBackup); the other facts are in runbook_values. */
    lastBackupOn: text('last_backup_on'),
  },
  (t) => [uniqueIndex('site_runbook_facts_one_per_site').on(t.siteId)],
);

/** Every document generated for a site: what, in which format, its content hash, and whether the client got it. */
export const generatedDocuments = sqliteTable(
  'generated_documents',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    format: text('format', { enum: DOCUMENT_FORMATS }).notNull(),
    final: integer('final', { mode: 'boolean' }).notNull(),
    contentHash: text('content_hash').notNull(),
    /** Section title -> lines, as JSON: what "changed since the client's version" compares against. */
    outline: text('outline').notNull(),
    missingCount: integer('missing_count').notNull(),
    fileName: text('file_name').notNull(),
    generatedAt: text('generated_at').notNull(),
    generatedBy: text('generated_by').notNull(),
  },
  (t) => [
    index('generated_documents_site').on(t.siteId, t.kind, t.generatedAt),
    check('generated_documents_kind_valid', sql`${t.kind} in (${sqlValues(DOCUMENT_KINDS)})`),
    check('generated_documents_format_valid', sql`${t.format} in (${sqlValues(DOCUMENT_FORMATS)})`),
    check('generated_documents_final_complete', sql`${t.final} = 0 or ${t.missingCount} = 0`),
  ],
);
