import type { Responsibility } from './responsibilities';

/**
 * The setup record a site needs before rollout (docs/ARCHITECTURE.md, "The domain the code relies on"): setup owner, production URL, staging URL,
 * SophMate, WordPress and PHP versions and the active theme. Host, provider and WooCommerce version
 * are useful but do not make a record incomplete.
 */
export const REQUIRED_SETUP_FIELDS = [
  { key: 'productionUrl', label: 'Production URL' },
  { key: 'stagingUrl', label: 'Staging URL' },
  { key: 'sophmateVersion', label: 'SophMate version' },
  { key: 'wordpressVersion', label: 'WordPress version' },
  { key: 'phpVersion', label: 'PHP version' },
  { key: 'activeTheme', label: 'Active theme' },
] as const;

/** The owner responsibility a complete setup record needs assigned. */
export const SETUP_OWNER_RESPONSIBILITY: Responsibility = 'setup';

export type SetupFieldKey = (typeof REQUIRED_SETUP_FIELDS)[number]['key'];

export interface SetupRecordFacts {
  productionUrl: string | null;
  stagingUrl: string | null;
  sophmateVersion: string | null;
  wordpressVersion: string | null;
  phpVersion: string | null;
  activeTheme: string | null;
  hasSetupOwner: boolean;
}

/**
 * Labels of what is missing, in the order a person fills the form; empty when complete. A blank text
 * counts as missing. The Sites list's "incomplete" filter is this rule written as SQL
 * (main/services/setup-record-sql.ts); a test holds the two to the same answer for every combination.
 */
export function missingSetupFields(site: SetupRecordFacts): string[] {
  const missing: string[] = REQUIRED_SETUP_FIELDS.filter((f) => !site[f.key]).map((f) => f.label);
  if (!site.hasSetupOwner) missing.push('Setup owner');
  return missing;
}
