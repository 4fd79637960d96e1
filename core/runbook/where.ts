/**
 * Where the app records each runbook fact and list, for the "fix" of a document's missing parts and
 * for the headings of the screens that edit them: the Documents tab's runbook editor, its backups and
 * rehearsals panel, and the agency template in Settings. The screens build their headings from these
 * same words, so a missing part always names what the person sees.
 */
import { RUNBOOK_FIELDS, RUNBOOK_GROUP_LABEL, RUNBOOK_LIST_LABEL, type RunbookFieldInfo, type RunbookFieldKey, type RunbookList } from './registry';

/** The words of the places: tab, headings and buttons. */
export const RUNBOOK_WHERE = {
  /** The site's tab that holds the runbook and the documents. */
  siteTab: 'Documents tab',
  /** The heading of the runbook editor on that tab (facts by group, then the lists). */
  runbook: 'Runbook',
  /** The heading of the panel with the last backup, the rehearsals and the known-good state. */
  backupsAndRehearsals: 'Backups and rehearsals',
  recordBackup: 'Record backup',
  recordRehearsal: 'Record rehearsal',
  recordKnownGood: 'Record current versions as known good',
  /** Where the agency's template for every site is edited. */
  template: 'Settings → Runbook template',
  /** Where one client's overrides are edited. */
  client: "The client's page → Runbook",
} as const;

const templateHint = ` (or for every site: ${RUNBOOK_WHERE.template})`;
const runbookPlace = `${RUNBOOK_WHERE.siteTab} → ${RUNBOOK_WHERE.runbook}`;
const backupsPlace = `${RUNBOOK_WHERE.siteTab} → ${RUNBOOK_WHERE.backupsAndRehearsals}`;

/** "Documents tab → Runbook → Backups: Where the backups are (or for every site: Settings → Runbook template)". */
export function whereField(key: RunbookFieldKey): string {
  const f: RunbookFieldInfo = RUNBOOK_FIELDS[key];
  return `${runbookPlace} → ${RUNBOOK_GROUP_LABEL[f.group]}: ${f.label}${f.siteOnly ? '' : templateHint}`;
}

/** "Documents tab → Runbook → Severity levels (or for every site: Settings → Runbook template)". */
export function whereList(list: RunbookList): string {
  return `${runbookPlace} → ${RUNBOOK_LIST_LABEL[list]}${templateHint}`;
}

/** "Documents tab → Runbook → Vendor contacts: <what> (or for every site: …)". */
export function whereListWith(list: RunbookList, what: string): string {
  return `${runbookPlace} → ${RUNBOOK_LIST_LABEL[list]}: ${what}${templateHint}`;
}

export const WHERE_BACKUP = `${backupsPlace}: ${RUNBOOK_WHERE.recordBackup}`;
export const WHERE_REHEARSAL = `${backupsPlace}: ${RUNBOOK_WHERE.recordRehearsal}`;
export const WHERE_KNOWN_GOOD = `${backupsPlace}: ${RUNBOOK_WHERE.recordKnownGood} (once the site works)`;
