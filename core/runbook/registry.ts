/**
 * The runbook facts: everything a rollback plan and a support path say that the setup record, the
 * owners and the playbook do not. One registry drives validation (core/contract/runbook.ts), storage
 * (one row per fact in `runbook_values`, one row per list item in the list tables), the form on the
 * Documents tab and Settings, and the "where to record it" of a document's missing parts.
 *
 * Each fact and each list is set at one of three levels: the agency's template (the workspace), a
 * client, or a site. A site reads its own value, else its client's, else the template's, else the
 * built-in default (core/runbook/defaults.ts). A list is inherited whole: a site that sets its own
 * triage table uses only its own rows.
 */
import type { Responsibility } from '../domain/responsibilities';
import type { DocumentKind } from '../documents/model';

export const RUNBOOK_SCOPES = ['workspace', 'client', 'site'] as const;
export type RunbookScopeKind = (typeof RUNBOOK_SCOPES)[number];
export const RUNBOOK_SCOPE_LABEL: Record<RunbookScopeKind | 'default', string> = {
  workspace: 'Agency template',
  client: 'Client',
  site: 'This site',
  default: 'Built-in default',
};

/** Where a runbook fact is set: the agency template, one client, or one site. */
export type RunbookScope = { workspace: true } | { clientId: string } | { siteId: string };
export function scopeKind(scope: RunbookScope): RunbookScopeKind {
  return 'siteId' in scope ? 'site' : 'clientId' in scope ? 'client' : 'workspace';
}

/** The groups the form and the documents arrange the facts in. */
export const RUNBOOK_GROUPS = ['decide', 'targets', 'backups', 'access', 'communication', 'support'] as const;
export type RunbookGroup = (typeof RUNBOOK_GROUPS)[number];
export const RUNBOOK_GROUP_LABEL: Record<RunbookGroup, string> = {
  decide: 'When to roll back',
  targets: 'Restore targets',
  backups: 'Backups',
  access: 'What the team needs before starting',
  communication: 'Who tells whom',
  support: 'Support',
};

/** text: one line; note: several lines; minutes, hours: a whole number stored as its digits. */
export type RunbookFieldKind = 'text' | 'note' | 'minutes' | 'hours';

export interface RunbookFieldInfo {
  label: string;
  group: RunbookGroup;
  kind: RunbookFieldKind;
  /** A sentence under the field: what to write, and what never to write. */
  help: string;
  /** The documents that cannot be final without it. */
  requiredBy: readonly DocumentKind[];
  /** Site only: a fact no template can hold for every site (where this site's backups are). */
  siteOnly?: boolean;
}

const RB: readonly DocumentKind[] = ['rollback_plan', 'handover_runbook'];
const SP: readonly DocumentKind[] = ['support_path', 'handover_runbook'];

