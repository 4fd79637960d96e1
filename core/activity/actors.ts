/** Matching the actors of an export to the site's operators: saved or chosen matches, then email, then name. */
import type { OperatorRole } from '../playbook/vocabulary';

export interface SiteOperator {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
}

export type ActorMatch = { operatorId: string; by: 'email' | 'name' | 'saved' | 'chosen' };

/** The actor as written, trimmed and case-folded (core/search-fold.ts): the key matches are saved under. */
export function actorKey(actor: string): string {
  void actor;
  throw new Error('not implemented');
}

/**
 * Each actor's operator: a match chosen now (null there means "leave unmatched") wins, then a saved
 * one, then the only operator with that email, then the only operator with that name (an ambiguous
 * name matches nobody). Operators of several roles on the site are one person: the first role wins
 * unless the row names a role (see `operatorForRole`).
 */
export function matchActors(
  actors: readonly { actor: string; name: string | null }[],
  operators: readonly SiteOperator[],
  saved: ReadonlyMap<string, string>,
  chosen: ReadonlyMap<string, string | null>,
): Map<string, ActorMatch | null> {
  (void actors, operators, saved, chosen);
  throw new Error('not implemented');
}
