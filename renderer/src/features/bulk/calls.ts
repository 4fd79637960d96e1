/** Calls of the bulk channels: the preview is a read made once per click, not a cached query. */
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

/** What the change would do to each site the Sites list's filter matches (nothing is written). */
export const previewBulk = (input: InputOf<'bulk.preview'>) => rpc('bulk.preview', input);
