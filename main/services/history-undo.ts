/**
 * `history.undoPreview` and `history.undo`: undoing one change from a history, field by field. The
 * rules (which changes are field edits, their fields and labels, what to do instead) are in
 * core/domain/undo.ts; this module reads the change and the record, checks what happened since, and
 * puts the fields back through the service that edits the record, so its validation applies again.
 * See docs/ARCHITECTURE.md, "Undoing a change".
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { UndoPreview } from '@core/contract/history';
import { ClientUpdate } from '@core/contract/clients';
import { OwnerAssign } from '@core/contract/owners';
import { PersonUpdate } from '@core/contract/people';
import { runbookContract } from '@core/contract/runbook';
import { SiteUpdate } from '@core/contract/sites';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import {
  changedFields,
  fieldLabel,
  notUndoableReason,
  sameValue,
  shownField,
  UNDO_MARK,
  undoKindOf,
  undoMarkOf,
  type UndoKind,
  type UndoMark,
} from '@core/domain/undo';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { readOnlyReasonOf } from '@db/client';
import type { ChangeRow } from '@db/queries/rows';
import { deriveContext, writerOf, type HandlerContext, type WriteContext } from '../rpc/context';
import { recordingAs, trialWrite, type Entity } from './change-log';
import { getClient, updateClient } from './clients';
import { notFound, refused } from './errors';
import { historyEnd } from './history';
import { whoReader } from './identity';
import { assertUsablePerson, assignOwnerOnly, ownerMatrix } from './owners';
import { getPerson, updatePerson } from './people';
import { getRunbook, setRunbookValues } from './runbook';
import { updateSite } from './sites';
import { getSite } from './sites-list';

type Values = Record<string, unknown>;
type StoredChange = ChangeRow & { rn: number };

/** The record a change was made to, as it is now, and how to put fields of it back. */
interface Subject {
  /** What a sentence calls it: site “Acme shop”. */
  label: string;
  /** Why it cannot be edited now (removed or archived since), or null. */
  gone: string | null;
  /** Its fields now, with the names shown for ids. */
  values: Values;
  /** The input of the service that edits it, with `restored` set: null with the reason when the contract refuses it. */
  input(restored: Values): { ok: true; run: () => void } | { ok: false; reason: string };
  /** Its fields read again (after an undo). */
  reread(): Values;
  /** What else follows from putting these fields back, or null. */
  note?(fields: string[]): string | null;
}

const NOT_SHOWN = 200;
const clip = (text: string) => (text.length > NOT_SHOWN ? `${text.slice(0, NOT_SHOWN - 1)}…` : text);
/** A stored instant as a history sentence says it: 2026-03-01 10:00 UTC. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function parsePayload(text: string | null): Values | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Values) : null;
  } catch {
    return null;
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof WorkbenchError && e.code === ErrorCode.NOT_FOUND;
}

/** A service input checked by the contract, as the registry would check a form's. */
function checked<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } },
  raw: unknown,
  run: (input: T) => void,
) {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false as const, reason: `The value it had before is no longer accepted: ${parsed.error.issues.map((i) => i.message).join(' ')}` };
  }
  return { ok: true as const, run: () => run(parsed.data) };
}

