/**
 * The setup-record rule of core/domain/setup-record.ts written as SQL, for filters that must run in
 * the database (the Sites list's "incomplete" filter over a whole portfolio). Generated from the same
 * field list and owner responsibility, so a field added to the rule is added here too;
 * tests/db/setup-record-sql.test.ts checks both give the same answer for every combination.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { REQUIRED_SETUP_FIELDS, SETUP_OWNER_RESPONSIBILITY } from '@core/domain/setup-record';
import { sites } from '@db/schema/index';

const columns = getTableColumns(sites);

/** True when the site (aliased `alias` in the query) has an active setup owner. */
export function hasSetupOwnerSql(alias = 's'): SQL {
  return sql`EXISTS (SELECT 1 FROM owner_assignments oa WHERE oa.site_id = ${sql.raw(`${alias}.id`)} AND oa.archived_at IS NULL AND oa.responsibility = ${SETUP_OWNER_RESPONSIBILITY})`;
}

/** True when the site's setup record is incomplete: a required field blank or no setup owner. */
export function incompleteSetupSql(alias = 's'): SQL {
  const blank = REQUIRED_SETUP_FIELDS.map((f) => sql.raw(`coalesce(${alias}.${columns[f.key].name}, '') = ''`));
  return sql`(${sql.join([...blank, sql`NOT ${hasSetupOwnerSql(alias)}`], sql` OR `)})`;
}
