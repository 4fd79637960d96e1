/**
 * The sections of the rollback plan, in the order a client's administrator follows them under
 * pressure: when to roll back and who decides, the targets, what to have before starting (access,
 * the known-good package, backups and rehearsals), smaller reversals, the full restore, the checks,
 * who tells whom, what to do afterwards, the known-good state and the contacts. Steps come from the
 * site's runbook (core/runbook/), filled and filtered for WooCommerce; no step assumes the reader
 * uses this app. Each missing fact is listed with where to record it, so a final export is refused
 * until the plan can be followed.
 */
import { RESPONSIBILITY_INFO, type Responsibility } from '../../domain/responsibilities';
import { ageInDays, backupProblem, rehearsalProblem, type CurrencyFacts } from '../../domain/rollback-currency';
import { humanMinutes, storedNumber } from '../../runbook/durations';
import { REHEARSAL_OUTCOME_LABEL, RUNBOOK_FIELD_KEYS, STEP_LISTS, type Rehearsal } from '../../runbook/registry';
import { WHERE_BACKUP, WHERE_KNOWN_GOOD, WHERE_REHEARSAL } from '../../runbook/where';
import type { Block, DocSection, MissingPart, SiteSnapshot } from '../model';
import { gap } from '../placeholders';
import { contact, dash, needFacts, needOwner, needSteps, owner, pushMissing, runbookReader, type RunbookReader } from './common';

const KNOWN_GOOD_WOOCOMMERCE = 'Known-good WooCommerce version';

const daysAgo = (n: number) => (n <= 0 ? 'today' : n === 1 ? '1 day ago' : `${n} days ago`);

export function currencyFacts(s: SiteSnapshot): CurrencyFacts {
  const r = s.runbook;
  return {
    now: s.generatedAt,
    lastBackupOn: r.lastBackupOn,
    latestRehearsal: r.rehearsals[0] ?? null,
    lastPassedRehearsalOn: r.rehearsals.find((x) => x.outcome === 'passed')?.rehearsedOn ?? null,
    maxBackupAgeDays: r.limits.maxBackupAgeDays,
    maxRehearsalAgeDays: r.limits.maxRehearsalAgeDays,
  };
}

/** The warnings a client's administrator reads before starting: written for them, decided by the currency rule. */
function currencyNotes(s: SiteSnapshot): Block[] {
  const f = currencyFacts(s);
  const notes: string[] = [];
  if (backupProblem(f)) {
    if (!f.lastBackupOn) notes.push('No backup is recorded for this site: make sure a backup exists, and where, before you rely on this plan.');
    else {
      const age = ageInDays(f.lastBackupOn, f.now);
      notes.push(
        age < 0
          ? `The last backup is recorded on ${f.lastBackupOn}, a day still to come: check the date of the latest backup before you start.`
          : `The last recorded backup, on ${f.lastBackupOn}, is ${age} days old, more than the ${f.maxBackupAgeDays} days this plan allows: check that a newer backup exists before you start, or take one.`,
      );
    }
  }
  if (rehearsalProblem(f)) {
    const latest = s.runbook.rehearsals[0];
    if (!latest) notes.push('No restore rehearsal is recorded: nobody has yet shown that a backup of this site can be restored. Allow extra time.');
    else if (latest.outcome === 'failed')
      notes.push(
        `The last restore rehearsal, on ${latest.rehearsedOn}, failed${latest.notes ? ` (${latest.notes})` : ''}. A restore has not been shown to work since: involve ${
          owner(s, 'rollback_restore')?.name ?? 'the Rollback & restore owner'
        } from the start and allow extra time.`,
      );
    else if (!f.lastPassedRehearsalOn)
      notes.push(
        `The last restore rehearsal, on ${latest.rehearsedOn}, has no recorded outcome: nobody has confirmed that a restore of this site works. Allow extra time.`,
      );
    else
      notes.push(
        `The last passed restore rehearsal was on ${f.lastPassedRehearsalOn}, ${ageInDays(f.lastPassedRehearsalOn, f.now)} days ago, more than the ${f.maxRehearsalAgeDays} days this plan allows: the restore may no longer work as rehearsed. Allow extra time.`,
      );
  }
  return notes.map((text) => ({ type: 'note', tone: 'warning', text }));
}

