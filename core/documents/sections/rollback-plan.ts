/**
 * The sections of the rollback plan: the known-good state, backup and restore, the rollback steps,
 * the checks that confirm the rollback worked and the contacts. Each missing fact is listed with where
 * to record it, so a final export is refused until the plan can be followed.
 */
import { RESPONSIBILITY_INFO, type Responsibility } from '../../domain/responsibilities';
import type { DocSection, MissingPart, SiteSnapshot } from '../model';
import { contact, dash, needOwner, owner } from './common';

export function rollbackSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  const r = s.runbook;
  const kg = r.knownGood;
  if (!kg)
    missing.push({
      part: 'Known-good versions',
      fix: 'Documents tab → Rollback and support facts: record the current versions as known good once the site works.',
    });
  if (!r.backupLocation) missing.push({ part: 'Where the last backup is', fix: 'Documents tab → Rollback and support facts: backup location.' });
  if (!r.lastBackupOn) missing.push({ part: 'Date of the last backup', fix: 'Documents tab → Rollback and support facts: last backup.' });
  if (!r.lastRehearsalOn)
    missing.push({
      part: 'Date of the last rollback rehearsal',
      fix: 'Rehearse a restore on staging, then record the date under Rollback and support facts on the Documents tab.',
    });
  if (!r.pauseInstructions)
    missing.push({ part: 'Where to pause high-risk activity', fix: 'Documents tab → Rollback and support facts: how to pause workflows.' });
  needOwner(s, missing, 'rollback_restore', 'who restores');
  needOwner(s, missing, 'backups', 'who keeps the backups');
  const restore = owner(s, 'rollback_restore');
  return [
    {
      id: 'known-good',
      title: 'Known-good state',
      blocks: kg
        ? [
            { type: 'paragraph', text: `Recorded on ${kg.recordedOn} as the last state in which the site worked.` },
            {
              type: 'fields',
              rows: [
                ['SophMate', dash(kg.sophmateVersion)],
                ['WordPress', dash(kg.wordpressVersion)],
                ['PHP', dash(kg.phpVersion)],
                ['Theme', dash(kg.activeTheme)],
                ['Host', dash(kg.host)],
              ],
            },
          ]
        : [{ type: 'note', tone: 'warning', text: 'No known-good versions are recorded.' }],
    },
    {
      id: 'backup',
      title: 'Backup and restore',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Last backup', `${dash(r.lastBackupOn)}${r.backupLocation ? ` — ${r.backupLocation}` : ''}`],
            ['Restore owner', contact(restore)],
            ['Backups owner', contact(owner(s, 'backups'))],
            ['Hosting contact', contact(owner(s, 'hosting'))],
            ['Last rehearsal', dash(r.lastRehearsalOn)],
          ],
        },
      ],
    },
    {
      id: 'rollback-steps',
      title: 'Rollback steps',
      blocks: [
        {
          type: 'list',
          ordered: true,
          items: [
            `Pause the affected workflows in SophMate${r.pauseInstructions ? `: ${r.pauseInstructions}.` : '.'} Record the pause in Rollout Workbench.`,
            'Disable the write-capable workflows (product copy, Theme Assistant changes, workflow approvals) until the site is confirmed healthy.',
            `Ask the restore owner (${restore?.name ?? 'no owner assigned'}) to restore the last backup${r.backupLocation ? ` from ${r.backupLocation}` : ''}; restore staging first when time allows.`,
            kg?.sophmateVersion
              ? `Revert the SophMate plugin to version ${kg.sophmateVersion} if the current version differs.`
              : 'Revert the SophMate plugin to the last version known to work.',
            'Clear caches (host, CDN, object cache) so visitors see the restored site.',
          ],
        },
      ],
    },
    {
      id: 'checks',
      title: 'Checks that confirm the rollback worked',
      blocks: [
        {
          type: 'list',
          items: [
            `The production site (${s.site.productionUrl}) loads, logins work, and checkout or forms complete end to end.`,
            'SophMate Diagnostics passes: PHP version and extensions, outbound HTTPS to the AI provider, REST, cron.',
            'A read-only Copilot question gets an answer; no write-capable workflow runs until the incident owner agrees.',
            'The audit log shows no plan or approval after the restore that nobody expected.',
            'The pause is lifted in Rollout Workbench with a note saying what was checked.',
          ],
        },
      ],
    },
    {
      id: 'contacts',
      title: 'Contacts',
      blocks: [
        {
          type: 'fields',
          rows: (['primary', 'rollback_restore', 'backups', 'hosting', 'incident_escalation'] as Responsibility[]).map((x) => [
            RESPONSIBILITY_INFO[x].label,
            contact(owner(s, x)),
          ]),
        },
      ],
    },
  ];
}
