import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { InputOf } from '@core/contract/index';
import { firstIssueMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { SettingsPageLinks } from './settings-links';
import { SecretsSection } from './secrets-section';
import { VerifyWorkspaceSection } from './verify-workspace';
import { BrandingSettings } from './branding-settings';
import { UpdatesSection } from '../updates/updates-section';
import { ReminderSettings } from '../reminders/reminders-settings';
import { workspaceQueries } from '../workspace/queries';
import { useUpdateSettings } from './mutations';
import { settingsQueries } from './queries';
import { QueryError } from '../../lib/query-state';

type Update = InputOf<'settings.update'>;

function useSave(onError: (e: unknown) => void) {
  return useUpdateSettings({ onSuccess: () => notifySaved('Settings saved.'), onError });
}

function ActivitySettings() {
  const settings = useQuery(settingsQueries.get());
  const [error, setError] = useState<string | null>(null);
  const save = useSave((e) => setError(firstIssueMessage(e)));
  if (!settings.data) return null;
  const on = save.isPending && save.variables?.maskActivityOnImport !== undefined ? save.variables.maskActivityOnImport : settings.data.maskActivityOnImport;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5">
        Imported activity
      </Title>
      <Switch
        mt="sm"
        label="Mask personal data and secrets on import"
        description="Email addresses, phone numbers, card numbers and secrets in imported SophMate activity are replaced before anything is stored, so they never reach a finding or a document. Turn off only when the original text is needed and may be kept."
        checked={on}
        onChange={(e) => {
          setError(null);
          save.mutate({ maskActivityOnImport: e.currentTarget.checked });
        }}
        disabled={save.isPending}
        error={error ?? undefined}
        data-testid="mask-activity"
      />
    </Paper>
  );
}

/** How long an owner verification, a backup and a passed restore rehearsal count for the readiness gates. */
function ReadinessSettings() {
  const settings = useQuery(settingsQueries.get());
  const [draft, setDraft] = useState<Partial<Pick<Update, 'verificationMaxAgeDays' | 'maxBackupAgeDays' | 'maxRehearsalAgeDays'>>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSave((e) => {
    const byPath = issuesByPath(e);
    setErrors(Object.keys(byPath).length ? byPath : { form: firstIssueMessage(e) });
  });
  useUnsavedChanges({
    label: 'the readiness settings',
    dirty: Object.keys(draft).length > 0,
    save: () =>
      save.mutateAsync(draft).then(
        () => (setDraft({}), true),
        () => false,
      ),
    discard: () => setDraft({}),
  });
  if (!settings.data) return null;
  const v = { ...settings.data, ...draft };
  const days = (key: keyof typeof draft, label: string, description: string, max: number) => (
    <NumberInput
      label={label}
      description={description}
      value={v[key] as number | string}
      onChange={(n) => {
        setErrors(({ [key]: _, ...rest }) => rest);
        setDraft({ ...draft, [key]: n === '' ? n : Number(n) } as typeof draft);
      }}
      min={1}
      max={max}
      allowDecimal={false}
      allowNegative={false}
      error={errors[key]}
    />
  );
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5">
        Readiness
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        How long an owner verification, a backup and a passed restore rehearsal count for the readiness gates. Past that, the owner must be verified again, or
        the rollback plan stops counting as current until a new backup or rehearsal is recorded.
      </Text>
      {errors.form ? (
        <Alert color="red" mb="sm">
          {errors.form}
        </Alert>
      ) : null}
      <Stack gap="sm" maw={420}>
        {days('verificationMaxAgeDays', 'Owner verification is valid for (days)', 'Then the owner must be verified again.', 3650)}
        {days('maxBackupAgeDays', 'A backup counts for (days)', 'The rollback plan needs a backup at most this old.', 365)}
        {days('maxRehearsalAgeDays', 'A passed rehearsal counts for (days)', 'The rollback plan needs a passed restore rehearsal at most this old.', 3650)}
      </Stack>
      <Group justify="flex-end" mt="md">
        <Button
          onClick={() => {
            setErrors({});
            save.mutate(draft, { onSuccess: () => setDraft({}) });
          }}
          loading={save.isPending}
          disabled={Object.keys(draft).length === 0}
        >
          Save readiness settings
        </Button>
      </Group>
    </Paper>
  );
}

export function SettingsPage() {
  const settings = useQuery(settingsQueries.get());
  const info = useQuery(workspaceQueries.info());
  return (
    <Stack maw={820}>
      <Title order={2}>Settings</Title>
      <ReadinessSettings />
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div style={{ minWidth: 0, flex: 1 }}>
            <Title order={3} size="h5">
              Runbook template
            </Title>
            <Text size="sm" c="dimmed">
              The agency’s defaults for every rollback plan and support path: severities and response times, message templates, triage, escalation, vendor
              contacts and rollback steps. Clients and sites may set their own.
            </Text>
          </div>
          <Button component="a" href="#/settings/runbook" variant="default" style={{ flexShrink: 0 }}>
            Edit the runbook template
          </Button>
        </Group>
      </Paper>
      <ReminderSettings />
      <ActivitySettings />
      <BrandingSettings />
      <Paper withBorder p="md">
        <Title order={3} size="h5">
          Workspace
        </Title>
        <Text size="sm">File: {info.data?.path}</Text>
        <Text size="sm">Schema version: {info.data?.schemaVersion}</Text>
        <Text size="sm">Changes are recorded as: {info.data?.actor} (switch person from your name in the title bar)</Text>
      </Paper>
      <SettingsPageLinks />
      <VerifyWorkspaceSection />
      <SecretsSection />
      <UpdatesSection />
      {settings.isError ? <QueryError error={settings.error} /> : null}
    </Stack>
  );
}
