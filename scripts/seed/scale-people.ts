/**
 * The scale profile's agency people, clients and client people, written as people.ts and clients.ts
 * write them (the same rows, answers and history entries), with the demo seed's names and odds.
 */
import type { Client } from '@core/contract/clients';
import type { Person } from '@core/contract/people';
import { CLIENT_A, CLIENT_B, FIRST, LAST, TLDS } from './portfolio-data';
import type { ScaleClient, ScaleEnv, ScalePerson } from './scale-env';

function addPerson(env: ScaleEnv, used: Set<string>, client: { id: string; name: string } | null, domain: string): ScalePerson | null {
  const { rand, pick, w } = env;
  const first = pick(FIRST);
  const last = pick(LAST);
  let email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`;
  for (let i = 2; used.has(email); i++) email = email.replace(/(\d*)@/, `${i}@`);
  used.add(email);
  const phone = rand() < 0.6 ? `+44 20 7946 ${String(Math.floor(rand() * 9000) + 1000)}` : null;
  const active = rand() > 0.04;
  const at = env.next();
  const person: Person = {
    id: env.w.id(at),
    name: `${first} ${last}`,
    email,
    organisation: client ? 'client' : 'agency',
    clientId: client?.id ?? null,
    clientName: client?.name ?? null,
    phone,
    active,
    reminderChannel: 'desktop',
    quietHoursStart: null,
    quietHoursEnd: null,
    assignmentCount: 0,
    operatorRoles: [],
    archivedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  w.insert('people', {
    id: person.id,
    created_at: at,
    updated_at: at,
    version: 1,
    name: person.name,
    email,
    organisation: person.organisation,
    client_id: person.clientId,
    phone,
    active: active ? 1 : 0,
  });
  w.change(at, { entity: 'person', entityId: person.id, action: 'create', summary: `Added ${person.name}`, after: person });
  env.counts.people++;
  return active ? { id: person.id, name: person.name, email } : null;
}

/**
 * The agency (about one person per 40 sites) and `clientCount` clients sharing the rest of `people`
 * evenly. Answers the clients with their active people.
 */
export function seedScalePeople(env: ScaleEnv, sites: number, clientCount: number, people: number): ScaleClient[] {
  const { rand, pick, w } = env;
  const used = new Set<string>();
  const agencyCount = Math.max(4, Math.round(sites / 40));
  for (let i = 0; i < agencyCount; i++) {
    const p = addPerson(env, used, null, 'brightpath-agency.com');
    if (p) env.agency.push(p);
  }
  const staffTotal = Math.max(clientCount, people - agencyCount);
  const usedNames = new Set<string>();
  const clients: ScaleClient[] = [];
  for (let i = 0; i < clientCount; i++) {
    let name = `${pick(CLIENT_A)} ${pick(CLIENT_B)}`;
    for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    usedNames.add(name);
    const at = env.next();
    const client: Client = {
      id: env.w.id(at),
      name,
      notes: rand() < 0.3 ? 'Signed the AI addendum; prefers email updates on Fridays.' : null,
      siteCount: 0,
      archivedAt: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    w.insert('clients', { id: client.id, created_at: at, updated_at: at, version: 1, name, notes: client.notes });
    w.change(at, { entity: 'client', entityId: client.id, action: 'create', summary: `Created client “${name}”`, after: client });
    env.counts.clients++;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const domain = `${slug}.${pick(TLDS)}`;
    const staff: ScalePerson[] = [];
    const staffCount = Math.floor(staffTotal / clientCount) + (i < staffTotal % clientCount ? 1 : 0);
    for (let s = 0; s < staffCount; s++) {
      const p = addPerson(env, used, client, domain);
      if (p) staff.push(p);
    }
    clients.push({ id: client.id, name, slug, staff });
  }
  w.flush();
  return clients;
}
