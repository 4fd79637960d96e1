/**
 * A site's backups and restore rehearsals as read: the last backup day, the rehearsals newest first,
 * and whether they are recent enough for the rollback plan to count as current. The rule is core's
 * (core/domain/rollback-currency.ts), with the limits of Settings.
 */
import { sql } from 'drizzle-orm';
import type { RunbookView } from '@core/contract/runbook';
import { backupProblem, rehearsalProblem } from '@core/domain/rollback-currency';
import type { RehearsalOutcome } from '@core/runbook/registry';
import type { HandlerContext } from '../rpc/context';
import { whoReader } from './identity';
import { getSettings } from './settings';

export type Rehearsal = NonNullable<RunbookView['currency']>['lastRehearsal'] & {};
type RunbookCurrency = NonNullable<RunbookView['currency']>;

interface RehearsalRow {
  id: string;
  rehearsedOn: string;
  outcome: RehearsalOutcome;
  durationMinutes: number | null;
  performedById: string | null;
  performedBy: string | null;
  notes: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** A site's rehearsals, newest first (by day, then as recorded), with the performer's name; at most `limit`. */
export function rehearsalsOf(ctx: Pick<HandlerContext, 'db'>, siteId: string, limit = -1): Rehearsal[] {
  const who = whoReader(ctx);
  return ctx.db
    .all<RehearsalRow>(
      sql`SELECT r.id, r.rehearsed_on AS rehearsedOn, r.outcome, r.duration_minutes AS durationMinutes,
            r.performed_by_id AS performedById, p.name AS performedBy, r.notes, r.recorded_by AS recordedBy, r.created_at AS recordedAt
          FROM rollback_rehearsals r LEFT JOIN people p ON p.id = r.performed_by_id
          WHERE r.site_id = ${siteId}
          ORDER BY r.rehearsed_on DESC, r.created_at DESC, r.id DESC LIMIT ${limit}`,
    )
    .map((r) => ({ ...r, recordedBy: who(r.recordedBy) }));
}

export function lastBackupOn(ctx: Pick<HandlerContext, 'db'>, siteId: string): string | null {
  return ctx.db.get<{ d: string | null }>(sql`SELECT last_backup_on AS d FROM site_runbook_facts WHERE site_id = ${siteId}`)?.d ?? null;
}

export function runbookCurrency(ctx: HandlerContext, siteId: string): RunbookCurrency {
  const settings = getSettings(ctx);
  const backup = lastBackupOn(ctx, siteId);
  const latest = rehearsalsOf(ctx, siteId, 1)[0] ?? null;
  const passed = ctx.db.get<{ d: string | null }>(
    sql`SELECT max(rehearsed_on) AS d FROM rollback_rehearsals WHERE site_id = ${siteId} AND outcome = 'passed'`,
  )?.d;
  const facts = {
    now: ctx.clock.now().toISOString(),
    lastBackupOn: backup,
    latestRehearsal: latest,
    lastPassedRehearsalOn: passed ?? null,
    maxBackupAgeDays: settings.maxBackupAgeDays,
    maxRehearsalAgeDays: settings.maxRehearsalAgeDays,
  };
  return {
    lastBackupOn: backup,
    backupProblem: backupProblem(facts),
    lastRehearsal: latest,
    rehearsalProblem: rehearsalProblem(facts),
    maxBackupAgeDays: settings.maxBackupAgeDays,
    maxRehearsalAgeDays: settings.maxRehearsalAgeDays,
  };
}