export const RUNBOOK_FIELDS = {
  rollbackDecider: {
    label: 'Who decides to roll back',
    group: 'decide',
    kind: 'text',
    help: 'A role or a person, and who stands in when they cannot be reached.',
    requiredBy: RB,
  },
  fixForwardGuidance: {
    label: 'Roll back or fix forward',
    group: 'decide',
    kind: 'note',
    help: 'When the team fixes the problem in place instead of restoring, and when it must restore.',
    requiredBy: RB,
  },
  restoreTimeTargetMinutes: {
    label: 'Restore time target (minutes)',
    group: 'targets',
    kind: 'minutes',
    help: 'How long a full restore may take, from the decision to a working site.',
    requiredBy: RB,
  },
  dataLossTargetHours: {
    label: 'Data loss target (hours)',
    group: 'targets',
    kind: 'hours',
    help: 'How many hours of changes a restore may lose at most: the backup interval must not be longer.',
    requiredBy: RB,
  },
  backupSchedule: {
    label: 'Backup schedule',
    group: 'backups',
    kind: 'text',
    help: 'How often backups are taken, by whom, and how long they are kept.',
    requiredBy: RB,
  },
  backupScope: {
    label: 'What a backup holds',
    group: 'backups',
    kind: 'note',
    help: 'Database, files (uploads, plugins, themes), or both; and whether each can be restored alone.',
    requiredBy: RB,
  },
  backupLocation: {
    label: 'Where the backups are',
    group: 'backups',
    kind: 'text',
    help: 'The host panel, the backup service or the storage bucket, by name. Never a password.',
    requiredBy: RB,
  },
  backupContactHours: {
    label: 'When the backups owner can be reached',
    group: 'backups',
    kind: 'text',
    help: 'Working hours with the time zone, and what happens outside them.',
    requiredBy: RB,
  },
  hostingPanelAccess: {
    label: 'Hosting panel access',
    group: 'access',
    kind: 'text',
    help: 'Who holds it and where it is kept (a password manager entry by name). Never the password.',
    requiredBy: RB,
  },
  wordpressAdminAccess: {
    label: 'WordPress administrator access',
    group: 'access',
    kind: 'text',
    help: 'Who holds an administrator login and where it is kept. Never the password.',
    requiredBy: RB,
  },
  sftpAccess: {
    label: 'SFTP or SSH access',
    group: 'access',
    kind: 'text',
    help: 'Who holds file access and where the key or login is kept. Never the key.',
    requiredBy: RB,
  },
  pluginPackageLocation: {
    label: 'Known-good SophMate package',
    group: 'access',
    kind: 'text',
    help: 'Where the zip of the SophMate version that worked is kept.',
    requiredBy: RB,
  },
  licenceLocation: {
    label: 'SophMate licence',
    group: 'access',
    kind: 'text',
    help: 'Where the licence key is kept and who holds it. Never the key itself.',
    requiredBy: RB,
  },
  pauseInstructions: {
    label: 'Where to pause high-risk activity',
    group: 'access',
    kind: 'text',
    help: 'The SophMate screen or setting that pauses workflows, agents, tools and publishing.',
    requiredBy: RB,
  },
  clientMessenger: {
    label: 'Who tells the client',
    group: 'communication',
    kind: 'text',
    help: 'The person or role who tells the client that a rollback is happening and when it is over.',
    requiredBy: RB,
  },
  staffMessenger: {
    label: "Who tells the client's staff",
    group: 'communication',
    kind: 'text',
    help: 'Who tells the people who work in WordPress to stop editing while the site is restored.',
    requiredBy: RB,
  },
  customerMessenger: {
    label: 'Who tells customers',
    group: 'communication',
    kind: 'text',
    help: 'Who decides whether customers are told, and through which channel.',
    requiredBy: RB,
  },
  clientMessage: {
    label: 'Message to the client',
    group: 'communication',
    kind: 'note',
    help: 'A template the messenger adapts. Placeholders such as {{site}} are filled in.',
    requiredBy: RB,
  },
  staffMessage: {
    label: 'Message to staff',
    group: 'communication',
    kind: 'note',
    help: 'A template: stop editing, what is affected, when to expect the all-clear.',
    requiredBy: RB,
  },
  customerMessage: {
    label: 'Message to customers',
    group: 'communication',
    kind: 'note',
    help: 'A template for a status page or an e-mail, if customers are told.',
    requiredBy: [],
  },
  diagnosticsLocation: {
    label: 'Where Diagnostics and support bundles are',
    group: 'support',
    kind: 'text',
    help: 'The SophMate screen, and where saved support bundles are kept.',
    requiredBy: SP,
  },
  supportBundleSteps: {
    label: 'How to make and share a support bundle',
    group: 'support',
    kind: 'note',
    help: 'How to produce it, how to remove personal data from it, and how to send it (never by public link).',
    requiredBy: SP,
  },
  incidentLocation: {
    label: 'Where to open an incident',
    group: 'support',
    kind: 'text',
    help: 'The ticket queue, e-mail address or phone line where an incident is opened.',
    requiredBy: SP,
  },
  unknownRoute: {
    label: "If you don't know who to contact",
    group: 'support',
    kind: 'note',
    help: 'What an operator does who cannot tell which route a problem takes.',
    requiredBy: SP,
  },
  supportHours: {
    label: 'Support hours',
    group: 'support',
    kind: 'text',
    help: 'When support answers, with the time zone, and what is covered out of hours.',
    requiredBy: SP,
  },
} as const satisfies Record<string, RunbookFieldInfo>;

export type RunbookFieldKey = keyof typeof RUNBOOK_FIELDS;
export const RUNBOOK_FIELD_KEYS = Object.keys(RUNBOOK_FIELDS) as RunbookFieldKey[];
export const RUNBOOK_FIELD_MAX: Record<RunbookFieldKind, number> = { text: 1000, note: 4000, minutes: 6, hours: 6 };

