/** Writes of a site's documents. What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { siteScreen } from '../sites/queries';
import { documentQueries } from './queries';

/** The known-good state feeds the site's readiness (the header) as well as every document's preview. */
export const useMarkKnownGood = (o?: ChannelWriteOptions<'documents.markKnownGood'>) =>
  useChannelWrite('documents.markKnownGood', [documentQueries.all(), ...siteScreen()], o);
/** A generated document is added to the site's history of documents; its preview shows the new state. */
export const useGenerateDocument = (siteId: string, o?: ChannelWriteOptions<'documents.generate'>) =>
  useChannelWrite('documents.generate', [documentQueries.history(siteId).queryKey, documentQueries.previews(siteId)], o);
