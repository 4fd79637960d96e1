/**
 * Who gets which digest today. 'lead': everything to each lead address. 'owners': each owner whose
 * channel is e-mail gets their own reviews; every other review (no owner, an owner on desktop or no
 * reminders) goes to the lead addresses. An address gets one message a day (its reviews merged when it
 * is both a lead and an owner), and nobody gets an empty one. A person's quiet hours (workspace time
 * zone) hold their digest until they end, even when that is the next day (`releaseAt`).
 */
import type { Review } from '@core/contract/reviews';
import type { Settings } from '@core/contract/settings';
import { addLocalDays, localTimeInstant } from '@core/domain/cadence';
import { inQuietWindow } from '@core/domain/reminders';
import type { HandlerContext } from '../../rpc/context';
import { reminderPreferences } from '../../services/reminders-deliveries';
import { digestOf, type Digest } from '../digest';

export interface Recipient {
  /** The address, lower-cased (the ledger's key). */
  address: string;
  /** This recipient's part of the digest (never empty). */
  digest: Digest;
  /** 'lead' (everything, or the reviews no owner gets), 'owner' (their own), or both merged. */
  role: 'lead' | 'owner' | 'lead+owner';
  /** The person's quiet hours (HH:mm, workspace time) when the address is a person who set them. */
  quiet: { start: string; end: string } | null;
}

/**
 * When day `day`'s digest may go to a recipient: the first instant at or after the digest time that is
 * outside their quiet hours; the next day's end of quiet hours when the digest time falls in the part
 * of a window that runs past midnight.
 */
export function releaseAt(day: string, digestTime: string, timeZone: string, quiet: Recipient['quiet']): Date {
  const at = localTimeInstant(day, digestTime, timeZone);
  if (!quiet || !inQuietWindow(digestTime, quiet.start, quiet.end)) return at;
  return localTimeInstant(digestTime < quiet.end ? day : addLocalDays(day, 1), quiet.end, timeZone);
}

/** The recipients of the digest, each with their part of `digest` and their quiet hours. */
export function planRecipients(ctx: HandlerContext, digest: Digest, settings: Pick<Settings, 'digestRecipients' | 'digestLeadEmails'>): Recipient[] {
  const persons = reminderPreferences(ctx);
  const byId = new Map(persons.map((p) => [p.id, p]));
  const byEmail = new Map(persons.map((p) => [p.email.toLowerCase(), p]));
  const leads = [...new Set(settings.digestLeadEmails.map((a) => a.toLowerCase()))];
  const parts = new Map<string, { keep: Set<string>; lead: boolean; owner: boolean }>();
  const add = (address: string, reviews: Review[], as: 'lead' | 'owner') => {
    let p = parts.get(address);
    if (!p) parts.set(address, (p = { keep: new Set(), lead: false, owner: false }));
    for (const r of reviews) p.keep.add(r.id);
    p[as] = true;
  };
  const all = [...digest.overdue, ...digest.due];
  if (settings.digestRecipients === 'lead') {
    for (const a of leads) add(a, all, 'lead');
  } else {
    const emailOwner = (r: Review) => {
      const p = r.ownerId ? byId.get(r.ownerId) : undefined;
      return p && p.channel === 'email' ? p : undefined;
    };
    const rest: Review[] = [];
    for (const r of all) {
      const p = emailOwner(r);
      if (p) add(p.email.toLowerCase(), [r], 'owner');
      else rest.push(r);
    }
    for (const a of leads) add(a, rest, 'lead');
  }
  const out: Recipient[] = [];
  for (const [address, p] of parts) {
    if (!p.keep.size) continue;
    const person = byEmail.get(address);
    const quiet = person?.quietStart && person.quietEnd && person.quietStart !== person.quietEnd ? { start: person.quietStart, end: person.quietEnd } : null;
    out.push({
      address,
      digest: digestOf(digest, (r) => p.keep.has(r.id)),
      role: p.lead && p.owner ? 'lead+owner' : p.lead ? 'lead' : 'owner',
      quiet,
    });
  }
  return out;
}
