/**
 * Where a readiness-gate reason is fixed: the site tab (or the Playbook, for the whole workspace)
 * that holds what the reason asks for. Reasons are the plain-word texts of readiness.ts, with or
 * without their gate label in front.
 */
import { GATE_LABEL } from './readiness';

export const FIX_PLACES = ['owners', 'setup', 'readiness', 'documents', 'reviews', 'playbook'] as const;
export type FixPlace = (typeof FIX_PLACES)[number];

export const FIX_PLACE_LABEL: Record<FixPlace, string> = {
  owners: 'Owners tab',
  setup: 'Setup record tab',
  readiness: 'Readiness tab',
  documents: 'Documents tab',
  reviews: 'Reviews tab',
  playbook: 'Playbook',
};

/** What a lead does there, in a few words. */
export const FIX_PLACE_ACTION: Record<FixPlace, string> = {
  owners: 'assign or verify owners',
  setup: 'complete the setup record',
  readiness: 'record the checklist item',
  documents: 'export the final rollback plan, record backups and rehearsals',
  reviews: 'finish the first-week review',
  playbook: 'publish the missing SOPs',
};

/** The route of a fix place for one site (the Playbook is the same for every site). */
export function fixRoute(place: FixPlace, siteId: string): string {
  return place === 'playbook' ? '/playbook' : `/sites/${siteId}/${place}`;
}

export function fixPlace(reason: string): FixPlace {
  const gate = Object.values(GATE_LABEL).find((g) => reason.startsWith(`${g}: `));
  const text = gate ? reason.slice(gate.length + 2) : reason;
  // A recorded checklist item is quoted by its title, whatever words the title holds.
  if (/^“/.test(text)) return 'readiness';
  if (/^The setup record is incomplete/.test(text)) return 'setup';
  if (/rollback plan|rollback facts/i.test(text)) return 'documents';
  // Backups and restore rehearsals are recorded on the Documents tab, next to the rollback plan.
  if (/^(No backup is recorded|The last backup|No restore rehearsal|The last (passed )?restore rehearsal)/.test(text)) return 'documents';
  if (/first-week review/i.test(text)) return 'reviews';
  if (/no SOP for a role/i.test(text)) return 'playbook';
  if (/\bowner\b/.test(text)) return 'owners';
  return 'readiness';
}
