/**
 * Clients, people and owners sheets, row by row (a sites sheet is portfolio-plan-sites.ts).
 *
 * - Clients: matched by name (search fold, trimmed); Notes updated when the cell differs. An archived
 *   client is refused (restore it first).
 * - People: matched by email (lower case). Organisation from its column (Agency or Client), else
 *   Client when the row names a client, else Agency for a new person and unchanged for a known one;
 *   the client must exist (by name, not archived): a people sheet never adds clients. Active from
 *   its column (Yes/No; empty: Yes for a new person, unchanged for a known one).
 * - Owners: one row per site and responsibility (key or label, any case); the site must exist (by
 *   production URL). Owner and backup cells as in portfolio-plan-owners.ts; the Note is the
 *   assignment's note.
 */
import type { ParsedInputOf } from '@core/contract/index';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { headerKey, parseYesNo, type ImportKind } from '@core/portfolio/fields';
import { shown, validate, type Cells, type Planner, type RowDraft, type RowPlanner } from './portfolio-plan';
import { planAssignment } from './portfolio-plan-owners';
import { planSiteRow, readProductionUrl } from './portfolio-plan-sites';
import { addPerson, clientKey, emailKey, newRef, urlKey, type ClientRec, type PersonRec, type Organisation } from './portfolio-world';

export function rowPlanner(kind: ImportKind): RowPlanner {
  return { sites: planSiteRow, clients: planClientRow, people: planPersonRow, owners: planOwnerRow }[kind];
}

/* ---------- clients ---------- */

function planClientRow(p: Planner, d: RowDraft, cells: Cells): void {
  const name = cells('name');
  if (name === null) return d.problem('name', 'Client is required: each row needs the client’s name.');
  const earlier = p.firstLine(d, `client\u001f${clientKey(name)}`);
  if (earlier !== null) {
    d.duplicateOf = earlier;
    return;
  }
  const existing = p.world.clientsByName.get(clientKey(name));
  if (existing?.archivedAt) return d.problem('name', `Client “${existing.name}” is archived: restore it first, then import this row again.`);
  const notes = cells('notes');
  const fieldFor = (path: string) => (path === 'name' || path === 'notes' ? path : null);
  if (!existing) {
    const input = validate(d, 'clients.create', { name, notes }, fieldFor);
    if (!input) return;
    d.stored.set('name', input.name);
    if (notes !== null) d.stored.set('notes', input.notes);
    const ref = newRef(p.world, 'client', d.line);
    const rec: ClientRec = { id: ref, name: input.name, notes: input.notes, version: 1, archivedAt: null };
    d.commits.push(() => p.world.clientsByName.set(clientKey(input.name), rec));
    d.ops.push({ kind: 'createClient', ref, input });
    d.count('clients', 'add');
    const fields = [{ field: 'name', label: 'Client', before: null, after: input.name }];
    if (input.notes) fields.push({ field: 'notes', label: 'Notes', before: null, after: input.notes });
    d.changes.push({ line: d.line, entity: 'client', label: `Client “${input.name}”`, action: 'add', fields });
    return;
  }
  const input = validate(d, 'clients.update', { id: existing.id, version: existing.version, name: existing.name, notes: notes ?? existing.notes }, fieldFor);
  if (!input) return;
  d.stored.set('name', existing.name);
  if (notes !== null) d.stored.set('notes', input.notes);
  if (input.notes === existing.notes) return d.count('clients', 'unchanged');
  d.ops.push({ kind: 'updateClient', input });
  d.count('clients', 'update');
  d.changes.push({
    line: d.line,
    entity: 'client',
    label: `Client “${existing.name}”`,
    action: 'update',
    fields: [{ field: 'notes', label: 'Notes', before: existing.notes, after: input.notes }],
  });
}

/* ---------- people ---------- */