// ---------------------------------------------------------------------------------------------
// Lists: each one a table of rows, inherited whole.

/** The phases of the rollback steps, in the order the plan prints them. */
export const STEP_LISTS = ['triggers', 'reversals', 'restore', 'checks', 'afterwards'] as const;
export type StepList = (typeof STEP_LISTS)[number];
export const STEP_LIST_LABEL: Record<StepList, string> = {
  triggers: 'When to roll back',
  reversals: 'Smaller reversals before a full restore',
  restore: 'Full restore',
  checks: 'Checks that confirm the rollback worked',
  afterwards: 'Afterwards',
};
/** A step printed always, or only where the site runs WooCommerce (or does not). */
export const STEP_APPLIES = ['always', 'woocommerce', 'no_woocommerce'] as const;
export type StepApplies = (typeof STEP_APPLIES)[number];
export const STEP_APPLIES_LABEL: Record<StepApplies, string> = {
  always: 'Every site',
  woocommerce: 'Sites with WooCommerce',
  no_woocommerce: 'Sites without WooCommerce',
};

export const VENDOR_KINDS = ['host', 'ai_provider', 'sophmate', 'other'] as const;
export type VendorKind = (typeof VENDOR_KINDS)[number];
export const VENDOR_KIND_LABEL: Record<VendorKind, string> = {
  host: 'Host support',
  ai_provider: 'AI provider support',
  sophmate: 'SophMate vendor',
  other: 'Other vendor',
};

export const RUNBOOK_LISTS = ['severities', 'triage', 'escalations', 'vendors', ...STEP_LISTS] as const;
export type RunbookList = (typeof RUNBOOK_LISTS)[number];
export const RUNBOOK_LIST_LABEL: Record<RunbookList, string> = {
  severities: 'Severity levels',
  triage: 'Triage: symptom, first check, owner',
  escalations: 'Escalation by elapsed time',
  vendors: 'Vendor contacts',
  ...STEP_LIST_LABEL,
};
/** At most this many rows in one list. */
export const RUNBOOK_LIST_MAX = 40;

export interface Severity {
  name: string;
  meaning: string;
  responseMinutes: number;
  updateMinutes: number;
}
export interface TriageRow {
  symptom: string;
  firstCheck: string;
  responsibility: Responsibility;
}
export interface EscalationRow {
  afterMinutes: number;
  action: string;
  /** Whose owner to escalate to; null when the action names someone else (a vendor, the client). */
  responsibility: Responsibility | null;
}
export interface Vendor {
  kind: VendorKind;
  name: string;
  email: string | null;
  phone: string | null;
  /** The support portal or contact page. */
  url: string | null;
  statusUrl: string | null;
  hours: string | null;
  /** Where the account or licence is kept (never the key). */
  licenceLocation: string | null;
  /** When the support contract ends (YYYY-MM-DD). */
  supportExpiresOn: string | null;
  /** Account, contract or customer number a vendor asks for. */
  accountRef: string | null;
  notes: string | null;
}
export interface Step {
  text: string;
  applies: StepApplies;
}

export interface RunbookListItems {
  severities: Severity;
  triage: TriageRow;
  escalations: EscalationRow;
  vendors: Vendor;
  triggers: Step;
  reversals: Step;
  restore: Step;
  checks: Step;
  afterwards: Step;
}

/** The whole template at one level: facts by key, lists by name (absent: not set at this level). */
export interface RunbookLevel {
  values: Partial<Record<RunbookFieldKey, string>>;
  lists: { [L in RunbookList]?: RunbookListItems[L][] };
}

// ---------------------------------------------------------------------------------------------
// Rehearsals and backups: when the rollback plan counts as current.

export const REHEARSAL_OUTCOMES = ['passed', 'failed', 'unknown'] as const;
export type RehearsalOutcome = (typeof REHEARSAL_OUTCOMES)[number];
export const REHEARSAL_OUTCOME_LABEL: Record<RehearsalOutcome, string> = {
  passed: 'Passed',
  failed: 'Failed',
  unknown: 'Outcome not recorded',
};

export interface Rehearsal {
  rehearsedOn: string;
  outcome: RehearsalOutcome;
  durationMinutes: number | null;
  /** Who did it, by name. */
  performedBy: string | null;
  notes: string | null;
}
