/**
 * A complete site snapshot for the document unit tests: every owner assigned with contacts and a
 * stand-in, every runbook fact recorded (the built-in defaults plus the facts only an agency knows),
 * every list set with a SophMate vendor, a recent backup and a passed rehearsal, the access model
 * recorded. Each call returns a fresh object, so a test changes what it needs in place.
 */
import { REVIEW_AREAS } from '@core/activity/vocabulary';
import type { OwnerFact, SiteSnapshot } from '@core/documents/model';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { defaultSops } from '@core/playbook/default-sops';
import { DEFAULT_RUNBOOK } from '@core/runbook/defaults';
import { RUNBOOK_FIELD_KEYS, RUNBOOK_LISTS, type RunbookFieldKey, type Vendor } from '@core/runbook/registry';

export const NOW = '2026-03-10T09:00:00.000Z';

/** The facts no template holds: recorded for this site. */
export const AGENCY_FACTS: Partial<Record<RunbookFieldKey, string>> = {
  backupSchedule: 'Nightly at 02:00 by the host, kept 30 days',
  backupScope: 'Database and files (uploads, plugins, themes); each can be restored alone.',
  backupLocation: 'Kinsta dashboard → Backups',
  backupContactHours: 'Mon–Fri 08:00–18:00 Europe/London; out of hours by phone for S1 only',
  hostingPanelAccess: 'Ann Lee; vault entry "Shop hosting"',
  wordpressAdminAccess: 'Ann Lee and Bo Chen; vault entry "Shop WP admin"',
  sftpAccess: 'Bo Chen; vault entry "Shop SFTP"',
  pluginPackageLocation: 'Agency drive → Packages → SophMate',
  licenceLocation: 'Vault entry "SophMate licence", held by Ann Lee',
  pauseInstructions: 'SophMate → Safe Mode → Pause all',
  incidentLocation: 'support@agency.test or +44 20 7946 0000',
  supportHours: 'Mon–Fri 09:00–17:30 Europe/London',
};

export const SOPHMATE_VENDOR: Vendor = {
  kind: 'sophmate',
  name: 'SophMate',
  email: 'help@sophmate.test',
  phone: null,
  url: 'https://support.sophmate.test',
  statusUrl: 'https://status.sophmate.test',
  hours: '24/7 for S1',
  licenceLocation: 'Vault entry "SophMate licence"',
  supportExpiresOn: '2027-01-31',
  accountRef: 'SM-4411',
  notes: null,
};

function ownerOf(r: (typeof RESPONSIBILITIES)[number], i: number): OwnerFact {
  return {
    responsibility: r,
    name: `Owner ${i + 1}`,
    email: `owner${i + 1}@agency.test`,
    phone: `+44 20 7946 01${String(i).padStart(2, '0')}`,
    backupName: `Stand-in ${i + 1}`,
    backupEmail: `standin${i + 1}@agency.test`,
    backupPhone: `+44 20 7946 02${String(i).padStart(2, '0')}`,
    verifiedAt: '2026-03-01T10:00:00.000Z',
    active: true,
  };
}

