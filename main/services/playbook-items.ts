/**
 * The production checklist, acceptance checks and review cadences of the workspace's playbook:
 * stored and versioned like SOPs, read by readiness and review planning, edited on the Playbook page.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { PlaybookCadenceVersion, PlaybookItemKind, PlaybookItems, PlaybookItemVersion } from '@core/contract/playbook';
import { localDate, nextPeriodicDue, REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { computedRule } from '@core/domain/readiness';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import { REVIEW_KINDS, type ChecklistItem, type Playbook } from '@core/playbook/schema';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { newId } from '@db/ids';
import { playbookCadenceVersions, playbookItemVersions } from '@db/schema/index';
import type { ReadableDb, WritableDb } from '@db/client';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, refused, staleVersion } from './errors';

interface ItemRow {
  id: string;
  kind: PlaybookItemKind;
  item_id: string;
  item_version: number;
  position: number;
  title: string;
  description: string;
  computed: ChecklistItem['computed'] | null;
  retired: number;
  change_summary: string;
  published_by: string;
  created_at: string;
}

interface CadenceRow {
  id: string;
  kind: (typeof REVIEW_KINDS)[number];
  cadence_version: number;
  description: string;
  rrule: string | null;
  offset_days: number | null;
  change_summary: string;
  published_by: string;
  created_at: string;
}

export type Cadence = Playbook['cadences'][number];
export type PlaybookItem = { id: string; title: string; description: string; computed?: ChecklistItem['computed'] };

const ITEM_LABEL: Record<PlaybookItemKind, string> = { checklist: 'Checklist item', acceptance: 'Acceptance check' };

/** The newest version of every item of a kind, retired ones included, in playbook order. Uses the (kind, item_id, item_version) index. */
export function latestItemRows(db: ReadableDb, kind: PlaybookItemKind, withRetired: boolean): ItemRow[] {
  return db.all<ItemRow>(sql`SELECT v.* FROM playbook_item_versions v
    WHERE v.kind = ${kind}
      AND v.item_version = (SELECT max(w.item_version) FROM playbook_item_versions w WHERE w.kind = v.kind AND w.item_id = v.item_id)
      ${withRetired ? sql`` : sql`AND v.retired = 0`}
    ORDER BY v.position, v.item_id`);
}

function latestItemRow(db: ReadableDb, kind: PlaybookItemKind, itemId: string): ItemRow | undefined {
  return db.get<ItemRow>(sql`SELECT * FROM playbook_item_versions WHERE kind = ${kind} AND item_id = ${itemId} ORDER BY item_version DESC LIMIT 1`);
}

export function latestCadenceRows(db: ReadableDb): CadenceRow[] {
  return db.all<CadenceRow>(sql`SELECT v.* FROM playbook_cadence_versions v
    WHERE v.cadence_version = (SELECT max(w.cadence_version) FROM playbook_cadence_versions w WHERE w.kind = v.kind)`);
}

export function toItem(r: ItemRow): PlaybookItem {
  return r.computed
    ? { id: r.item_id, title: r.title, description: r.description, computed: r.computed }
    : { id: r.item_id, title: r.title, description: r.description };
}

export function toCadence(r: CadenceRow): Cadence {
  return {
    kind: r.kind,
    description: r.description,
    ...(r.rrule !== null ? { rrule: r.rrule } : {}),
    ...(r.offset_days !== null ? { offsetDays: r.offset_days } : {}),
  };
}

function itemInfo(r: ItemRow): PlaybookItemVersion {
  return {
    kind: r.kind,
    itemId: r.item_id,
    version: r.item_version,
    position: r.position,
    title: r.title,
    description: r.description,
    computed: r.computed ?? null,
    retired: r.retired === 1,
    changeSummary: r.change_summary,
    publishedBy: r.published_by,
    publishedAt: r.created_at,
  };
}

function cadenceInfo(r: CadenceRow): PlaybookCadenceVersion {
  return {
    kind: r.kind,
    version: r.cadence_version,
    description: r.description,
    rrule: r.rrule,
    offsetDays: r.offset_days,
    changeSummary: r.change_summary,
    publishedBy: r.published_by,
    publishedAt: r.created_at,
  };
}

export interface Publication {
  at: string;
  changeSummary: string;
  publishedBy: string;
}

export function insertItem(
  tx: WritableDb,
  kind: PlaybookItemKind,
  item: PlaybookItem,
  position: number,
  itemVersion: number,
  p: Publication,
  retired = false,
): string {
  const id = newId();
  tx.insert(playbookItemVersions)
    .values({
      id,
      createdAt: p.at,
      updatedAt: p.at,
      kind,
      itemId: item.id,
      itemVersion,
      position,
      title: item.title,
      description: item.description,
      computed: item.computed ?? null,
      retired,
      changeSummary: p.changeSummary,
      publishedBy: p.publishedBy,
    })
    .run();
  return id;
}

