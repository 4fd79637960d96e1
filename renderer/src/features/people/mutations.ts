/** Writes of people. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import type { Person } from '@core/contract/people';
import { useWrite, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { ownerQueries } from '../owners/queries';
import { peopleQueries } from './queries';

/** A person's name shows wherever they own a responsibility: the owner matrices refresh with them. */
const personWrite = (): QueryKey[] => [peopleQueries.all(), ownerQueries.all()];

export type PersonSave = { person: Person | null; values: InputOf<'people.create'> };

/** Adds a person, or updates `person` (at the version it was read). */
export const useSavePerson = (o?: WriteOptions<Person, PersonSave>) =>
  useWrite(
    ({ person, values }: PersonSave) => (person ? rpc('people.update', { ...values, id: person.id, version: person.version }) : rpc('people.create', values)),
    personWrite(),
    o,
  );

/** Archives the person, or restores them when archived; answers the person as they are now. */
export const useArchivePerson = (o?: WriteOptions<Person, Person>) =>
  useWrite((p: Person) => rpc(p.archivedAt ? 'people.restore' : 'people.archive', { id: p.id, version: p.version }), personWrite(), o);
