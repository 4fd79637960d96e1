/**
 * One document model for every format: the document kinds and formats, the blocks and sections
 * a document is made of, and the snapshot of a site that the builders read. The pure builders live in
 * build.ts (the entry point) and sections/ (one file per document kind); main/documents renders the
 * same model to Markdown, HTML and PDF. Nothing here escapes or formats for a target: renderers do
 * that, so user text stays literal everywhere (docs/ARCHITECTURE.md, "Add a document section").
 */
import type { FindingCategory, FindingStatus, ReviewArea } from '../activity/vocabulary';
import type { ReviewKind } from '../domain/cadence';
import type { Responsibility } from '../domain/responsibilities';
import type { RolloutStage } from '../domain/stages';
import type { OperatorRole, Sop, Workflow } from '../playbook/schema';
import type { Rehearsal, RunbookFieldKey, RunbookList, RunbookListItems } from '../runbook/registry';

export const DOCUMENT_KINDS = ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook', 'first_week_review'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_LABEL: Record<DocumentKind, string> = {
  rollback_plan: 'Rollback plan',
  support_path: 'Support path',
  sop_pack: 'SOP pack',
  handover_runbook: 'Handover runbook',
  first_week_review: 'First-week review report',
};
export const DOCUMENT_FORMATS = ['md', 'html', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[]; ordered?: boolean }
  | { type: 'fields'; rows: [label: string, value: string][] }
  | { type: 'table'; columns: string[]; rows: string[][] }
  | { type: 'note'; tone: 'warning' | 'info'; text: string };

export interface DocSection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface MissingPart {
  /** What is missing, in plain words. */
  part: string;
  /** Where to record it in the app. */
  fix: string;
}

/**
 * Document control, printed on every document: who owns it, which version it is, when it was last
 * reviewed and when it is next due.
 */
export interface DocumentControl {
  /** The document's owner (the site's primary owner), by name, or a dash. */
  owner: string;
  /** A final export's number (1, 2, …: one more than the finals before it); null for a draft. */
  version: number | null;
  /** A draft says which final it would become ("Draft of version 3"). */
  versionLabel: string;
  /** The last completed review of the site (YYYY-MM-DD), or null. */
  lastReviewed: string | null;
  /** The next open review's due day (from the cadence), or null. */
  nextReview: string | null;
}

/** Who signs a document to say the client has received and accepted it. */
export interface SignOff {
  statement: string;
  parties: { role: string; name: string | null }[];
}

export interface DocumentModel {
  kind: DocumentKind;
  title: string;
  siteName: string;
  clientName: string;
  agencyName: string;
  footer: string;
  logo: { mime: 'image/png' | 'image/jpeg'; base64: string } | null;
  generatedAt: string;
  /** A draft carries "DRAFT" on every page; a final export is refused while `missing` is not empty. */
  draft: boolean;
  missing: MissingPart[];
  /** Long documents open with a cover page and a table of contents (built from `sections`). */
  cover: boolean;
  control: DocumentControl;
  /** The client's sign-off block at the end, or null for a document that is not handed over. */
  signOff: SignOff | null;
  sections: DocSection[];
}

// ---------------------------------------------------------------------------------------------
// The snapshot: everything a document may say about a site, gathered by main in one read.

export interface OwnerFact {
  responsibility: Responsibility;
  name: string | null;
  email: string | null;
  phone: string | null;
  backupName: string | null;
  backupEmail: string | null;
  backupPhone: string | null;
  verifiedAt: string | null;
  active: boolean;
}

