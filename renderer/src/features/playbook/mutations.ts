/** Writes of the playbook. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import { useChannelWrite, useWrite, type ChannelWriteOptions, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import type { OutputOf } from '@core/contract/index';
import { operatorQueries } from '../operators/queries';
import { sopQueries } from '../sops/queries';
import { playbookQueries } from './queries';

/** A new SOP version sends operators back to training; the playbook page counts them too. */
export const playbookWrite = (): QueryKey[] => [playbookQueries.all(), sopQueries.all(), operatorQueries.all()];

/** Imports a playbook file (its text is read here, then sent). */
export const useImportPlaybook = (o?: WriteOptions<OutputOf<'playbook.import'>, File>) =>
  useWrite(async (file: File) => rpc('playbook.import', { content: await file.text() }), playbookWrite(), o);
export const useUpdatePlaybookItem = (o?: ChannelWriteOptions<'playbook.updateItem'>) => useChannelWrite('playbook.updateItem', playbookWrite(), o);
export const useUpdateCadence = (o?: ChannelWriteOptions<'playbook.updateCadence'>) => useChannelWrite('playbook.updateCadence', playbookWrite(), o);
