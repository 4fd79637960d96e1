/** Writes and checks of the workspace as a whole. What each refreshes: lib/queries.ts. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { refreshEverything, useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';

/** Scans every record for text that looks like a secret; reads only, so nothing to refresh. */
export const useFindSecrets = () => useMutation({ mutationFn: () => rpc('workspace.findSecrets', {}) });

/** Checks the workspace file's integrity; reads only, so nothing to refresh. */
export const useVerifyWorkspace = () => useMutation({ mutationFn: () => rpc('workspace.verify', {}) });

/**
 * Redaction rewrites text in any record and in the history, so every read may change: like identity,
 * it refreshes everything (lib/queries.ts). The refresh is not waited for: the summary shows at once.
 */
export function useRedactSecrets(o?: ChannelWriteOptions<'workspace.redactSecrets'>) {
  const qc = useQueryClient();
  return useChannelWrite('workspace.redactSecrets', [], {
    ...o,
    onSuccess: async (...args) => {
      await o?.onSuccess?.(...args);
      // Fire-and-forget on purpose: the lists refetch behind the summary already on screen.
      void refreshEverything(qc);
    },
  });
}

/**
 * Opening, creating and switching workspaces. What was on screen belongs to the old workspace: main
 * says 'workspace.changed' and WorkspaceGate starts the page afresh, so these hooks refresh only the
 * state itself (the recent list). A refusal leaves the current workspace open.
 */
export const useOpenWorkspace = () => useChannelWrite('workspace.open', [['workspace', 'state']]);
export const useCreateWorkspace = () => useChannelWrite('workspace.create', [['workspace', 'state']]);
export const useForgetWorkspace = () => useChannelWrite('workspace.forget', [['workspace', 'state']]);
/** Copies the file aside; nothing on screen changes. */
export const useCopyWorkspaceAside = () => useMutation({ mutationFn: () => rpc('workspace.copyAside', {}) });
export const useRevealWorkspace = () => useMutation({ mutationFn: () => rpc('workspace.reveal', {}) });
