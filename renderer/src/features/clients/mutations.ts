/** Writes of clients. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import type { Client } from '@core/contract/clients';
import type { InputOf } from '@core/contract/index';
import { useWrite, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { siteQueries } from '../sites/queries';
import { clientQueries } from './queries';

/** A client's name shows on its sites: the sites refresh with the clients. */
const clientWrite = (): QueryKey[] => [clientQueries.all(), siteQueries.all()];

export type ClientSave = { client: Client | null; values: InputOf<'clients.create'> };

/** Creates a client, or updates `client` (at the version it was read). */
export const useSaveClient = (o?: WriteOptions<Client, ClientSave>) =>
  useWrite(
    ({ client, values }: ClientSave) => (client ? rpc('clients.update', { ...values, id: client.id, version: client.version }) : rpc('clients.create', values)),
    clientWrite(),
    o,
  );

/** Archives the client, or restores it when it is archived; answers the client as it is now. */
export const useArchiveClient = (o?: WriteOptions<Client, Client>) =>
  useWrite((c: Client) => rpc(c.archivedAt ? 'clients.restore' : 'clients.archive', { id: c.id, version: c.version }), clientWrite(), o);
