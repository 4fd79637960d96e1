/**
 * Small helpers every document section uses: how an empty value and a day print, the owner of a
 * responsibility at the site and how to reach them, and `needOwner`, which lists a missing or
 * inactive owner once however many sections need it.
 */
import type { Responsibility } from '../../domain/responsibilities';
import { responsibilityOwner } from '../../domain/responsibility-owner';
import type { MissingPart, OwnerFact, SiteSnapshot } from '../model';

export const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

export function owner(s: SiteSnapshot, r: Responsibility): OwnerFact | undefined {
  return s.owners.find((o) => o.responsibility === r && o.name);
}

export function contact(o: OwnerFact | undefined): string {
  if (!o?.name) return 'No owner assigned';
  const parts = [o.name, o.email, o.phone].filter(Boolean).join(', ');
  return `${parts}${o.backupName ? ` (backup: ${o.backupName})` : ''}${o.active ? '' : ' — INACTIVE'}`;
}

export function needOwner(s: SiteSnapshot, missing: MissingPart[], r: Responsibility, why: string) {
  // One line per responsibility, however many sections need it.
  const who = responsibilityOwner(r);
  if (missing.some((m) => m.part.startsWith(`${who} (`) || m.part.startsWith(`An active ${who} (`))) return;
  const o = owner(s, r);
  if (!o) missing.push({ part: `${who} (${why})`, fix: 'Owners tab: assign an owner.' });
  else if (!o.active) missing.push({ part: `An active ${who} (${o.name} is inactive)`, fix: 'Owners tab: assign an active person.' });
}