export function insertCadence(tx: WritableDb, c: Cadence, cadenceVersion: number, p: Publication): string {
  const id = newId();
  tx.insert(playbookCadenceVersions)
    .values({
      id,
      createdAt: p.at,
      updatedAt: p.at,
      kind: c.kind,
      cadenceVersion,
      description: c.description,
      rrule: c.rrule ?? null,
      offsetDays: c.offsetDays ?? null,
      changeSummary: p.changeSummary,
      publishedBy: p.publishedBy,
    })
    .run();
  return id;
}

/**
 * Publishes what differs between a list of items and the workspace's current ones: a changed or moved
 * item gets its next version, a new item version 1 (or the next after a retired one), an item no longer
 * listed a version marked retired. Positions are the list's indexes, so they stay contiguous and
 * exporting then importing publishes nothing.
 */
export function publishItems(tx: WritableDb, kind: PlaybookItemKind, items: PlaybookItem[], p: Publication) {
  const latest = new Map(latestItemRows(tx, kind, true).map((r) => [r.item_id, r]));
  let published = 0;
  let retired = 0;
  items.forEach((item, position) => {
    const cur = latest.get(item.id);
    const same =
      cur &&
      !cur.retired &&
      cur.position === position &&
      cur.title === item.title &&
      cur.description === item.description &&
      (cur.computed ?? undefined) === item.computed;
    if (same) return;
    insertItem(tx, kind, item, position, (cur?.item_version ?? 0) + 1, p);
    published++;
  });
  const listed = new Set(items.map((i) => i.id));
  for (const cur of latest.values()) {
    if (cur.retired || listed.has(cur.item_id)) continue;
    insertItem(tx, kind, toItem(cur), cur.position, cur.item_version + 1, p, true);
    retired++;
  }
  return { published, retired };
}

export function publishCadences(tx: WritableDb, cadences: Cadence[], p: Publication): number {
  const latest = new Map(latestCadenceRows(tx).map((r) => [r.kind, r]));
  let published = 0;
  for (const c of cadences) {
    const cur = latest.get(c.kind);
    if (cur && cur.description === c.description && cur.rrule === (c.rrule ?? null) && cur.offset_days === (c.offsetDays ?? null)) continue;
    insertCadence(tx, c, (cur?.cadence_version ?? 0) + 1, p);
    published++;
  }
  return published;
}

/**
 * The production checklist of the workspace's playbook: the newest version of each item that is not
 * retired, in order. Readiness calls it per site evaluation, so it is one indexed query, not cached.
 * A workspace whose playbook was never installed (opened read-only) uses the shipped checklist.
 */
export function currentChecklist(ctx: Pick<HandlerContext, 'db'>): ChecklistItem[] {
  const rows = latestItemRows(ctx.db, 'checklist', false);
  return rows.length ? rows.map(toItem) : defaultPlaybook().checklist;
}

/** The acceptance checks of the workspace's playbook (current versions, not retired, in order). */
export function currentAcceptance(ctx: Pick<HandlerContext, 'db'>): Playbook['acceptanceChecks'] {
  const rows = latestItemRows(ctx.db, 'acceptance', false);
  return rows.length ? rows.map((r) => ({ id: r.item_id, title: r.title, description: r.description })) : defaultPlaybook().acceptanceChecks;
}

/** The default review cadences of the workspace's playbook: the newest version per kind, one per kind in REVIEW_KINDS order. */
export function currentCadences(ctx: Pick<HandlerContext, 'db'>): Playbook['cadences'] {
  const rows = new Map(latestCadenceRows(ctx.db).map((r) => [r.kind, r]));
  if (rows.size < REVIEW_KINDS.length) {
    const shipped = defaultPlaybook().cadences;
    return REVIEW_KINDS.map((k) => (rows.has(k) ? toCadence(rows.get(k)!) : shipped.find((c) => c.kind === k)!));
  }
  return REVIEW_KINDS.map((k) => toCadence(rows.get(k)!));
}

/** The current checklist, acceptance checks and cadences with their versions, for the playbook page. */
export function playbookItems(ctx: Pick<HandlerContext, 'db'>): PlaybookItems {
  const cadences = latestCadenceRows(ctx.db).sort((a, b) => REVIEW_KINDS.indexOf(a.kind) - REVIEW_KINDS.indexOf(b.kind));
  return {
    checklist: latestItemRows(ctx.db, 'checklist', false).map(itemInfo),
    acceptance: latestItemRows(ctx.db, 'acceptance', false).map(itemInfo),
    cadences: cadences.map(cadenceInfo),
  };
}

