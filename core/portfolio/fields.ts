/**
 * What a portfolio spreadsheet can hold, per kind of record: the fields an import maps columns to,
 * the words a header may use for each (for suggestions), and the header the workbench's own export
 * writes (its preset). One list serves the import mapping, the exports and the presets, so a column
 * the export writes is always a column the import reads back.
 */
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '../domain/responsibilities';

export const IMPORT_KINDS = ['sites', 'clients', 'people', 'owners'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABEL: Record<ImportKind, string> = {
  sites: 'Sites (with their client and owners)',
  clients: 'Clients',
  people: 'People',
  owners: 'Owner assignments',
};

export interface ImportField {
  /** The mapping key: `name`, `productionUrl`, `owner.hosting`… */
  key: string;
  /** The header the workbench's export writes, and the label the mapping step shows. */
  label: string;
  required?: boolean;
  /** Other header names that mean this field, compared after `headerKey` folding. */
  synonyms: readonly string[];
  /** What a cell holds, for the mapping step's hint. */
  hint?: string;
}

const ownerHint = 'An email, “Name <email>”, or the name of one person in the workspace.';

/** Owner and backup-owner columns of a sites sheet, one pair per responsibility. */
export const ownerKey = (r: Responsibility) => `owner.${r}`;
export const backupKey = (r: Responsibility) => `backup.${r}`;
/** "Hosting owner"; the primary responsibility's label already says "owner" ("Primary owner"). */
const ownerWord = (r: Responsibility) => RESPONSIBILITY_INFO[r].label.replace(/ owner$/i, '');
export const ownerHeader = (r: Responsibility) => `${ownerWord(r)} owner`;
export const backupHeader = (r: Responsibility) => `${ownerWord(r)} backup owner`;

function ownerFields(): ImportField[] {
  return RESPONSIBILITIES.flatMap((r) => {
    const label = RESPONSIBILITY_INFO[r].label;
    const words =
      r === 'primary'
        ? ['Primary', 'Owner', 'Account owner', 'Site owner']
        : [label, `${label} contact`, `${label} owner email`, `Owner ${label}`, `Owner: ${label}`];
    return [
      { key: ownerKey(r), label: ownerHeader(r), synonyms: words, hint: ownerHint },
      {
        key: backupKey(r),
        label: backupHeader(r),
        synonyms: [`${label} backup`, `Backup ${label}`, `${label} backup owner email`, `Backup: ${label}`],
        hint: ownerHint,
      },
    ];
  });
}

export const SITE_FIELDS: readonly ImportField[] = [
  { key: 'client', label: 'Client', required: true, synonyms: ['Client name', 'Customer', 'Company', 'Account', 'Organisation', 'Organization'] },
  { key: 'name', label: 'Site', required: true, synonyms: ['Site name', 'Website', 'Website name', 'Name', 'Title', 'Site title'] },
  {
    key: 'productionUrl',
    label: 'Production URL',
    required: true,
    synonyms: ['URL', 'Site URL', 'Website URL', 'Live URL', 'Domain', 'Address', 'Home URL', 'Production'],
    hint: 'https://… (an address without https:// gets it).',
  },
  { key: 'stagingUrl', label: 'Staging URL', synonyms: ['Staging', 'Staging site', 'Test URL', 'Dev URL'] },
  { key: 'sophmateVersion', label: 'SophMate version', synonyms: ['SophMate', 'Plugin version', 'SophMate plugin version'] },
  { key: 'wordpressVersion', label: 'WordPress version', synonyms: ['WordPress', 'WP', 'WP version', 'WP core', 'Core version'] },
  { key: 'phpVersion', label: 'PHP version', synonyms: ['PHP'] },
  { key: 'woocommerceVersion', label: 'WooCommerce version', synonyms: ['WooCommerce', 'WC version', 'Woo version'] },
  { key: 'activeTheme', label: 'Active theme', synonyms: ['Theme', 'Theme name'] },
  { key: 'host', label: 'Host', synonyms: ['Hosting', 'Hosting provider', 'Hosting company', 'Server', 'Web host'] },
  { key: 'aiProvider', label: 'AI provider', synonyms: ['Provider', 'AI', 'LLM provider', 'Model provider'] },
  { key: 'stage', label: 'Stage', synonyms: ['Rollout stage', 'Status'], hint: 'Planning or Setup for a new site; other stages move through Change stage.' },
  { key: 'notes', label: 'Notes', synonyms: ['Note', 'Comments', 'Comment', 'Description'] },
  ...ownerFields(),
];

export const CLIENT_FIELDS: readonly ImportField[] = [
  { key: 'name', label: 'Client', required: true, synonyms: ['Client name', 'Name', 'Customer', 'Company', 'Organisation', 'Organization', 'Account'] },
  { key: 'notes', label: 'Notes', synonyms: ['Note', 'Comments', 'Description'] },
];

export const PEOPLE_FIELDS: readonly ImportField[] = [
  { key: 'name', label: 'Name', required: true, synonyms: ['Full name', 'Person', 'Contact', 'Contact name', 'Display name'] },
  { key: 'email', label: 'Email', required: true, synonyms: ['Email address', 'E-mail', 'Mail', 'Work email'] },
  {
    key: 'organisation',
    label: 'Organisation',
    synonyms: ['Organization', 'Works for', 'Type', 'Side'],
    hint: 'Agency or Client (Client when a client is given).',
  },
  { key: 'client', label: 'Client', synonyms: ['Client name', 'Company', 'Customer'] },
  { key: 'phone', label: 'Phone', synonyms: ['Phone number', 'Telephone', 'Mobile', 'Tel'] },
  { key: 'active', label: 'Active', synonyms: ['Status', 'Enabled'], hint: 'Yes or No (empty: Yes).' },
];

export const OWNER_FIELDS: readonly ImportField[] = [
  { key: 'productionUrl', label: 'Production URL', required: true, synonyms: ['URL', 'Site URL', 'Website URL', 'Domain'] },
  { key: 'site', label: 'Site', synonyms: ['Site name', 'Website'], hint: 'Shown only: sites are matched by production URL.' },
  { key: 'responsibility', label: 'Responsibility', required: true, synonyms: ['Role', 'Area', 'Duty'] },
  { key: 'owner', label: 'Owner', required: true, synonyms: ['Owner email', 'Owner name', 'Assigned to', 'Person'], hint: ownerHint },
  { key: 'backupOwner', label: 'Backup owner', synonyms: ['Backup', 'Backup email', 'Deputy', 'Second'], hint: ownerHint },
  { key: 'note', label: 'Note', synonyms: ['Notes', 'Comment'] },
];

export const FIELDS_OF: Record<ImportKind, readonly ImportField[]> = {
  sites: SITE_FIELDS,
  clients: CLIENT_FIELDS,
  people: PEOPLE_FIELDS,
  owners: OWNER_FIELDS,
};

export function fieldOf(kind: ImportKind, key: string): ImportField | undefined {
  return FIELDS_OF[kind].find((f) => f.key === key);
}

/**
 * Columns the workbench's exports write that an import never reads (figures the workbench works out),
 * per kind: the mapping step names them as "worked out by the workbench", never as unknown.
 */
export const COMPUTED_COLUMNS: Record<ImportKind, readonly string[]> = {
  sites: ['Owner gaps', 'Unverified owners', 'Missing setup', 'Paused', 'Archived'],
  clients: ['Sites', 'Archived'],
  people: ['Owner assignments', 'Archived'],
  owners: ['Verified', 'Verified by', 'Owner active'],
};

/**
 * Headers that name credentials (a dashboard's export of its connection details): never imported,
 * whatever the mapping says, and named in the preview so the user knows they were left out.
 */
const CREDENTIAL_HEADER = /pass(word|wd|phrase)?\b|secret|token|api[\s_-]?key|security[\s_-]?id|private[\s_-]?key|\bauth\b|credential|\bpin\b|otp|2fa/i;

export function isCredentialHeader(header: string): boolean {
  return CREDENTIAL_HEADER.test(header);
}

/** A header as suggestions compare it: lower case, accents and punctuation gone, one space between words. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Spreadsheet words for yes and no (the Active column). */
export function parseYesNo(cell: string): boolean | null {
  const v = headerKey(cell);
  if (['yes', 'y', 'true', '1', 'active', 'enabled', 'x', 'ja', 'oui', 'si', 'sí'].includes(v)) return true;
  if (['no', 'n', 'false', '0', 'inactive', 'disabled', 'nein', 'non'].includes(v)) return false;
  return null;
}