function readOrganisation(d: RowDraft, cell: string | null): Organisation | null | undefined {
  if (cell === null) return undefined;
  const v = headerKey(cell);
  if (v === 'agency') return 'agency';
  if (v === 'client') return 'client';
  d.problem('organisation', `Organisation ${shown(cell)} is not Agency or Client: write one of them (or leave it empty).`);
  return null;
}

const yesNo = (v: boolean) => (v ? 'Yes' : 'No');

function planPersonRow(p: Planner, d: RowDraft, cells: Cells): void {
  const emailCell = cells('email');
  if (emailCell === null) return d.problem('email', 'Email is required: people are matched by their email.');
  const earlier = p.firstLine(d, `person\u001f${emailKey(emailCell)}`);
  if (earlier !== null) {
    d.duplicateOf = earlier;
    return;
  }
  const existing = p.world.peopleByEmail.get(emailKey(emailCell));
  if (existing?.archivedAt) return d.problem('email', `${existing.name} (${existing.email}) is archived: restore them first, then import this row again.`);
  const organisation = readOrganisation(d, cells('organisation'));
  const clientCell = cells('client');
  let clientId: string | null | undefined;
  if (clientCell !== null) {
    const c = p.world.clientsByName.get(clientKey(clientCell));
    if (!c)
      d.problem('client', `No client is named ${shown(clientCell)}: add the client first (a clients sheet, or the Clients page), then import this row again.`);
    else if (c.archivedAt) d.problem('client', `Client “${c.name}” is archived: restore it first, or name another client.`);
    else clientId = c.id;
  }
  const activeCell = cells('active');
  const active = activeCell === null ? undefined : parseYesNo(activeCell);
  if (active === null) d.problem('active', `Active ${shown(activeCell!)} is not Yes or No: write Yes or No (empty: Yes).`);
  if (organisation === null || active === null || (clientCell !== null && clientId === undefined)) return;
  const fieldFor = (path: string) => (path === 'clientId' ? 'client' : ['name', 'email', 'organisation', 'phone', 'active'].includes(path) ? path : null);
  const clientName = (id: string | null) => (id ? (p.world.clientsById.get(id)?.name ?? null) : null);
  const org = (o: Organisation) => (o === 'client' ? 'Client' : 'Agency');
  if (!existing) {
    const resolvedOrg: Organisation = organisation ?? (clientId ? 'client' : 'agency');
    const raw = { name: cells('name'), email: emailCell, organisation: resolvedOrg, clientId: clientId ?? null, phone: cells('phone'), active: active ?? true };
    const input = validate(d, 'people.create', raw, fieldFor);
    if (!input) return;
    storePerson(d, cells, input, clientName(input.clientId));
    const ref = newRef(p.world, 'person', d.line);
    const rec: PersonRec = { ...input, id: ref, version: 1, archivedAt: null };
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
        { field: 'organisation', label: 'Organisation', before: null, after: org(input.organisation) },
        ...(input.clientId ? [{ field: 'client', label: 'Client', before: null, after: clientName(input.clientId) }] : []),
        ...(input.phone ? [{ field: 'phone', label: 'Phone', before: null, after: input.phone }] : []),
        { field: 'active', label: 'Active', before: null, after: yesNo(input.active) },
      ],
    });
    return;
  }
  // A known person: only what the row says changes; a move to Agency leaves the client, a client makes them Client.
  const nextOrg: Organisation = organisation ?? (clientId ? 'client' : existing.organisation);
  const nextClient = nextOrg === 'agency' ? null : (clientId ?? existing.clientId);
  const raw = {
    id: existing.id,
    version: existing.version,
    name: cells('name') ?? existing.name,
    email: existing.email,
    organisation: nextOrg,
    clientId: nextClient,
    phone: cells('phone') ?? existing.phone,
    active: active ?? existing.active,
  };
  const input = validate(d, 'people.update', raw, fieldFor);
  if (!input) return;
  storePerson(d, cells, input, clientName(input.clientId));
  const fields: { field: string; label: string; before: string | null; after: string | null }[] = [];
  if (input.name !== existing.name) fields.push({ field: 'name', label: 'Name', before: existing.name, after: input.name });
  if (input.organisation !== existing.organisation)
    fields.push({ field: 'organisation', label: 'Organisation', before: org(existing.organisation), after: org(input.organisation) });
  if (input.clientId !== existing.clientId)
    fields.push({ field: 'client', label: 'Client', before: clientName(existing.clientId), after: clientName(input.clientId) });
  if (input.phone !== existing.phone) fields.push({ field: 'phone', label: 'Phone', before: existing.phone, after: input.phone });
  if (input.active !== existing.active) fields.push({ field: 'active', label: 'Active', before: yesNo(existing.active), after: yesNo(input.active) });
  if (fields.length === 0) return d.count('people', 'unchanged');
  d.ops.push({ kind: 'updatePerson', input });
  d.count('people', 'update');
  d.changes.push({ line: d.line, entity: 'person', label: `Person ${existing.email}`, action: 'update', fields });
}

