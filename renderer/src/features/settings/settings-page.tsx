import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { firstIssueMessage, notifySaved } from '../../lib/errors';
import { rpc } from '../../lib/rpc';

export function SettingsPage() {
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['settings.get'], queryFn: () => rpc('settings.get', {}) });
  const info = useQuery({ queryKey: ['workspace.info'], queryFn: () => rpc('workspace.info', {}) });
  const [days, setDays] = useState<number | string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = days ?? settings.data?.verificationMaxAgeDays ?? '';
  const save = useMutation({
    mutationFn: () => rpc('settings.update', { verificationMaxAgeDays: Number(value) }),
    onSuccess: async () => {
      setError(null);
      await qc.invalidateQueries();
      notifySaved('Settings saved.');
    },
    onError: (e) => setError(firstIssueMessage(e)),
  });
  return (
    <Stack maw={720}>
      <Title order={2}>Settings</Title>
      <Paper withBorder p="md">
        <Title order={3} size="h5">Readiness</Title>
        <Text size="sm" c="dimmed" mb="sm">
          An owner verification counts for the readiness gates for this many days; after that the owner must be verified again.
        </Text>
        <Group align="flex-end">
          <NumberInput label="Owner verification is valid for (days)" value={value} onChange={setDays} min={1} max={3650} w={300} error={error ?? undefined} />
          <Button onClick={() => save.mutate()} loading={save.isPending}>Save</Button>
        </Group>
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h5">Workspace</Title>
        <Text size="sm">File: {info.data?.path}</Text>
        <Text size="sm">Schema version: {info.data?.schemaVersion}</Text>
        <Text size="sm">Changes are recorded as: {info.data?.actor}</Text>
      </Paper>
      {settings.isError ? <Alert color="red">{(settings.error as Error).message}</Alert> : null}
    </Stack>
  );
}
