/**
 * Realistic runbook facts (core/runbook/registry.ts) for the seeds and the test factories: what an
 * agency records for a site whose hosting, backups and vendors it knows. Every fact has a value and
 * every list the built-in template leaves empty has rows, so a site given these (and its owners, a
 * backup and a passed rehearsal) can have a final rollback plan and support path.
 */
import type { RunbookFieldKey, RunbookListItems, Vendor } from '@core/runbook/registry';

export interface RunbookExample {
  values: Record<RunbookFieldKey, string>;
  lists: { vendors: Vendor[] } & Partial<{ [L in keyof RunbookListItems]: RunbookListItems[L][] }>;
}

export const RUNBOOK_EXAMPLE: RunbookExample = {
  values: {
    rollbackDecider: 'The incident escalation owner; when unreachable, the primary owner.',
    fixForwardGuidance: 'Fix forward when the cause is one known setting; roll back when checkout or customer data is affected.',
    restoreTimeTargetMinutes: '90',
    dataLossTargetHours: '24',
    backupSchedule: 'Daily at 02:00 UTC by the host, kept 14 days; weekly off-site copy kept 8 weeks.',
    backupScope: 'Database and files (uploads, plugins, themes); the host restores either alone.',
    backupLocation: 'Host control panel → Backups, and the agency’s off-site bucket “client-backups”.',
    backupContactHours: 'Monday to Friday 08:00–18:00 Europe/London; out of hours through the host’s 24/7 line.',
    hostingPanelAccess: 'The hosting owner; login in the agency password manager, entry “Host panel”.',
    wordpressAdminAccess: 'The primary owner and the agency’s support lead; entries “WP admin” in the password manager.',
    sftpAccess: 'The hosting owner; SFTP login in the password manager, entry “SFTP”.',
    pluginPackageLocation: 'Agency shared drive “Releases/SophMate”, one zip per version.',
    licenceLocation: 'SophMate account of the agency, licence listed under the client’s name; held by the primary owner.',
    pauseInstructions: 'SophMate → Workflows → Pause all (administrators)',
    clientMessenger: 'The agency account manager',
    staffMessenger: 'The client’s store manager',
    customerMessenger: 'The client’s marketing lead decides; status banner on the shop',
    clientMessage: 'We are restoring the site to its last working state. Please ask your team not to edit until we confirm.',
    staffMessage: 'Please stop editing the site now; we will tell you when it is back.',
    customerMessage: 'Our shop is under short maintenance; your orders are safe.',
    diagnosticsLocation: 'SophMate → Diagnostics; support bundles in the shared “Support” drive',
    supportBundleSteps: 'SophMate → Diagnostics → Create support bundle; remove personal data; send through the vendor portal.',
    incidentLocation: 'The agency support queue, support@agency.example',
    unknownRoute: 'Pause the workflow, note what you saw, and call the support routing owner.',
    supportHours: 'Monday to Friday 08:00–18:00 Europe/London; S1 incidents around the clock.',
  },
  lists: {
    vendors: [
      {
        kind: 'host',
        name: 'Kinsta support',
        email: 'support@kinsta.example',
        phone: null,
        url: 'https://my.kinsta.example/support',
        statusUrl: 'https://status.kinsta.example',
        hours: '24/7 chat',
        licenceLocation: 'Agency account, site listed under the client',
        supportExpiresOn: null,
        accountRef: 'Agency plan A-2231',
        notes: null,
      },
      {
        kind: 'ai_provider',
        name: 'OpenAI support',
        email: null,
        phone: null,
        url: 'https://help.openai.example',
        statusUrl: 'https://status.openai.example',
        hours: 'Business days',
        licenceLocation: 'Client’s organisation, billed to the client',
        supportExpiresOn: null,
        accountRef: null,
        notes: null,
      },
      {
        kind: 'sophmate',
        name: 'SophMate support',
        email: 'support@sophmate.example',
        phone: null,
        url: 'https://sophmate.example/support',
        statusUrl: null,
        hours: 'Monday to Friday 09:00–17:00 CET',
        licenceLocation: 'SophMate account of the agency',
        supportExpiresOn: '2027-01-31',
        accountRef: 'Business plan',
        notes: null,
      },
    ],
  },
};