function siteSubject(ctx: WriteContext | HandlerContext, id: string): Subject | null {
  let site;
  try {
    site = getSite(ctx, id);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  const s = site;
  return {
    label: `site “${s.name}”`,
    gone: s.archivedAt ? `“${s.name}” was archived since: restore it first, then undo the change.` : null,
    values: s,
    input: (restored) =>
      checked(SiteUpdate, { ...s, ...restored, id: s.id, version: s.version }, (input) =>
        updateSite(ctx as WriteContext, input as ParsedInputOf<'sites.update'>),
      ),
    reread: () => getSite(ctx, id),
  };
}

function clientSubject(ctx: WriteContext | HandlerContext, id: string): Subject | null {
  let client;
  try {
    client = getClient(ctx, id);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  const c = client;
  return {
    label: `client “${c.name}”`,
    gone: c.archivedAt ? `The client “${c.name}” was archived since: restore it first, then undo the change.` : null,
    values: c,
    input: (restored) =>
      checked(ClientUpdate, { name: c.name, notes: c.notes, ...restored, id: c.id, version: c.version }, (input) =>
        updateClient(ctx as WriteContext, input as ParsedInputOf<'clients.update'>),
      ),
    reread: () => getClient(ctx, id),
  };
}

function personSubject(ctx: WriteContext | HandlerContext, id: string): Subject | null {
  let person;
  try {
    person = getPerson(ctx, id);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  const p = person;
  const fields = { name: p.name, email: p.email, organisation: p.organisation, clientId: p.clientId, phone: p.phone, active: p.active };
  return {
    label: p.name,
    gone: p.archivedAt ? `${p.name} was archived since: restore them first, then undo the change.` : null,
    values: p,
    input: (restored) =>
      checked(PersonUpdate, { ...fields, ...restored, id: p.id, version: p.version }, (input) =>
        updatePerson(ctx as WriteContext, input as ParsedInputOf<'people.update'>),
      ),
    reread: () => getPerson(ctx, id),
  };
}

/** Why an owner or backup owner put back could not hold the role now (archived, inactive), or null. */
function peopleProblem(ctx: HandlerContext, restored: Values): string | null {
  try {
    if (typeof restored.ownerId === 'string') assertUsablePerson(ctx, restored.ownerId, 'owner', 'ownerId');
    if (typeof restored.backupOwnerId === 'string') assertUsablePerson(ctx, restored.backupOwnerId, 'backup owner', 'backupOwnerId');
    return null;
  } catch (e) {
    if (e instanceof WorkbenchError) return e.message;
    throw e;
  }
}

function ownerSubject(ctx: WriteContext | HandlerContext, id: string, siteId: string | null): Subject | null {
  if (!siteId) return null;
  let site;
  try {
    site = getSite(ctx, siteId);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  const find = () => ownerMatrix(ctx, siteId).rows.find((r) => r.assignment?.id === id)?.assignment ?? null;
  const a = find();
  if (!a) return null;
  const role = responsibilityOwner(a.responsibility);
  return {
    label: `${role} of “${site.name}”`,
    gone: site.archivedAt ? `“${site.name}” was archived since: restore it first, then undo the change.` : null,
    values: a,
    input: (restored) => {
      // The people put back must still be able to hold the role: said in the preview, not only at the undo.
      const unusable = peopleProblem(ctx, restored);
      if (unusable) return { ok: false as const, reason: unusable };
      return checked(
        OwnerAssign,
        { siteId, responsibility: a.responsibility, ownerId: a.ownerId, backupOwnerId: a.backupOwnerId, note: a.note, ...restored },
        (input) => assignOwnerOnly(ctx as WriteContext, input as ParsedInputOf<'owners.assign'>),
      );
    },
    reread: () => find() ?? {},
    note: (fields) =>
      fields.includes('ownerId') ? `Putting the owner back starts their verification over: verify them again on the site’s Owners tab.` : null,
  };
}

function runbookSubject(ctx: WriteContext | HandlerContext, entity: string, id: string): Subject | null {
  const scope = entity === 'site' ? { siteId: id } : entity === 'client' ? { clientId: id } : { workspace: true as const };
  let view;
  try {
    view = getRunbook(ctx, scope);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  const own = () => Object.fromEntries(getRunbook(ctx, scope).fields.map((f) => [f.key, f.own]));
  let archived: string | null = null;
  if (entity === 'site' && getSite(ctx, id).archivedAt) archived = `“${view.scopeName}” was archived since: restore it first, then undo the change.`;
  if (entity === 'client' && getClient(ctx, id).archivedAt)
    archived = `The client “${view.scopeName}” was archived since: restore it first, then undo the change.`;
  const v = view;
  return {
    label:
      entity === 'site'
        ? `the runbook of “${v.scopeName}”`
        : entity === 'client'
          ? `the runbook of the client “${v.scopeName}”`
          : 'the agency runbook template',
    gone: archived,
    values: own(),
    input: (restored) =>
      checked(runbookContract['runbook.setValues'].input, { scope, revision: v.revision, values: restored }, (input) =>
        setRunbookValues(ctx as WriteContext, input),
      ),
    reread: own,
  };
}

function subjectOf(ctx: WriteContext | HandlerContext, kind: UndoKind, row: StoredChange): Subject | null {
  switch (kind) {
    case 'site-setup':
      return siteSubject(ctx, row.entity_id);
    case 'client':
      return clientSubject(ctx, row.entity_id);
    case 'person':
      return personSubject(ctx, row.entity_id);
    case 'owner':
      return ownerSubject(ctx, row.entity_id, row.site_id);
    case 'runbook-values':
      return runbookSubject(ctx, row.entity, row.entity_id);
  }
}

interface Assessment {
  preview: UndoPreview;
  row: StoredChange;
  kind: UndoKind | null;
  subject: Subject | null;
  fields: string[];
  before: Values;
}

/** Everything the preview says and the undo needs, read in the caller's transaction. */
function assess(ctx: WriteContext, changeId: string): Assessment {
  const row = ctx.db.get<StoredChange>(sql`SELECT rowid AS rn, * FROM change_log WHERE id = ${changeId}`);
  if (!row) throw notFound('Change', changeId);
  const who = whoReader(ctx);
  const before = parsePayload(row.before) ?? {};
  const after = parsePayload(row.after) ?? {};
  const kind = row.before && row.after ? undoKindOf(row.entity, row.action) : null;
  const fields = kind ? changedFields(kind, before, after) : [];
  const result: Assessment = {
    preview: { changeId, possible: false, reason: null, entityLabel: row.entity, summary: row.summary, fields: [], note: null },
    row,
    kind,
    subject: null,
    fields,
    before,
  };
  const refuse = (reason: string) => {
    result.preview.reason = reason;
    return result;
  };
  if (!kind) return refuse(notUndoableReason(row.entity, row.action));
  if (fields.length === 0) return refuse('This change did not change any field that can be put back.');

  // Later in time, not in row order: history brought in by a handover bundle is appended after local
  // rows that are younger than it.
  const later = ctx.db.all<StoredChange>(
    sql`SELECT rowid AS rn, * FROM change_log WHERE entity = ${row.entity} AND entity_id = ${row.entity_id}
          AND (at > ${row.at} OR (at = ${row.at} AND rowid > ${row.rn})) ORDER BY at DESC, rowid DESC`,
  );
  const marks = later.map((l) => ({ l, mark: undoMarkOf(parsePayload(l.before)) }));
  // An undo that was itself undone no longer counts: the fields were changed again, which the check below names.
  const undone = marks.find((m) => m.mark?.changeId === row.id && !marks.some((n) => n.mark?.changeId === m.l.id));
  if (undone) return refuse(`This change was already undone on ${when(undone.l.at)} by ${who(undone.l.actor)}.`);

  const subject = subjectOf(ctx, kind, row);
  if (!subject)
    return refuse(`The ${kind === 'owner' ? 'owner assignment' : 'record'} this change was made to was removed since: there is nothing to put back.`);
  result.subject = subject;
  result.preview.entityLabel = subject.label;
  result.preview.fields = fields.map((field) => ({
    field,
    label: fieldLabel(kind, field),
    now: subject.values[shownField(kind, field)] ?? null,
    restored: before[shownField(kind, field)] ?? null,
  }));
  result.preview.note = subject.note?.(fields) ?? null;
  if (subject.gone) return refuse(subject.gone);

  // Any later change whose record before and after differ in one of the fields counts, whatever its
  // action (an owner verification can change the note; a handover bundle import updates a record).
  for (const { l } of marks) {
    const touched = changedFields(kind, parsePayload(l.before) ?? {}, parsePayload(l.after) ?? {}).filter((f) => fields.includes(f));
    if (touched.length === 0) continue;
    const names = touched.map((f) => fieldLabel(kind, f)).join(', ');
    const instead = undoKindOf(l.entity, l.action) === kind ? 'undo that change first, or edit the field directly' : 'edit the field directly';
    return refuse(
      `${names} ${touched.length === 1 ? 'was' : 'were'} changed again later, on ${when(l.at)} by ${who(l.actor)} (“${clip(l.summary)}”): ${instead}.`,
    );
  }
  const drifted = fields.filter((f) => !sameValue(subject.values[f], after[f]));
  if (drifted.length) {
    const names = drifted.map((f) => fieldLabel(kind, f)).join(', ');
    return refuse(
      `${names} no longer ${drifted.length === 1 ? 'has' : 'have'} the value this change left, though no later edit is recorded: edit the field directly.`,
    );
  }
  const readOnly = readOnlyReasonOf(ctx.db);
  if (readOnly) return refuse(readOnly);
  const input = subject.input(restoredValues(fields, before));
  if (!input.ok) return refuse(input.reason);
  // Tried and rolled back, so what only the editing service can tell (a production URL or an email
  // taken since, a client archived since) is said before "Undo change" is pressed.
  const refusal = trialWrite(ctx, input.run);
  if (refusal) return refuse(refusal.message);
  result.preview.possible = true;
  return result;
}

const restoredValues = (fields: string[], before: Values): Values => Object.fromEntries(fields.map((f) => [f, before[f] ?? null]));

export function undoPreview(ctx: HandlerContext, input: ParsedInputOf<'history.undoPreview'>): UndoPreview {
  // A writer that tells nobody: the trial's writes are rolled back before the preview answers.
  return assess(deriveContext(writerOf(ctx), { emit: undefined }), input.changeId).preview;
}

/**
 * Undoes one change inside the call's write transaction: the checks of the preview run again there,
 * so a change saved since the preview is seen; then the service that edits the record puts the fields
 * back, and its history row is recorded as the undo (one row: "Undid …", with the record before and
 * after and the UNDO_MARK naming the change undone), keeping the service's action so everything that
 * follows that action (a runbook edit making final plans out of date) follows an undo too.
 */
export function undoChange(ctx: WriteContext, input: ParsedInputOf<'history.undo'>): { changeId: string; summary: string } {
  const target = ctx.db.get<{ entity: string; entity_id: string }>(sql`SELECT entity, entity_id FROM change_log WHERE id = ${input.changeId}`);
  if (!target) throw notFound('Change', input.changeId);
  let undo: { summary: string; mark: UndoMark } | null = null;
  const marked = (payload: unknown, mark: UndoMark): Values => ({ ...((payload ?? {}) as Values), [UNDO_MARK]: mark });
  const as = recordingAs(ctx, {
    entity: target.entity as Entity,
    entityId: target.entity_id,
    rewrite: (change) =>
      undo ? { ...change, summary: undo.summary, before: marked(change.before, undo.mark), after: marked(change.after, undo.mark) } : change,
  });
  const a = assess(as.ctx, input.changeId);
  if (!a.preview.possible || !a.kind || !a.subject) throw refused(a.preview.reason ?? 'This change cannot be undone.');
  const { row, kind, subject, fields } = a;
  const run = subject.input(restoredValues(fields, a.before));
  if (!run.ok) throw refused(run.reason);
  const who = whoReader(ctx);
  const summary = `Undid “${clip(row.summary)}” (${who(row.actor)}, ${when(row.at)})`;
  undo = { summary, mark: { kind, changeId: row.id } };
  const mark = historyEnd(ctx);
  run.run();
  // The service's own row was rewritten as the undo; a service that recorded nothing changed nothing.
  if (!as.applied()) throw refused('Nothing was put back: the fields already have the values they had before this change.');
  const id = ctx.db.get<{ id: string }>(
    sql`SELECT id FROM change_log WHERE rowid > ${mark} AND entity = ${row.entity} AND entity_id = ${row.entity_id} ORDER BY rowid LIMIT 1`,
  )!.id;
  return { changeId: id, summary };
}
