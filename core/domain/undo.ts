/**
 * Undoing one change from a history: which changes can be undone, which of their fields are put back,
 * and, for every other change, what to do instead, in plain words. The reads and the write that
 * undo a change are in main/services/history-undo.ts; see docs/ARCHITECTURE.md, "Undoing a change".
 *
 * Only field edits are undone, field by field: the fields the change changed are set back to what they
 * were before it, through the same service that made the edit, so its validation applies again.
 */
import { RUNBOOK_FIELDS, type RunbookFieldKey } from '../runbook/registry';

/**
 * The key, in both the before and the after of an undo's history row, that says which change it undid
 * and of which kind. Equal on both sides, so a history's field differences never show it. An undo keeps
 * the action of the service edit it is made of ('update', 'runbook-values'), so it is itself an edit of
 * the same fields: a later change to them, and a change that can be undone in turn.
 */
export const UNDO_MARK = 'undo';

export const UNDO_KINDS = ['site-setup', 'client', 'person', 'owner', 'runbook-values'] as const;
export type UndoKind = (typeof UNDO_KINDS)[number];

export interface UndoMark {
  kind: UndoKind;
  /** The change this undo undid. */
  changeId: string;
}

interface KindRule {
  entities: readonly string[];
  /** The actions whose before and after are field edits of this kind (an undo of this kind is one too). */
  actions: readonly string[];
  /** Field -> its label; a kind's fields are exactly the keys here, or any key for `anyField`. */
  labels: Record<string, string>;
  /** For a field holding an id, the field of the same record that names it (shown instead of the id). */
  shownAs: Record<string, string>;
}

const SITE_LABELS: Record<string, string> = {
  name: 'Name',
  clientId: 'Client',
  productionUrl: 'Production URL',
  stagingUrl: 'Staging URL',
  sophmateVersion: 'SophMate version',
  wordpressVersion: 'WordPress version',
  phpVersion: 'PHP version',
  woocommerceVersion: 'WooCommerce version',
  activeTheme: 'Active theme',
  host: 'Host',
  aiProvider: 'AI provider',
  notes: 'Notes',
  // Never put back by an undo (the stage moves only through Change stage), but named when refused.
  stage: 'Stage',
};

const RUNBOOK_LABELS: Record<string, string> = Object.fromEntries(
  (Object.keys(RUNBOOK_FIELDS) as RunbookFieldKey[]).map((key) => [key, RUNBOOK_FIELDS[key].label]),
);

const RULES: Record<UndoKind, KindRule> = {
  'site-setup': { entities: ['site'], actions: ['update'], labels: SITE_LABELS, shownAs: { clientId: 'clientName' } },
  client: { entities: ['client'], actions: ['update'], labels: { name: 'Name', notes: 'Notes' }, shownAs: {} },
  person: {
    entities: ['person'],
    actions: ['update'],
    labels: { name: 'Name', email: 'Email', organisation: 'Organisation', clientId: 'Client', phone: 'Phone', active: 'Active' },
    shownAs: { clientId: 'clientName' },
  },
  owner: {
    entities: ['owner_assignment'],
    actions: ['update'],
    labels: { ownerId: 'Owner', backupOwnerId: 'Backup owner', note: 'Note' },
    shownAs: { ownerId: 'ownerName', backupOwnerId: 'backupOwnerName' },
  },
  'runbook-values': { entities: ['site', 'client', 'settings'], actions: ['runbook-values'], labels: RUNBOOK_LABELS, shownAs: {} },
};

/** The kind of field edit an entity's action is, or null when it is not one that can be undone. */
export function undoKindOf(entity: string, action: string): UndoKind | null {
  for (const kind of UNDO_KINDS) {
    const rule = RULES[kind];
    if (rule.entities.includes(entity) && rule.actions.includes(action)) return kind;
  }
  return null;
}

export function fieldLabel(kind: UndoKind, field: string): string {
  return RULES[kind].labels[field] ?? field;
}

/** The field of the record that names an id field (clientId -> clientName), or the field itself. */
export function shownField(kind: UndoKind, field: string): string {
  return RULES[kind].shownAs[field] ?? field;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The kind's fields whose value differs between a change's before and after, in the kind's order. */
export function changedFields(kind: UndoKind, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const fields = Object.keys(RULES[kind].labels);
  return fields.filter((f) => (f in before || f in after) && !same(before[f], after[f]));
}

export { same as sameValue };

/** The undo mark of a history row's stored before/after, or null. */
export function undoMarkOf(payload: unknown): UndoMark | null {
  if (!payload || typeof payload !== 'object') return null;
  const mark = (payload as Record<string, unknown>)[UNDO_MARK];
  if (!mark || typeof mark !== 'object') return null;
  const m = mark as Record<string, unknown>;
  if (typeof m.changeId !== 'string' || !(UNDO_KINDS as readonly unknown[]).includes(m.kind)) return null;
  return { kind: m.kind as UndoKind, changeId: m.changeId };
}

/** Why a change that is not a field edit cannot be undone, and what to do instead. */
export function notUndoableReason(entity: string, action: string): string {
  const what = ENTITY_WORD[entity] ?? 'record';
  switch (action) {
    case 'create':
      return `This change created the ${what}: an undo only puts edited fields back. Archive the ${what} instead if it should not exist.`;
    case 'archive':
      return `This change archived the ${what}: restore it instead (the Archived filter of its list).`;
    case 'restore':
      return `This change restored the ${what}: archive it again instead.`;
    case 'assign':
      return 'This change assigned a new owner: remove the owner on the site’s Owners tab instead.';
    case 'unassign':
      return 'This change removed an owner: assign them again on the site’s Owners tab instead.';
    case 'verify':
      return 'A verification is someone’s confirmation that the owner can do the job, not an edit: if they cannot, change the owner on the Owners tab.';
    case 'stage':
    case 'stage-override':
    case 'stage-import':
      return 'A stage moves only through Change stage, which checks the readiness gates: use Change stage on the site instead.';
    case 'runbook-list':
      return 'A runbook list is replaced as a whole: edit the list on the runbook instead.';
    case 'import':
    case 'install':
    case 'upgrade':
    case 'publish':
    case 'restore-rules':
      return 'Imports and playbook changes are not undone one change at a time: make the change again where it was made (or restore a backup).';
    default:
      return `Only an edit of a record’s fields can be undone, and this change (${action}) is not one: make the opposite change where it was made.`;
  }
}

const ENTITY_WORD: Record<string, string> = {
  site: 'site',
  client: 'client',
  person: 'person',
  owner_assignment: 'owner assignment',
  operator: 'operator',
  incident: 'incident',
  review: 'review',
  sop: 'SOP',
  finding: 'finding',
};
