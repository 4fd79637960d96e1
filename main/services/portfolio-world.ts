/**
 * The workspace as a portfolio import sees it: every site by production URL, client by name and person
 * by email, read once per plan (a few queries, whatever the number of rows), so planning 10,000 rows
 * never runs a list query per row. Records the plan adds are put in the same maps under placeholder
 * ids (`new:…`), so a later row of the file finds the client or person an earlier row adds.
 */
import { sql } from 'drizzle-orm';
import type { ORGANISATIONS } from '@core/contract/people';
import type { RolloutStage } from '@core/domain/stages';
import type { Responsibility } from '@core/domain/responsibilities';
import { foldForSearch } from '@core/search-fold';
import type { HandlerContext } from '../rpc/context';

export type Organisation = (typeof ORGANISATIONS)[number];

export interface SiteRec {
  id: string;
  clientId: string;
  name: string;
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
  stage: RolloutStage;
  version: number;
  archivedAt: string | null;
}

export interface ClientRec {
  id: string;
  name: string;
  notes: string | null;
  version: number;
  archivedAt: string | null;
}

export interface PersonRec {
  id: string;
  name: string;
  email: string;
  organisation: Organisation;
  clientId: string | null;
  phone: string | null;
  active: boolean;
  version: number;
  archivedAt: string | null;
}

export interface AssignmentRec {
  ownerId: string;
  backupOwnerId: string | null;
  note: string | null;
}

/** A record the plan adds: its placeholder id and the line of the file that adds it. */
export interface Planned {
  ref: string;
  line: number;
}

export interface World {
  sitesByUrl: Map<string, SiteRec>;
  clientsByName: Map<string, ClientRec>;
  clientsById: Map<string, ClientRec>;
  peopleByEmail: Map<string, PersonRec>;
  peopleById: Map<string, PersonRec>;
  /** Active, unarchived people by folded name: an owner cell may name one of them. */
  activeByName: Map<string, PersonRec[]>;
  assignments: Map<string, AssignmentRec>;
  /** Placeholder id -> the line adding it, for records the plan adds. */
  planned: Map<string, Planned>;
  nextRef: number;
}

/** Site URLs compare as the unique index does: lower(production_url). */
export const urlKey = (url: string) => url.toLowerCase();
/** Client names compare as the clients service does (its search fold), trimmed. */
export const clientKey = (name: string) => foldForSearch(name.normalize('NFC').trim());
/** Emails are stored lower-case; the index is lower(email). */
export const emailKey = (email: string) => email.trim().toLowerCase();
export const assignmentKey = (siteId: string, r: Responsibility) => `${siteId}\u001f${r}`;
export const isPlaceholder = (id: string) => id.startsWith('new:');

/** Keeps the live record when an archived one has the same key (a live one is what the services match). */
function putPreferLive<T extends { archivedAt: string | null }>(map: Map<string, T>, key: string, rec: T) {
  const had = map.get(key);
  if (!had || (had.archivedAt && !rec.archivedAt)) map.set(key, rec);
}

export function loadWorld(ctx: Pick<HandlerContext, 'db'>, opts: { assignments: boolean }): World {
  const world: World = {
    sitesByUrl: new Map(),
    clientsByName: new Map(),
    clientsById: new Map(),
    peopleByEmail: new Map(),
    peopleById: new Map(),
    activeByName: new Map(),
    assignments: new Map(),
    planned: new Map(),
    nextRef: 1,
  };
  const sites = ctx.db.all<SiteRec>(
    sql`SELECT id, client_id AS clientId, name, production_url AS productionUrl, staging_url AS stagingUrl,
      sophmate_version AS sophmateVersion, wordpress_version AS wordpressVersion, php_version AS phpVersion,
      woocommerce_version AS woocommerceVersion, active_theme AS activeTheme, host, ai_provider AS aiProvider,
      notes, stage, version, archived_at AS archivedAt FROM sites`,
  );
  for (const s of sites) putPreferLive(world.sitesByUrl, urlKey(s.productionUrl), s);
  const clients = ctx.db.all<ClientRec>(sql`SELECT id, name, notes, version, archived_at AS archivedAt FROM clients`);
  for (const c of clients) {
    world.clientsById.set(c.id, c);
    putPreferLive(world.clientsByName, clientKey(c.name), c);
  }
  const people = ctx.db.all<Omit<PersonRec, 'active'> & { active: number }>(
    sql`SELECT id, name, email, organisation, client_id AS clientId, phone, active, version, archived_at AS archivedAt FROM people`,
  );
  for (const row of people) addPerson(world, { ...row, active: row.active === 1 });
  if (opts.assignments) {
    const rows = ctx.db.all<AssignmentRec & { siteId: string; responsibility: Responsibility }>(
      sql`SELECT site_id AS siteId, responsibility, owner_id AS ownerId, backup_owner_id AS backupOwnerId, note
        FROM owner_assignments WHERE archived_at IS NULL`,
    );
    for (const r of rows)
      world.assignments.set(assignmentKey(r.siteId, r.responsibility), { ownerId: r.ownerId, backupOwnerId: r.backupOwnerId, note: r.note });
  }
  return world;
}

export function addPerson(world: World, p: PersonRec): void {
  world.peopleById.set(p.id, p);
  putPreferLive(world.peopleByEmail, emailKey(p.email), p);
  if (p.active && !p.archivedAt) {
    const key = foldForSearch(p.name.trim());
    const list = world.activeByName.get(key) ?? [];
    list.push(p);
    world.activeByName.set(key, list);
  }
}

/** A placeholder id for a record the plan adds on `line`. */
export function newRef(world: World, kind: 'client' | 'site' | 'person', line: number): string {
  const ref = `new:${kind}:${world.nextRef++}`;
  world.planned.set(ref, { ref, line });
  return ref;
}
