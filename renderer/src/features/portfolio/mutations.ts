/** Writes of the saved import mappings. What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { portfolioQueries } from './queries';

export const useDeleteMapping = (o?: ChannelWriteOptions<'portfolio.deleteMapping'>) => useChannelWrite('portfolio.deleteMapping', [portfolioQueries.all()], o);
