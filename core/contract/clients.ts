import { z } from 'zod';
import { ArchivedFilter, ArchiveInput, Id, listOutput, optionalNote, PageInput, requiredText, Timestamp } from './fields';

export const Client = z.object({
  id: Id,
  name: z.string(),
  notes: z.string().nullable(),
  siteCount: z.number().int(),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Client = z.infer<typeof Client>;

export const ClientCreate = z.object({
  name: requiredText('Client name', 120),
  notes: optionalNote('Notes', 4000),
});
export type ClientCreateInput = z.input<typeof ClientCreate>;

export const ClientUpdate = ClientCreate.extend({ id: Id, version: z.number().int() });
export type ClientUpdateInput = z.input<typeof ClientUpdate>;

export const ClientList = PageInput.extend({
  search: z.string().trim().max(200).optional(),
  archived: ArchivedFilter,
  sort: z.enum(['name', 'siteCount', 'updatedAt']).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});

export const clientsContract = {
  'clients.list': { input: ClientList, output: listOutput(Client) },
  'clients.get': { input: z.object({ id: Id }), output: Client },
  'clients.create': { input: ClientCreate, output: Client },
  'clients.update': { input: ClientUpdate, output: Client },
  'clients.archive': { input: ArchiveInput, output: Client },
  'clients.restore': { input: ArchiveInput, output: Client },
} as const;