function storePerson(d: RowDraft, cells: Cells, input: ParsedInputOf<'people.create'>, clientName: string | null): void {
  const put = (field: string, value: string | null) => {
    if (cells(field) !== null) d.stored.set(field, value);
  };
  put('name', input.name);
  put('email', input.email);
  put('organisation', input.organisation === 'client' ? 'Client' : 'Agency');
  put('client', clientName);
  put('phone', input.phone);
  put('active', yesNo(input.active));
}

/* ---------- owners ---------- */

/** A responsibility cell: its key or its label, in any case ("hosting", "Hosting", "Provider key & billing"). */
function readResponsibility(d: RowDraft, cell: string | null): Responsibility | null {
  if (cell === null) {
    d.problem('responsibility', 'Responsibility is required: each row assigns the owner of one responsibility.');
    return null;
  }
  const v = headerKey(cell);
  const found = RESPONSIBILITIES.find(
    (r) => headerKey(r) === v || headerKey(RESPONSIBILITY_INFO[r].label) === v || headerKey(`${RESPONSIBILITY_INFO[r].label} owner`) === v,
  );
  if (!found)
    d.problem('responsibility', `Responsibility ${shown(cell)} is not one of: ${RESPONSIBILITIES.map((r) => RESPONSIBILITY_INFO[r].label).join(', ')}.`);
  return found ?? null;
}

function planOwnerRow(p: Planner, d: RowDraft, cells: Cells): void {
  const url = readProductionUrl(d, cells('productionUrl'));
  const r = readResponsibility(d, cells('responsibility'));
  if (url === null || r === null) return;
  const earlier = p.firstLine(d, `owner\u001f${urlKey(url)}\u001f${r}`);
  if (earlier !== null) {
    d.duplicateOf = earlier;
    return;
  }
  d.stored.set('productionUrl', url);
  d.stored.set('responsibility', RESPONSIBILITY_INFO[r].label);
  const site = p.world.sitesByUrl.get(urlKey(url));
  if (!site)
    return d.problem('productionUrl', `No site has the production URL ${url}: add the site first (a sites sheet, or New site), then import this row again.`);
  if (site.archivedAt) return d.problem('productionUrl', `“${site.name}” (${site.productionUrl}) is archived: restore it first, then import this row again.`);
  d.stored.set('site', site.name);
  if (cells('owner') === null && p.world.assignments.get(`${site.id}\u001f${r}`) === undefined) {
    return d.problem('owner', `Owner is required: nobody owns ${RESPONSIBILITY_INFO[r].label} on “${site.name}” yet.`);
  }
  planAssignment(
    p,
    d,
    site,
    r,
    { owner: cells('owner'), backup: cells('backupOwner'), note: cells('note') },
    { owner: 'owner', backup: 'backupOwner', note: 'note' },
  );
}
