/**
 * Handover bundles: export (a file written by main, nothing in the workspace changes), preview (reads
 * only) and import (changes any record, so it refreshes everything, as a restore does).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf, OutputOf } from '@core/contract/index';
import { refreshEverything, useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';

export const useExportBundle = () =>
  useMutation<OutputOf<'bundles.export'>, Error, InputOf<'bundles.export'>>({ mutationFn: (input) => rpc('bundles.export', input) });

export const usePreviewBundle = () =>
  useMutation<OutputOf<'bundles.preview'>, Error, InputOf<'bundles.preview'>>({ mutationFn: (input) => rpc('bundles.preview', input) });

/** Forgets a preview (its upload is removed); a failure only leaves a staged file the app removes at exit. */
export const discardBundle = (token: string) => rpc('bundles.discard', { token }).catch(() => undefined);

export function useImportBundle(o?: ChannelWriteOptions<'bundles.import'>) {
  const qc = useQueryClient();
  return useChannelWrite('bundles.import', [], {
    ...o,
    onSuccess: async (...args) => {
      await o?.onSuccess?.(...args);
      void refreshEverything(qc);
    },
  });
}
