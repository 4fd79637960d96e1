/**
 * `runbook.recordBackup`, `runbook.recordRehearsal`, `runbook.rehearsals`: the last backup of a site
 * (a day on site_runbook_facts) and its restore rehearsals (rollback_rehearsals: when, the outcome,
 * how long, who). Neither may be dated after today (UTC, the day the currency rule counts in).
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { RunbookView } from '@core/contract/runbook';
import { REHEARSAL_OUTCOME_LABEL, type RehearsalOutcome } from '@core/runbook/registry';
import { newId } from '@db/ids';
import { rollbackRehearsals, siteRunbookFacts } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refusedOn } from './errors';
import { localDate } from '@core/domain/cadence';
import { requireSite, requireSiteForWrite } from './records';
import { getSettings } from './settings';
import { getRunbook } from './runbook';
import { lastBackupOn, rehearsalsOf, type Rehearsal } from './runbook-currency';

/** The history summaries of the two writes (the scale seed writes the same). */
export const backupSummary = (siteName: string, day: string, before: string | null) =>
  `Backup of “${siteName}” recorded on ${day}${before ? ` (the last one was on ${before})` : ''}`;
export const rehearsalSummary = (siteName: string, r: { rehearsedOn: string; outcome: RehearsalOutcome; durationMinutes: number }, performer: string) =>
  `Restore rehearsal of “${siteName}” on ${r.rehearsedOn} recorded: ${REHEARSAL_OUTCOME_LABEL[r.outcome].toLowerCase()} in ${r.durationMinutes} minutes, by ${performer}`;

/** "Today" is the workspace's calendar day (Settings → time zone), as the person recording it reads it. */
function notAfterToday(ctx: HandlerContext, field: string, label: string, day: string) {
  const zone = getSettings(ctx).timeZone;
  const today = localDate(ctx.clock.now(), zone);
  if (day > today) throw refusedOn(field, `${label} ${day} is after today (${today} in ${zone}): record the day it actually happened.`);
}

/** A backup was taken, or checked to exist, on `takenOn`: the site's last backup day becomes that day. */
export function recordBackup(ctx: WriteContext, input: ParsedInputOf<'runbook.recordBackup'>): RunbookView {
  const site = requireSiteForWrite(ctx, input.siteId, 'recording its backups');
  notAfterToday(ctx, 'takenOn', 'The backup day', input.takenOn);
  const before = lastBackupOn(ctx, site.id);
  if (before === input.takenOn) return getRunbook(ctx, { siteId: site.id });
  mutate(ctx, 'site', (tx, at) => {
    const row = ctx.db.get<{ version: number }>(sql`SELECT version FROM site_runbook_facts WHERE site_id = ${site.id}`);
    if (row)
      tx.update(siteRunbookFacts)
        .set({ lastBackupOn: input.takenOn, updatedAt: at, version: row.version + 1 })
        .where(sql`site_id = ${site.id}`)
        .run();
    else tx.insert(siteRunbookFacts).values({ id: newId(), createdAt: at, updatedAt: at, siteId: site.id, lastBackupOn: input.takenOn }).run();
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'backup',
      summary: backupSummary(site.name, input.takenOn, before),
      before: { lastBackupOn: before },
      after: { lastBackupOn: input.takenOn },
    });
    return { id: site.id };
  });
  return getRunbook(ctx, { siteId: site.id });
}

/** A restore rehearsal: when, passed or failed (a failure says what failed), how long it took and who did it. */
export function recordRehearsal(ctx: WriteContext, input: ParsedInputOf<'runbook.recordRehearsal'>): RunbookView {
  const site = requireSiteForWrite(ctx, input.siteId, 'recording its rehearsals');
  notAfterToday(ctx, 'rehearsedOn', 'The rehearsal day', input.rehearsedOn);
  const person = ctx.db.get<{ name: string; active: number; archivedAt: string | null }>(
    sql`SELECT name, active, archived_at AS archivedAt FROM people WHERE id = ${input.performedById}`,
  );
  if (!person) throw refusedOn('performedById', 'The person who did the rehearsal does not exist: choose someone from People.');
  if (person.archivedAt) throw refusedOn('performedById', `${person.name} is archived: restore them on the People page or choose who did the rehearsal.`);
  if (person.active !== 1) throw refusedOn('performedById', `${person.name} is marked inactive: choose an active person who did the rehearsal.`);
  mutate(ctx, 'site', (tx, at) => {
    const row = {
      id: newId(),
      createdAt: at,
      updatedAt: at,
      siteId: site.id,
      rehearsedOn: input.rehearsedOn,
      outcome: input.outcome,
      durationMinutes: input.durationMinutes,
      performedById: input.performedById,
      notes: input.notes,
      recordedBy: ctx.actor,
    };
    tx.insert(rollbackRehearsals).values(row).run();
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: site.id,
      siteId: site.id,
      action: 'rehearsal',
      summary: rehearsalSummary(site.name, input, person.name),
      after: { rehearsedOn: input.rehearsedOn, outcome: input.outcome, durationMinutes: input.durationMinutes, performedBy: person.name, notes: input.notes },
    });
    return { id: site.id };
  });
  return getRunbook(ctx, { siteId: site.id });
}

/** Every rehearsal of the site, newest first. */
export function listRehearsals(ctx: HandlerContext, siteId: string): Rehearsal[] {
  requireSite(ctx, siteId);
  return rehearsalsOf(ctx, siteId);
}