function rehearsalBlock(rehearsals: Rehearsal[]): Block {
  if (!rehearsals.length) return { type: 'paragraph', text: 'Restore rehearsals: none recorded.' };
  return {
    type: 'table',
    columns: ['Rehearsed on', 'Outcome', 'Duration', 'By'],
    rows: rehearsals.map((x) => [
      x.rehearsedOn,
      `${REHEARSAL_OUTCOME_LABEL[x.outcome]}${x.notes ? `: ${x.notes}` : ''}`,
      x.durationMinutes ? humanMinutes(x.durationMinutes) : '—',
      dash(x.performedBy),
    ]),
  };
}

function lastBackup(s: SiteSnapshot): string {
  const on = s.runbook.lastBackupOn;
  if (!on) return 'none recorded';
  return `${on} (${daysAgo(ageInDays(on, s.generatedAt))}; this plan allows at most ${s.runbook.limits.maxBackupAgeDays} days)`;
}

function beforeYouStart(s: SiteSnapshot, r: RunbookReader): DocSection {
  const woo: Block[] = r.woocommerce
    ? [
        {
          type: 'note',
          tone: 'warning',
          text: `This site runs WooCommerce ${s.site.woocommerceVersion}. A full restore of the database loses every order, customer and comment made since the backup: export them first (see Full restore), and enter them again afterwards.`,
        },
      ]
    : [];
  return {
    id: 'before-you-start',
    title: 'Before you start',
    blocks: [
      { type: 'paragraph', text: 'Make sure the people below can be reached and the access is at hand before anything is changed.' },
      {
        type: 'fields',
        rows: [
          ['Hosting panel access', r.shown('hostingPanelAccess')],
          ['WordPress administrator access', r.shown('wordpressAdminAccess')],
          ['SFTP or SSH access', r.shown('sftpAccess')],
          ['Known-good SophMate package', r.shown('pluginPackageLocation')],
          ['SophMate licence', r.shown('licenceLocation')],
          ['Where to pause high-risk activity', r.shown('pauseInstructions')],
        ],
      },
      {
        type: 'fields',
        rows: [
          ['Where the backups are', r.shown('backupLocation')],
          ['Backup schedule', r.shown('backupSchedule')],
          ['What a backup holds', r.shown('backupScope')],
          ['Last backup', lastBackup(s)],
        ],
      },
      rehearsalBlock(s.runbook.rehearsals),
      ...currencyNotes(s),
      ...woo,
    ],
  };
}

const list = (items: string[], ordered: boolean): Block =>
  items.length ? { type: 'list', ordered, items } : { type: 'paragraph', text: 'No step is recorded.' };

function knownGoodSection(s: SiteSnapshot): DocSection {
  const kg = s.runbook.knownGood;
  return {
    id: 'known-good',
    title: 'Known-good state',
    blocks: kg
      ? [
          {
            type: 'paragraph',
            text: `Recorded on ${kg.recordedOn} as the last state in which the site worked. A rollback returns the site to these versions.`,
          },
          {
            type: 'fields',
            rows: [
              ['SophMate', dash(kg.sophmateVersion)],
              ['WordPress', dash(kg.wordpressVersion)],
              ['PHP', dash(kg.phpVersion)],
              ['WooCommerce', kg.woocommerceVersion ?? (s.site.woocommerceVersion ? gap(KNOWN_GOOD_WOOCOMMERCE) : 'not used')],
              ['Theme', dash(kg.activeTheme)],
              ['Host', dash(kg.host)],
            ],
          },
        ]
      : [{ type: 'note', tone: 'warning', text: 'No known-good versions are recorded: nobody has written down the versions with which the site last worked.' }],
  };
}

