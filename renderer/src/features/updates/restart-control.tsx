/**
 * "Restart to update" with "What's new", shared by the banner and Settings → Updates so both hold
 * back a restart the same way: unavailable, saying why, while an export or an import runs; a refusal
 * from main (one that started meanwhile) is shown with main's own words until what it named has ended.
 * Both controls show the same restart (one mutation key). The button is never `disabled`: focus stays
 * on it while its call runs or while it waits (aria-disabled, clicks ignored).
 */
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { UpdateState } from '@core/contract/updates';
import { errorMessage } from '../../lib/errors';
import { useInstallUpdate } from './mutations';
import { ReleaseNotesDialog } from './release-notes-dialog';
import { restartWaitsFor } from './status';

export function RestartControl({ state, children }: { state: UpdateState; children?: ReactNode }) {
  const { start, latest, clear } = useInstallUpdate();
  const [notesOpen, setNotesOpen] = useState(false);
  const reasonId = useId();
  const waits = restartWaitsFor(state.busy);
  // A refusal names what ran then; once nothing runs any more it no longer holds.
  const hadBusy = useRef(state.busy.length > 0);
  useEffect(() => {
    if (hadBusy.current && state.busy.length === 0 && latest.status === 'error') clear();
    hadBusy.current = state.busy.length > 0;
  }, [state.busy.length, latest.status, clear]);
  const update = state.available;
  if (!update) return null;
  const pending = latest.status === 'pending';
  const restarting = latest.data?.restarting === true;
  const unavailable = waits !== null || restarting;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button
          size="xs"
          onClick={() => {
            if (!pending && !unavailable) start();
          }}
          aria-busy={pending || undefined}
          aria-disabled={unavailable || undefined}
          data-disabled={unavailable || undefined}
          leftSection={pending ? <Loader size={12} color="currentColor" aria-hidden /> : undefined}
          aria-describedby={waits ? reasonId : undefined}
        >
          Restart to update
        </Button>
        <Button size="xs" variant="default" onClick={() => setNotesOpen(true)}>
          What’s new
        </Button>
        {children}
      </Group>
      {waits ? (
        <Text size="sm" id={reasonId}>
          {waits}
        </Text>
      ) : null}
      {latest.status === 'error' && latest.error ? (
        <Text size="sm" style={{ color: 'var(--rw-tone-red)' }} role="alert">
          {errorMessage(latest.error)}
        </Text>
      ) : null}
      {latest.data ? (
        <Text size="sm" role="status">
          {restarting ? 'Restarting into the new version…' : `Version ${update.version} is installed when Rollout Workbench quits.`}
        </Text>
      ) : null}
      <ReleaseNotesDialog update={update} opened={notesOpen} onClose={() => setNotesOpen(false)} />
    </Stack>
  );
}
