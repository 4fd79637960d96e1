/** Writes of the document branding. What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { documentQueries } from '../documents/queries';
import { brandingQueries } from './queries';

/** Branding is printed on every document: their previews refresh with it. */
export const useUpdateBranding = (o?: ChannelWriteOptions<'branding.update'>) =>
  useChannelWrite('branding.update', [brandingQueries.all(), documentQueries.all()], o);