export interface SiteSnapshot {
  generatedAt: string;
  branding: { agencyName: string; footer: string; logo: DocumentModel['logo']; texts: Partial<Record<DocumentKind, string>> };
  site: {
    id: string;
    name: string;
    clientName: string;
    stage: RolloutStage;
    productionUrl: string;
    stagingUrl: string | null;
    sophmateVersion: string | null;
    wordpressVersion: string | null;
    phpVersion: string | null;
    woocommerceVersion: string | null;
    activeTheme: string | null;
    host: string | null;
    aiProvider: string | null;
    notes: string | null;
    missingSetup: string[];
  };
  owners: OwnerFact[];
  runbook: {
    knownGood: {
      sophmateVersion: string | null;
      wordpressVersion: string | null;
      phpVersion: string | null;
      woocommerceVersion: string | null;
      activeTheme: string | null;
      host: string | null;
      recordedOn: string;
    } | null;
    /** Each runbook fact as the site reads it (its own, its client's, the template's or the default). */
    values: Record<RunbookFieldKey, string | null>;
    /** Each runbook list as the site reads it. */
    lists: { [L in RunbookList]: RunbookListItems[L][] };
    lastBackupOn: string | null;
    /** The latest rehearsals first (at most five). */
    rehearsals: Rehearsal[];
    /** Settings → Documents: how old the last backup and the last passed rehearsal may be. */
    limits: { maxBackupAgeDays: number; maxRehearsalAgeDays: number };
  };
  /** Per kind: how many final versions were exported before, and the last one's time. */
  documentVersions: Partial<Record<DocumentKind, { finals: number; lastFinalAt: string | null }>>;
  operators: { name: string; role: OperatorRole; status: string; access: string; workflows: Workflow[]; overrideReason: string | null }[];
  /** How SophMate is set up at the site (Setup → Access model). */
  accessModel: {
    recorded: boolean;
    enabledWorkflows: Workflow[];
    roles: { role: OperatorRole; wordpressRole: string; maxApproveRisk: 'none' | 'low' | 'medium' | 'high' }[];
    providerTier: string | null;
    bulkApprovalRisk: 'low' | null;
    firstRunCompletedOn: string | null;
    firstRunCompletedByName: string | null;
  };
  checklist: { title: string; status: string; why: string }[];
  acceptance: { title: string; status: string; why: string }[];
  gates: { label: string; ok: boolean; reasons: string[] }[];
  gateOverrides: { gate: string; action: string; reasons: string; overrideReason: string; actor: string; at: string }[];
  pause: { reason: string; pausedBy: string; pausedAt: string; workflows: Workflow[] } | null;
  reviews: {
    cadence: string;
    open: { kind: ReviewKind; dueOn: string; ownerName: string | null; reason: string }[];
    lastDone: { kind: ReviewKind; doneAt: string; doneBy: string; findings: string | null }[];
  };
  /** Open incidents; `openedBy` is who recorded it, by name. */
  incidents: { title: string; severity: string; occurredAt: string; affectedWorkflow: string | null; openedBy: string }[];
  sops: { role: OperatorRole; workflow: Workflow; sop: Sop; overrides: { kind: string; text: string }[] }[];
  changes: { at: string; actor: string; summary: string }[];
  /** The first-week review and what it found (the first-week review report). */
  firstWeek: FirstWeekFacts;
}

export interface FirstWeekFacts {
  review: { state: 'none' | 'open' | 'done' | 'skipped'; dueOn: string | null; doneAt: string | null; doneBy: string | null; notes: string | null };
  imports: { fileName: string; rows: number; imported: number; masked: boolean; importedAt: string; importedBy: string }[];
  areas: { area: ReviewArea; events: number; findings: number; openFindings: number; found: string | null }[];
  /** Finding summaries only, never the imported text behind them. */
  findings: {
    who: string;
    role: OperatorRole | null;
    category: FindingCategory;
    workflow: Workflow;
    occurredAt: string;
    summary: string;
    status: FindingStatus;
    decisionNote: string | null;
    decidedBy: string | null;
    sopVersion: number | null;
  }[];
  flags: {
    operatorName: string;
    role: OperatorRole;
    category: FindingCategory;
    count: number;
    windowDays: number;
    ownerName: string | null;
    ownerEmail: string | null;
  }[];
  sopUpdates: { workflow: Workflow; role: OperatorRole; version: number; changeSummary: string; publishedAt: string; findings: number }[];
  retraining: { name: string; role: OperatorRole; workflows: Workflow[] }[];
}

/** Plain text of a section, line by line, for "what changed since the client's version". */
export function sectionLines(section: DocSection): string[] {
  return section.blocks.flatMap((b) => {
    switch (b.type) {
      case 'paragraph':
      case 'note':
        return [b.text];
      case 'list':
        return b.items;
      case 'fields':
        return b.rows.map(([k, v]) => `${k}: ${v}`);
      case 'table':
        return b.rows.map((r) => r.map((c, i) => `${b.columns[i]}: ${c}`).join(' | '));
    }
  });
}
