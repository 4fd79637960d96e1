import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncColumns } from './common';
import { people } from './people';

/**
 * Who acts on each device: `id` is the device ("login@host"), `person_id` the person chosen there (null
 * once the choice is cleared). Per device, because one workspace file may be opened from several machines.
 */
export const deviceIdentities = sqliteTable(
  'device_identities',
  {
    ...syncColumns(),
    personId: text('person_id').references(() => people.id),
  },
  (t) => [index('device_identities_person_idx').on(t.personId)],
);
