/**
 * Settings → Backups: the backups of the open workspace, "Back up now", the automatic daily backup
 * and how many are kept, and restoring one (restore-flow.tsx).
 */
import { Alert, Anchor, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { firstIssueMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { useUpdateSettings } from '../settings/mutations';
import { BackUpDialog } from './back-up-dialog';
import { backupQueries } from './queries';
import { RestoreFlow } from './restore-flow';

interface Draft {
  backupAutomatic?: boolean;
  backupKeepDaily?: number;
  backupKeepWeekly?: number;
}

function AutomaticSettings({ settings }: { settings: { automatic: boolean; keepDaily: number; keepWeekly: number } }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useUpdateSettings({
    onSuccess: async () => {
      setDraft({});
      setErrors({});
      await qc.invalidateQueries({ queryKey: backupQueries.all() });
      notifySaved('Backup settings saved.');
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(Object.keys(byPath).length ? byPath : { form: firstIssueMessage(e) });
    },
  });
  useUnsavedChanges({
    label: 'the backup settings',
    dirty: Object.keys(draft).length > 0,
    save: () =>
      save.mutateAsync(draft).then(
        () => true,
        () => false,
      ),
    discard: () => setDraft({}),
  });
  const v = {
    automatic: draft.backupAutomatic ?? settings.automatic,
    keepDaily: draft.backupKeepDaily ?? settings.keepDaily,
    keepWeekly: draft.backupKeepWeekly ?? settings.keepWeekly,
  };
  const num = (x: string | number) => (typeof x === 'number' ? x : Number.NaN);
  return (
    <Stack gap="sm">
      {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
      <Switch
        label="Back up automatically once a day while the app runs"
        checked={v.automatic}
        onChange={(e) => setDraft({ ...draft, backupAutomatic: e.currentTarget.checked })}
        error={errors.backupAutomatic}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="Keep daily backups of the last (days)"
          min={1}
          max={365}
          value={v.keepDaily}
          onChange={(x) => setDraft({ ...draft, backupKeepDaily: num(x) })}
          error={errors.backupKeepDaily}
          allowDecimal={false}
        />
        <NumberInput
          label="Keep weekly backups of the last (weeks)"
          min={0}
          max={520}
          value={v.keepWeekly}
          onChange={(x) => setDraft({ ...draft, backupKeepWeekly: num(x) })}
          error={errors.backupKeepWeekly}
          allowDecimal={false}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Of the automatic backups (daily, and those taken before an update, a restore or an import), the newest of each of those days and weeks is kept and the
        others are removed. Backups you make by hand are never removed.
      </Text>
      <Group>
        <Button onClick={() => save.mutate(draft)} loading={save.isPending} disabled={Object.keys(draft).length === 0}>
          Save backup settings
        </Button>
      </Group>
    </Stack>
  );
}

export function BackupsPage() {
  const list = useQuery(backupQueries.list());
  const [backingUp, setBackingUp] = useState(false);
  return (
    <Stack maw={980}>
      <Group justify="space-between">
        <Title order={2}>Backups</Title>
        <Anchor href="#/settings" size="sm">
          Back to Settings
        </Anchor>
      </Group>
      {list.isPending ? <QueryLoading /> : null}
      {list.isError ? <QueryError error={list.error} /> : null}
      {list.data ? (
        <>
          <Paper withBorder p="md">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div style={{ minWidth: 0, flex: 1 }}>
                <Title order={3} size="h5">
                  Back up this workspace
                </Title>
                <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  Backups folder: {list.data.folder}
                </Text>
                <Text size="sm" c="dimmed">
                  {list.data.lastAutomatic ? `Last automatic backup: ${formatDateTime(list.data.lastAutomatic)}.` : 'No automatic backup yet.'}
                </Text>
              </div>
              <Button onClick={() => setBackingUp(true)} style={{ flexShrink: 0 }}>
                Back up now
              </Button>
            </Group>
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="sm">
              Automatic backups
            </Title>
            <AutomaticSettings settings={list.data.settings} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="xs">
              Restore
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              A backup is checked before anything changes, and you see what it holds first. Restoring keeps a backup of the workspace as it is now.
            </Text>
            <RestoreFlow backups={list.data.entries} />
          </Paper>
          {backingUp ? <BackUpDialog folder={list.data.folder} onClose={() => setBackingUp(false)} /> : null}
        </>
      ) : null}
    </Stack>
  );
}
