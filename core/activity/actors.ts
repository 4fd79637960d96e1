/** Matching the actors of an export to the site's operators: saved or chosen matches, then email, then name. */
import type { OperatorRole } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';

export interface SiteOperator {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
}

export type ActorMatch = { operatorId: string; by: 'email' | 'name' | 'saved' | 'chosen' };

/** "Ana Silva <ana@shop.example>": a display name and an address. */
const NAME_ADDR = /^(.{0,200}?)\s?<\s?(?:mailto:)?([^\s<>@]{1,64}@[^\s<>@]{1,255})\s?>$/i;

/**
 * The actor as written, reduced to what tells people apart: invisible characters (zero-width spaces,
 * bidi marks) removed, runs of spaces made one, a trailing dot dropped, "Name <address>" read as the
 * address, then case-folded (core/search-fold.ts). The key matches are saved under.
 */
export function actorKey(actor: string): string {
  return foldForSearch(actorParts(actor).key);
}

/** The actor's key before folding, and the display name of a "Name <address>" actor. */
function actorParts(actor: string): { key: string; name: string | null } {
  const plain = actor
    .replace(/\p{Cf}/gu, '')
    .replace(/[\s\u00a0\u2007\u202f]+/g, ' ')
    .trim();
  const pair = plain.endsWith('>') ? NAME_ADDR.exec(plain) : null;
  if (pair) {
    const name = pair[1]!
      .trim()
      .replace(/^["']|["']$/g, '')
      .trim();
    return { key: tidy(pair[2]!), name: name === '' ? null : name };
  }
  return { key: tidy(plain.replace(/^mailto:/i, '')), name: null };
}

/** Without trailing dots and spaces (a loop: a regex anchored at the end would retry every run). */
function tidy(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '.' || s[end - 1] === ' ')) end--;
  return s.slice(0, end).trim();
}

const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/**
 * Each actor's operator, keyed by `actorKey(actor)`: a match chosen now (null there means "leave
 * unmatched") wins, then a saved one, then the operator with that email (case-insensitive), then the
 * only person with that name (an ambiguous name matches nobody). An actor that is an email no operator
 * has may still match by its name column (`name`). `saved` and `chosen` may be keyed by the actor as
 * written or by its key. Operators of several roles on the site are one person (same email): the first
 * one listed wins unless the row names a role (see `operatorForRole`).
 */
export function matchActors(
  actors: readonly { actor: string; name: string | null }[],
  operators: readonly SiteOperator[],
  saved: ReadonlyMap<string, string>,
  chosen: ReadonlyMap<string, string | null>,
): Map<string, ActorMatch | null> {
  const known = new Set(operators.map((o) => o.id));
  const savedByKey = new Map<string, string>();
  for (const [k, v] of saved) savedByKey.set(actorKey(k), v);
  const chosenByKey = new Map<string, string | null>();
  for (const [k, v] of chosen) chosenByKey.set(actorKey(k), v);

  const byEmail = new Map<string, SiteOperator>();
  const byName = new Map<string, Set<string>>();
  const firstOfPerson = new Map<string, SiteOperator>();
  for (const o of operators) {
    const email = actorKey(o.email);
    if (!byEmail.has(email)) byEmail.set(email, o);
    const person = email || `id:${o.id}`;
    if (!firstOfPerson.has(person)) firstOfPerson.set(person, o);
    const name = actorKey(o.name);
    if (!name) continue;
    const people = byName.get(name) ?? new Set<string>();
    people.add(person);
    byName.set(name, people);
  }
  const onlyByName = (name: string): SiteOperator | null => {
    const people = byName.get(actorKey(name));
    if (!people || people.size !== 1) return null;
    return firstOfPerson.get([...people][0]!) ?? null;
  };

  const out = new Map<string, ActorMatch | null>();
  for (const { actor, name } of actors) {
    const key = actorKey(actor);
    if (out.has(key)) continue;
    if (chosenByKey.has(key)) {
      const id = chosenByKey.get(key)!;
      out.set(key, id !== null && known.has(id) ? { operatorId: id, by: 'chosen' } : null);
      continue;
    }
    const savedId = savedByKey.get(key);
    if (savedId !== undefined && known.has(savedId)) {
      out.set(key, { operatorId: savedId, by: 'saved' });
      continue;
    }
    if (looksLikeEmail(key)) {
      const op = byEmail.get(key);
      if (op) {
        out.set(key, { operatorId: op.id, by: 'email' });
        continue;
      }
      const shown = actorParts(actor).name;
      const named = (shown ? onlyByName(shown) : null) ?? (name ? onlyByName(name) : null);
      out.set(key, named ? { operatorId: named.id, by: 'name' } : null);
      continue;
    }
    const named = onlyByName(actor) ?? (name ? onlyByName(name) : null);
    out.set(key, named ? { operatorId: named.id, by: 'name' } : null);
  }
  return out;
}

/**
 * The operator a row belongs to when the matched person holds several roles on the site: the one of
 * the row's role when the person has it, else the matched one.
 */
export function operatorForRole(operatorId: string, role: OperatorRole | null, operators: readonly SiteOperator[]): string {
  if (!role) return operatorId;
  const matched = operators.find((o) => o.id === operatorId);
  if (!matched || matched.role === role) return operatorId;
  const email = actorKey(matched.email);
  const same = operators.find((o) => o.role === role && actorKey(o.email) === email);
  return same ? same.id : operatorId;
}