export function snapshot(): SiteSnapshot {
  const values = Object.fromEntries(
    RUNBOOK_FIELD_KEYS.map((k) => [k, AGENCY_FACTS[k] ?? DEFAULT_RUNBOOK.values[k] ?? null]),
  ) as SiteSnapshot['runbook']['values'];
  const lists = Object.fromEntries(RUNBOOK_LISTS.map((l) => [l, structuredClone(DEFAULT_RUNBOOK.lists[l] ?? [])])) as SiteSnapshot['runbook']['lists'];
  lists.vendors = [
    { ...SOPHMATE_VENDOR },
    { ...SOPHMATE_VENDOR, kind: 'host', name: 'Kinsta', email: null, url: null, supportExpiresOn: null, accountRef: null },
  ];
  const owners = RESPONSIBILITIES.map(ownerOf);
  owners.find((o) => o.responsibility === 'primary')!.name = 'Ann Lee';
  return {
    generatedAt: NOW,
    branding: { agencyName: 'Brightpath Agency', footer: 'Brightpath Agency · Confidential', logo: null, texts: {} },
    site: {
      id: 'site-1',
      name: 'Acme Shop',
      clientName: 'Acme Ltd',
      stage: 'pilot',
      productionUrl: 'https://shop.acme.test',
      stagingUrl: 'https://staging.shop.acme.test',
      sophmateVersion: '2.4.1',
      wordpressVersion: '6.5.2',
      phpVersion: '8.2',
      woocommerceVersion: null,
      activeTheme: 'Storefront',
      host: 'Kinsta',
      aiProvider: 'OpenAI',
      notes: null,
      missingSetup: [],
    },
    owners,
    runbook: {
      knownGood: {
        sophmateVersion: '2.4.0',
        wordpressVersion: '6.5.2',
        phpVersion: '8.2',
        woocommerceVersion: null,
        activeTheme: 'Storefront',
        host: 'Kinsta',
        recordedOn: '2026-03-01',
      },
      values,
      lists,
      lastBackupOn: '2026-03-08',
      rehearsals: [{ rehearsedOn: '2026-02-20', outcome: 'passed', durationMinutes: 45, performedBy: 'Dee Park', notes: null }],
      limits: { maxBackupAgeDays: 7, maxRehearsalAgeDays: 180 },
    },
    documentVersions: {},
    operators: [{ name: 'Cy Editor', role: 'editor', status: 'trained', access: 'granted', workflows: ['read_only_copilot'], overrideReason: null }],
    accessModel: {
      recorded: true,
      enabledWorkflows: ['read_only_copilot', 'support_drafts', 'product_copy'],
      roles: [{ role: 'editor', wordpressRole: 'Editor', maxApproveRisk: 'low' }],
      providerTier: 'Team',
      bulkApprovalRisk: null,
      firstRunCompletedOn: '2026-02-02',
      firstRunCompletedByName: 'Ann Lee',
    },
    checklist: [{ title: 'Role SOPs exist', status: 'done', why: 'All six workflows' }],
    acceptance: [{ title: 'Operators know when to stop', status: 'done', why: 'Scenario checks passed' }],
    gates: [{ label: 'Enable write-capable workflows', ok: true, reasons: [] }],
    gateOverrides: [],
    pause: null,
    reviews: {
      cadence: 'every 3 months',
      open: [
        { kind: 'periodic', dueOn: '2026-06-01', ownerName: 'Ann Lee', reason: 'Every 3 months' },
        { kind: 'before_new_users', dueOn: '2026-04-15', ownerName: 'Ann Lee', reason: 'New users planned' },
      ],
      lastDone: [
        { kind: 'initial_setup', doneAt: '2026-02-01T10:00:00.000Z', doneBy: 'Ann Lee', findings: null },
        { kind: 'first_week', doneAt: '2026-02-16T10:00:00.000Z', doneBy: 'Ann Lee', findings: null },
      ],
    },
    incidents: [],
    sops: defaultSops()
      .slice(0, 3)
      .map((sop) => ({ role: sop.role, workflow: sop.workflow, sop, overrides: [] })),
    changes: [{ at: '2026-03-01T10:00:00.000Z', actor: 'Ann Lee', summary: 'Recorded known-good versions' }],
    firstWeek: {
      review: { state: 'done', dueOn: '2026-02-15', doneAt: '2026-02-16T10:00:00.000Z', doneBy: 'Ann Lee', notes: 'Walked through the week' },
      imports: [{ fileName: 'week1.csv', rows: 10, imported: 10, masked: true, importedAt: '2026-02-15T10:00:00.000Z', importedBy: 'Ann Lee' }],
      areas: REVIEW_AREAS.map((area) => ({ area, events: 2, findings: 0, openFindings: 0, found: 'Nothing of note' })),
      findings: [],
      flags: [],
      sopUpdates: [],
      retraining: [],
    },
  };
}