export function itemHistory(ctx: Pick<HandlerContext, 'db'>, input: ParsedInputOf<'playbook.itemHistory'>): PlaybookItemVersion[] {
  const rows = ctx.db.all<ItemRow>(
    sql`SELECT * FROM playbook_item_versions WHERE kind = ${input.kind} AND item_id = ${input.itemId} ORDER BY item_version DESC`,
  );
  if (!rows.length) throw notFound(ITEM_LABEL[input.kind], input.itemId);
  return rows.map(itemInfo);
}

export function cadenceHistory(ctx: Pick<HandlerContext, 'db'>, input: ParsedInputOf<'playbook.cadenceHistory'>): PlaybookCadenceVersion[] {
  return ctx.db.all<CadenceRow>(sql`SELECT * FROM playbook_cadence_versions WHERE kind = ${input.kind} ORDER BY cadence_version DESC`).map(cadenceInfo);
}

function invalidField(path: string, message: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

/** Publishes the next version of a checklist item or acceptance check; its position and computed rule stay. */
export function updatePlaybookItem(ctx: WriteContext, input: ParsedInputOf<'playbook.updateItem'>): PlaybookItemVersion {
  const label = ITEM_LABEL[input.kind];
  const { id } = mutate(ctx, 'sop', (tx, at) => {
    const cur = latestItemRow(tx, input.kind, input.itemId);
    if (!cur || cur.retired) throw notFound(label, input.itemId);
    if (cur.item_version !== input.version) throw staleVersion(label, cur.title);
    if (cur.title === input.title && cur.description === input.description) {
      throw refused(`Nothing to publish: the title and description are the same as version ${cur.item_version}. Change one of them, or cancel.`);
    }
    const next = cur.item_version + 1;
    // The rule an item is decided by is the app's (GATE_ITEMS), whatever an older version stored.
    const rule = input.kind === 'checklist' ? computedRule(cur.item_id) : null;
    const item: PlaybookItem = { id: cur.item_id, title: input.title, description: input.description, ...(rule ? { computed: rule } : {}) };
    const id = insertItem(tx, input.kind, item, cur.position, next, { at, changeSummary: input.changeSummary, publishedBy: ctx.actor });
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      action: input.kind === 'checklist' ? 'publish-checklist-item' : 'publish-acceptance-check',
      summary: `Published ${label.toLowerCase()} “${input.title}” v${next}: ${input.changeSummary}`,
      before: { title: cur.title, description: cur.description },
      after: { title: input.title, description: input.description },
    });
    return { id };
  });
  return itemInfo(ctx.db.get<ItemRow>(sql`SELECT * FROM playbook_item_versions WHERE id = ${id}`)!);
}

/** Publishes the next version of the default cadence of a kind of review; reviews planned from then on use it. */
export function updatePlaybookCadence(ctx: WriteContext, input: ParsedInputOf<'playbook.updateCadence'>): PlaybookCadenceVersion {
  if (input.rrule !== null) {
    const today = localDate(ctx.clock.now(), 'UTC');
    try {
      nextPeriodicDue(input.rrule, today, today);
    } catch (e) {
      throw invalidField('rrule', (e as Error).message);
    }
  }
  const { id } = mutate(ctx, 'sop', (tx, at) => {
    const cur = tx.get<CadenceRow>(sql`SELECT * FROM playbook_cadence_versions WHERE kind = ${input.kind} ORDER BY cadence_version DESC LIMIT 1`);
    if (!cur) throw notFound('Review cadence', input.kind);
    if (cur.cadence_version !== input.version) throw staleVersion('Review cadence', REVIEW_KIND_LABEL[input.kind]);
    if (cur.description === input.description && cur.rrule === input.rrule && cur.offset_days === input.offsetDays) {
      throw refused(`Nothing to publish: the cadence is the same as version ${cur.cadence_version}. Change it, or cancel.`);
    }
    const next = cur.cadence_version + 1;
    const cadence: Cadence = {
      kind: input.kind,
      description: input.description,
      ...(input.rrule !== null ? { rrule: input.rrule } : {}),
      ...(input.offsetDays !== null ? { offsetDays: input.offsetDays } : {}),
    };
    const id = insertCadence(tx, cadence, next, { at, changeSummary: input.changeSummary, publishedBy: ctx.actor });
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      action: 'publish-cadence',
      summary: `Published the ${REVIEW_KIND_LABEL[input.kind].toLowerCase()} cadence v${next}: ${input.changeSummary}`,
      before: toCadence(cur),
      after: cadence,
    });
    return { id };
  });
  return cadenceInfo(ctx.db.get<CadenceRow>(sql`SELECT * FROM playbook_cadence_versions WHERE id = ${id}`)!);
}