function contactsSection(s: SiteSnapshot, r: RunbookReader): DocSection {
  const row = (x: Responsibility, extra?: string): [string, string] => [RESPONSIBILITY_INFO[x].label, `${contact(owner(s, x))}${extra ? `\n${extra}` : ''}`];
  return {
    id: 'contacts',
    title: 'Contacts',
    blocks: [
      {
        type: 'fields',
        rows: [
          row('rollback_restore'),
          row('backups', `Reachable: ${r.shown('backupContactHours')}`),
          row('hosting'),
          row('incident_escalation'),
          row('primary'),
        ],
      },
    ],
  };
}

export function rollbackSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  const r = runbookReader(s, missing);
  if (!s.runbook.knownGood) pushMissing(missing, { part: 'Known-good versions', fix: WHERE_KNOWN_GOOD });
  // A site that runs WooCommerce today rolls back to a known WooCommerce version too.
  else if (s.site.woocommerceVersion && !s.runbook.knownGood.woocommerceVersion)
    pushMissing(missing, { part: KNOWN_GOOD_WOOCOMMERCE, fix: `${WHERE_KNOWN_GOOD}: record the current versions as known good again, WooCommerce included.` });
  needFacts(s, missing, 'rollback_plan', RUNBOOK_FIELD_KEYS);
  for (const l of STEP_LISTS) needSteps(r, missing, l);
  if (!s.runbook.lastBackupOn) pushMissing(missing, { part: 'The last backup', fix: WHERE_BACKUP });
  if (!s.runbook.rehearsals.length) pushMissing(missing, { part: 'A restore rehearsal', fix: WHERE_REHEARSAL });
  needOwner(s, missing, 'rollback_restore', 'who restores');
  needOwner(s, missing, 'backups', 'who keeps the backups');
  const restoreMinutes = storedNumber(s.runbook.values.restoreTimeTargetMinutes);
  const lossHours = storedNumber(s.runbook.values.dataLossTargetHours);
  const customerMessage = r.value('customerMessage');
  return [
    {
      id: 'when',
      title: 'When to roll back',
      blocks: [
        { type: 'paragraph', text: 'Roll back when any of these is true:' },
        list(r.steps('triggers'), false),
        {
          type: 'fields',
          rows: [
            ['Who decides', r.shown('rollbackDecider')],
            ['Roll back or fix forward', r.shown('fixForwardGuidance')],
          ],
        },
      ],
    },
    {
      id: 'targets',
      title: 'Targets',
      blocks: [
        {
          type: 'fields',
          rows: [
            [
              'Restore time',
              restoreMinutes === null
                ? r.gapOf('restoreTimeTargetMinutes', 'Restore time target')
                : `at most ${humanMinutes(restoreMinutes)} from the decision to a working site`,
            ],
            ['Data loss', lossHours === null ? r.gapOf('dataLossTargetHours', 'Data loss target') : `at most ${humanMinutes(lossHours * 60)} of changes`],
            ['Backup schedule', r.shown('backupSchedule')],
          ],
        },
      ],
    },
    beforeYouStart(s, r),
    {
      id: 'reversals',
      title: 'Smaller reversals first',
      blocks: [
        { type: 'paragraph', text: 'Try these in order; stop as soon as the site works again. Go to the full restore when none of them is enough.' },
        list(r.steps('reversals'), true),
      ],
    },
    { id: 'restore', title: 'Full restore', blocks: [list(r.steps('restore'), true)] },
    { id: 'checks', title: 'Checks that confirm the rollback worked', blocks: [list(r.steps('checks'), false)] },
    {
      id: 'communication',
      title: 'Communication',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Who tells the client', r.shown('clientMessenger')],
            ["Who tells the client's staff", r.shown('staffMessenger')],
            ['Who tells customers', r.shown('customerMessenger')],
          ],
        },
        {
          type: 'fields',
          rows: [
            ['Message to the client', r.shown('clientMessage')],
            ['Message to staff', r.shown('staffMessage')],
            ...(customerMessage ? [['Message to customers', customerMessage] as [string, string]] : []),
          ],
        },
      ],
    },
    { id: 'afterwards', title: 'Afterwards', blocks: [list(r.steps('afterwards'), true)] },
    knownGoodSection(s),
    contactsSection(s, r),
  ];
}
