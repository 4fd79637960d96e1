/**
 * Owner cells of a portfolio sheet (the owner and backup-owner columns of a sites sheet, the owners
 * sheet's Owner and Backup owner): who a cell names, the person it adds, and the `owners.assign` it
 * makes.
 *
 * - A cell is an email, "Name <email>", or the name of exactly one active person of the workspace
 *   (compared in the search fold); a name shared by several is refused with their emails, so the user
 *   writes the one meant.
 * - An email nobody has adds that person (`people.create`): the name from "Name <email>", else made
 *   from the address (jane.doe@ -> Jane Doe); the organisation is the mapping's `newPeople` ('client':
 *   the site's client). An archived or inactive person is refused, as the Owners tab refuses them.
 * - An assignment is written only when the owner, backup or note differs from the current one; an
 *   empty cell keeps what is there (the owner, the backup, the note).
 */
import type { ParsedInputOf } from '@core/contract/index';
import { RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import { foldForSearch } from '@core/search-fold';
import { shown, validate, type Planner, type RowDraft } from './portfolio-plan';
import { addPerson, assignmentKey, emailKey, isPlaceholder, newRef, type PersonRec, type Organisation } from './portfolio-world';

export interface SiteTarget {
  id: string;
  name: string;
  clientId: string | null;
}

const NAME_EMAIL = /^(.*?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>$/;
const BARE_EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** jane.doe_smith -> "Jane Doe Smith": a readable name for a person known only by their address. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  const words = local
    .replace(/\+.*$/, '')
    .split(/[._\-\s]+/)
    .filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return name || local;
}

export function personLabel(p: Pick<PersonRec, 'name' | 'email'>): string {
  return `${p.name} <${p.email}>`;
}

/**
 * The person an owner cell names, or null after adding the problem to the row (under `field`). An
 * unknown email plans the person's creation (once per row and per file).
 */
export function resolvePerson(p: Planner, d: RowDraft, cell: string, field: string, site: SiteTarget, role: 'owner' | 'backup owner'): PersonRec | null {
  const named = NAME_EMAIL.exec(cell);
  const email = named ? named[2]! : BARE_EMAIL.test(cell) ? cell : null;
  if (email === null) {
    const found = p.world.activeByName.get(foldForSearch(cell.trim())) ?? [];
    if (found.length === 1) return found[0]!;
    if (found.length === 0) {
      d.problem(field, `No active person is named ${shown(cell)}: write their email instead (an email nobody has adds that person).`);
    } else {
      d.problem(field, `${shown(cell)} names ${found.length} people (${found.map((f) => f.email).join(', ')}): write the email of the one you mean.`);
    }
    return null;
  }
  const key = emailKey(email);
  const local = d.newPeople.get(key);
  if (local) return p.world.peopleById.get(local) ?? null;
  const known = p.world.peopleByEmail.get(key);
  if (known) {
    if (known.archivedAt) {
      d.problem(field, `${known.name} (${known.email}) is archived and cannot be ${role}: restore them on the People page, or name someone else.`);
      return null;
    }
    if (!known.active) {
      d.problem(field, `${known.name} (${known.email}) is marked inactive and cannot be ${role}: name an active person.`);
      return null;
    }
    return known;
  }
  const organisation: Organisation = p.mapping.newPeople;
  const raw = {
    name: named && named[1]!.trim() !== '' ? named[1]!.trim() : nameFromEmail(email),
    email,
    organisation,
    clientId: organisation === 'client' ? site.clientId : null,
    phone: null,
    active: true,
  };
  const input = validate(d, 'people.create', raw, () => field);
  if (!input) return null;
  const ref = newRef(p.world, 'person', d.line);
  const rec: PersonRec = {
    id: ref,
    name: input.name,
    email: input.email,
    organisation: input.organisation,
    clientId: input.clientId,
    phone: null,
    active: true,
    version: 1,
    archivedAt: null,
  };
  // Seen by the rest of this row at once; by later rows only when this row is good.
  p.world.peopleById.set(ref, rec);
  d.newPeople.set(key, ref);
  d.commits.push(() => addPerson(p.world, rec));
  d.ops.push({ kind: 'createPerson', ref, input });
  d.count('people', 'add');
  d.changes.push({
    line: d.line,
    entity: 'person',
    label: `Person ${input.email}`,
    action: 'add',
    fields: [
      { field: 'name', label: 'Name', before: null, after: input.name },
      { field: 'email', label: 'Email', before: null, after: input.email },
      { field: 'organisation', label: 'Organisation', before: null, after: organisation === 'client' ? 'Client' : 'Agency' },
    ],
  });
  return rec;
}

export interface OwnerCells {
  owner: string | null;
  backup: string | null;
  /** Undefined: the sheet has no note for the assignment (a sites sheet): the current note stays. */
  note?: string | null;
}

export interface OwnerFields {
  owner: string;
  backup: string;
  note?: string;
}

/** Plans `owners.assign` for one responsibility of a site, when the cells change who owns it. */
export function planAssignment(p: Planner, d: RowDraft, site: SiteTarget, r: Responsibility, cells: OwnerCells, fields: OwnerFields): void {
  if (cells.owner === null && cells.backup === null && !cells.note) return;
  const current = isPlaceholder(site.id) ? undefined : p.world.assignments.get(assignmentKey(site.id, r));
  const owner =
    cells.owner !== null ? resolvePerson(p, d, cells.owner, fields.owner, site, 'owner') : current ? p.world.peopleById.get(current.ownerId) : undefined;
  const backup = cells.backup !== null ? resolvePerson(p, d, cells.backup, fields.backup, site, 'backup owner') : undefined;
  if (owner === null || backup === null) return;
  if (!owner) {
    d.problem(fields.owner, `${RESPONSIBILITY_INFO[r].label} has no owner on “${site.name}” yet: fill in its owner as well as the backup or note.`);
    return;
  }
  const backupOwnerId = backup ? backup.id : (current?.backupOwnerId ?? null);
  const note = cells.note ?? current?.note ?? null;
  const raw = { siteId: site.id, responsibility: r, ownerId: owner.id, backupOwnerId, note };
  const fieldFor = (path: string) =>
    path === 'ownerId' ? fields.owner : path === 'backupOwnerId' ? fields.backup : path === 'note' ? (fields.note ?? null) : null;
  const input: ParsedInputOf<'owners.assign'> | null = validate(d, 'owners.assign', raw, fieldFor);
  if (!input) return;
  d.stored.set(fields.owner, personLabel(owner));
  if (backup) d.stored.set(fields.backup, personLabel(backup));
  if (fields.note && cells.note) d.stored.set(fields.note, input.note);
  if (current && current.ownerId === input.ownerId && current.backupOwnerId === input.backupOwnerId && current.note === input.note) {
    d.count('owners', 'unchanged');
    return;
  }
  const who = (id: string | null | undefined) => {
    const person = id ? p.world.peopleById.get(id) : undefined;
    return person ? personLabel(person) : null;
  };
  const changed: { field: string; label: string; before: string | null; after: string | null }[] = [];
  if (current?.ownerId !== input.ownerId) changed.push({ field: fields.owner, label: 'Owner', before: who(current?.ownerId), after: who(input.ownerId) });
  if ((current?.backupOwnerId ?? null) !== input.backupOwnerId)
    changed.push({ field: fields.backup, label: 'Backup owner', before: who(current?.backupOwnerId), after: who(input.backupOwnerId) });
  if ((current?.note ?? null) !== input.note) changed.push({ field: fields.note ?? 'note', label: 'Note', before: current?.note ?? null, after: input.note });
  d.ops.push({ kind: 'assign', input });
  d.count('owners', current ? 'update' : 'add');
  d.changes.push({ line: d.line, entity: 'owner', label: `${responsibilityOwner(r)} of “${site.name}”`, action: current ? 'update' : 'add', fields: changed });
  if (!isPlaceholder(site.id)) {
    const key = assignmentKey(site.id, r);
    d.commits.push(() => p.world.assignments.set(key, { ownerId: input.ownerId, backupOwnerId: input.backupOwnerId, note: input.note }));
  }
}
