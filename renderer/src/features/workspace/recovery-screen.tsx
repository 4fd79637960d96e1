/**
 * The recovery screen, shown instead of the app when the workspace file failed its checks at open. It
 * says what is wrong and offers what can be done without touching the file: restore one of its backups
 * (the damaged file is kept as a plain copy first), open another workspace, copy the file aside, show
 * it in the file manager. Nothing here writes to the damaged file.
 */
import { Alert, Button, Card, Code, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconCopy, IconFilePlus, IconFolder, IconFolderOpen } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { WorkspaceState } from '@core/contract/workspace';
import { errorMessage } from '../../lib/errors';
import { backupQueries } from '../backups/queries';
import { RestoreFlow } from '../backups/restore-flow';
import { RecoveryUpdates } from '../updates/recovery-updates';
import { useCopyWorkspaceAside, useRevealWorkspace } from './mutations';
import { NewWorkspaceDialog } from './new-workspace-dialog';
import { useSwitchWorkspace } from './workspace-switcher';

export function RecoveryScreen({ state }: { state: WorkspaceState }) {
  const backups = useQuery(backupQueries.list());
  const copy = useCopyWorkspaceAside();
  const reveal = useRevealWorkspace();
  const go = useSwitchWorkspace();
  const [creating, setCreating] = useState(false);
  const others = state.recent.filter((r) => !r.current);
  return (
    <Container size="md" py="xl" component="main" aria-label="Recovery">
      <Stack gap="lg">
        <div>
          <Text size="sm" c="dimmed">
            Rollout Workbench — recovery
          </Text>
          <Title order={1} size="h2">
            {state.problem?.title ?? 'The workspace cannot be opened'}
          </Title>
        </div>
        <Alert color="red" title={state.name} data-testid="recovery-problem">
          <Text size="sm">{state.problem?.body}</Text>
          <Text size="sm" mt="xs">
            Nothing here overwrites the file: a restore keeps a copy of it first.
          </Text>
        </Alert>
        <RecoveryUpdates />

        <Card withBorder component="section" aria-labelledby="recovery-restore">
          <Title order={2} size="h4" id="recovery-restore" mb="xs">
            Restore a backup
          </Title>
          {backups.isPending ? (
            <Loader size="sm" aria-label="Loading the backups" />
          ) : backups.isError ? (
            <Text c="red" size="sm" role="alert">
              The backups cannot be listed: {errorMessage(backups.error)}
            </Text>
          ) : (
            <RestoreFlow backups={backups.data.entries} />
          )}
        </Card>

        <Card withBorder component="section" aria-labelledby="recovery-other">
          <Title order={2} size="h4" id="recovery-other" mb="xs">
            Open another workspace
          </Title>
          <Stack gap="xs">
            {others.length === 0 ? (
              <Text size="sm" c="dimmed">
                No other workspace was opened on this machine yet.
              </Text>
            ) : (
              others.map((r) => (
                <Group key={r.id} justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={600}>
                      {r.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {r.exists ? r.folder : `missing from ${r.folder}`}
                    </Text>
                  </div>
                  <Button variant="default" size="xs" disabled={!r.exists || go.pending} onClick={() => go.toRecent(r)} aria-label={`Open ${r.name}`}>
                    Open
                  </Button>
                </Group>
              ))
            )}
            <Group gap="xs">
              <Button variant="default" leftSection={<IconFilePlus size={16} />} onClick={() => setCreating(true)}>
                New workspace…
              </Button>
              {state.canChooseFiles ? (
                <Button variant="default" leftSection={<IconFolderOpen size={16} />} onClick={go.choose}>
                  Open…
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Card>

        <Card withBorder component="section" aria-labelledby="recovery-file">
          <Title order={2} size="h4" id="recovery-file" mb="xs">
            The file
          </Title>
          <Code block>{state.file}</Code>
          <Group gap="xs" mt="sm">
            <Button variant="default" leftSection={<IconCopy size={16} />} loading={copy.isPending} onClick={() => copy.mutate()}>
              Copy the file aside
            </Button>
            <Button variant="default" leftSection={<IconFolder size={16} />} onClick={() => reveal.mutate()}>
              Show the file
            </Button>
          </Group>
          {copy.isSuccess ? (
            <Text size="sm" mt="xs" role="status">
              Copied to {copy.data.copy}
            </Text>
          ) : null}
          {copy.isError ? (
            <Text size="sm" mt="xs" c="red" role="alert">
              {errorMessage(copy.error)}
            </Text>
          ) : null}
          {reveal.isSuccess && !reveal.data.shown ? (
            <Text size="sm" mt="xs" role="status">
              The file is at {reveal.data.file}
            </Text>
          ) : null}
        </Card>
      </Stack>
      <NewWorkspaceDialog opened={creating} onClose={() => setCreating(false)} folder={state.folder} canChoose={state.canChooseFiles} />
    </Container>
  );
}
