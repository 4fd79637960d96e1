/**
 * The scale profile's runbooks: where each site's backups are, its last backup and its restore
 * rehearsals, written as runbook.setValues, runbook.recordBackup and runbook.recordRehearsal would
 * write them (main/services/runbook*.ts), with their history rows. The agency template itself is
 * written through the services (workspace-steps.ts). Recorded at the end, when the seed's clock has
 * reached the present, so the backups are recent.
 */
import { RUNBOOK_FIELDS } from '@core/runbook/registry';
import { backupSummary, rehearsalSummary } from '@main/services/runbook-rehearsals';
import { DAY_MS } from './env';
import type { ScaleEnv, ScaleSite } from './scale-env';

const FAILED_NOTES = 'The restore on staging left the uploads folder empty: the host backup excluded it.';
const PASSED_NOTES = 'Restored on staging; checkout and Diagnostics passed.';

function rehearse(env: ScaleEnv, site: ScaleSite, rehearsedOn: string, outcome: 'passed' | 'failed'): void {
  const at = env.next();
  const performer = env.pick(env.agency);
  const durationMinutes = 30 + Math.floor(env.rand() * 60);
  const notes = outcome === 'failed' ? FAILED_NOTES : PASSED_NOTES;
  env.w.insert('rollback_rehearsals', {
    id: env.w.id(at),
    created_at: at,
    updated_at: at,
    version: 1,
    site_id: site.id,
    rehearsed_on: rehearsedOn,
    outcome,
    duration_minutes: durationMinutes,
    performed_by_id: performer.id,
    notes,
    recorded_by: env.actor,
  });
  site.backups.latestRehearsal = { rehearsedOn, outcome };
  if (outcome === 'passed') site.backups.lastPassedRehearsalOn = rehearsedOn;
  env.w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'rehearsal',
    summary: rehearsalSummary(site.name, { rehearsedOn, outcome, durationMinutes }, performer.name),
    after: { rehearsedOn, outcome, durationMinutes, performedBy: performer.name, notes },
  });
}

function runbookOf(env: ScaleEnv, site: ScaleSite): void {
  const { rand } = env;
  let at = env.next();
  const day = (daysAgo: number) => new Date(Date.parse(at) - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const backupLocation = `${site.host ?? 'Host'} control panel → Backups, daily, 30 days kept`;
  env.w.insert('runbook_values', {
    id: env.w.id(at),
    created_at: at,
    updated_at: at,
    version: 1,
    client_id: null,
    site_id: site.id,
    archived_at: null,
    key: 'backupLocation',
    value: backupLocation,
  });
  site.rollbackChangedAt = at;
  env.w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'runbook-values',
    summary: `Runbook of “${site.name}”: ${RUNBOOK_FIELDS.backupLocation.label} set to “${backupLocation}” (was not set)`,
    before: { backupLocation: null },
    after: { backupLocation },
  });

  at = env.next();
  const takenOn = day(Math.floor(rand() * 3));
  env.w.insert('site_runbook_facts', { id: env.w.id(at), created_at: at, updated_at: at, version: 1, site_id: site.id, last_backup_on: takenOn });
  site.backups.lastBackupOn = takenOn;
  env.w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: 'backup',
    summary: backupSummary(site.name, takenOn, null),
    before: { lastBackupOn: null },
    after: { lastBackupOn: takenOn },
  });

  // Mostly passed; now and then a failure fixed by a later pass; a few whose last one failed or who never rehearsed.
  const roll = rand();
  if (roll < 0.05) return;
  if (roll < 0.15) {
    rehearse(env, site, day(20), 'passed');
    rehearse(env, site, day(6), 'failed');
    return;
  }
  if (roll < 0.3) rehearse(env, site, day(14), 'failed');
  rehearse(env, site, day(7), 'passed');
}

/** Most live sites in pilot or adoption get their runbook's site facts, a backup and rehearsals. */
export function catchUpRunbooks(env: ScaleEnv, sites: ScaleSite[]): void {
  env.time.tick = Math.max(env.time.tick, env.end - 60_000);
  for (const site of sites) {
    if (site.archivedAt || (site.stage !== 'pilot' && site.stage !== 'adoption')) continue;
    if (env.rand() < 0.8) runbookOf(env, site);
  }
  env.w.flush();
}
