import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { workspaceQueries } from '../features/workspace/queries';

/**
 * Shown on every page while the workspace is open read-only (its file, folder or disk cannot be
 * written, or it was opened so): saving would fail, so the reason is said before anyone types.
 * It cannot be dismissed; it goes away only with a workspace that can be written.
 */
export function ReadOnlyBanner() {
  const info = useQuery(workspaceQueries.info());
  if (!info.data?.readOnly) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconLock size={18} />} role="status" mb="md" data-testid="read-only-banner">
      This workspace is read-only: {info.data.readOnlyReason ?? 'it cannot be written'}. Changes cannot be saved.
    </Alert>
  );
}
