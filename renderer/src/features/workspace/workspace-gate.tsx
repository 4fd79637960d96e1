/**
 * Decides what the window shows: the app for an open workspace, the recovery screen for one that failed
 * its checks. When main opens another workspace (switched, created, restored, left recovery) it says
 * 'workspace.changed': everything on the page belongs to the old one (cached answers, open dialogs, a
 * form half filled in), so the page loads again from the dashboard, and nothing of the old one
 * survives. Main refuses writes from a page that has not asked workspace.state since the change.
 */
import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { onEvent } from '../../lib/rpc';
import { workspaceStateQuery } from './queries';
import { RecoveryScreen } from './recovery-screen';

export function WorkspaceGate({ children }: { children: ReactNode }) {
  const state = useQuery(workspaceStateQuery());
  useEffect(() => {
    try {
      return onEvent('workspace.changed', () => startAfresh());
    } catch {
      return undefined;
    }
  }, []);
  const recovery = state.data?.mode === 'recovery' ? state.data : null;
  useEffect(() => {
    if (recovery) document.title = recovery.title;
  }, [recovery]);
  if (state.isPending)
    return (
      <Center h="100vh">
        <Loader aria-label="Opening the workspace" />
      </Center>
    );
  if (recovery) return <RecoveryScreen state={recovery} />;
  // An answer that failed is the app's own to show (it says the workspace cannot be reached).
  return children;
}

/**
 * Loads the page again at the dashboard. A draft still open belongs to the old workspace and could not
 * be saved into the new one, so the unsaved-changes question (lib/unsaved-guard.tsx) is not asked: a
 * capture listener, which runs first, stops it. The address is replaced without a history event, which
 * the router's blocker would hold back.
 */
function startAfresh(): void {
  window.addEventListener('beforeunload', (e) => e.stopImmediatePropagation(), { capture: true });
  window.history.replaceState(null, '', '#/dashboard');
  window.location.reload();
}

/** The window title for the open workspace ("<name> — Rollout Workbench"), or the app's name until it is known. */
export function useWorkspaceTitle(): string {
  const state = useQuery(workspaceStateQuery());
  return state.data?.title ?? 'Rollout Workbench';
}
