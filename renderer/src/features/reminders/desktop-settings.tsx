/**
 * Settings → Reviews and reminders: the workspace's review time zone, reminder time and quiet hours,
 * "You are", desktop notifications (workspace settings, one Save), and this device's two switches that
 * act at once: start at login hidden in the tray, and pause reminders for today.
 */
import { Alert, Button, Divider, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { Settings } from '@core/contract/settings';
import { errorMessage, firstIssueMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { identityQueries } from '../identity/queries';
import { PersonSelect } from '../people/person-select';
import { peopleQueries } from '../people/queries';
import { useUpdateSettings } from '../settings/mutations';
import { settingsQueries } from '../settings/queries';
import { usePauseToday, useSetStartAtLogin } from './mutations';
import { useReminderState } from './queries';

/** A change of the workspace settings (what `settings.update` takes). */
type Update = Partial<Settings>;

function zones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
}

/** Start at login and the pause for today: this device only, each saved as it is switched. */
function DeviceSwitches() {
  const query = useReminderState();
  const [error, setError] = useState<{ field: 'login' | 'pause'; message: string } | null>(null);
  const login = useSetStartAtLogin({ onError: (e) => setError({ field: 'login', message: errorMessage(e) }) });
  const pause = usePauseToday({ onError: (e) => setError({ field: 'pause', message: errorMessage(e) }) });
  const loginId = useId();
  const pauseId = useId();
  const state = query.data;
  if (query.isError)
    return (
      <Text size="sm" c="dimmed" data-testid="reminders-unavailable">
        {errorMessage(query.error)}
      </Text>
    );
  if (!state) return null;
  const loginOn = login.isPending ? login.variables.on : state.startAtLogin.on;
  const paused = pause.isPending ? pause.variables.paused : state.pausedToday;
  return (
    <Stack gap="sm">
      {/* Each description stays out of its switch's label, so the switch's name is its label alone. */}
      <div>
        <Switch
          label="Start at login, hidden in the tray"
          aria-describedby={loginId}
          checked={loginOn}
          disabled={!state.startAtLogin.supported}
          aria-busy={login.isPending || undefined}
          error={error?.field === 'login' ? error.message : undefined}
          onChange={(e) => {
            if (login.isPending) return;
            setError(null);
            login.mutate({ on: e.currentTarget.checked });
          }}
        />
        <Text size="sm" c="dimmed" id={loginId} ml={52}>
          {state.startAtLogin.supported ? 'Reminders and the e-mail digest go out even on a day you do not open the window.' : 'Set in the desktop app.'}
        </Text>
      </div>
      <div>
        <Switch
          label="Pause reminders for today"
          aria-describedby={pauseId}
          checked={paused}
          aria-busy={pause.isPending || undefined}
          error={error?.field === 'pause' ? error.message : undefined}
          onChange={(e) => {
            if (pause.isPending) return;
            setError(null);
            pause.mutate({ paused: e.currentTarget.checked });
          }}
        />
        <Text size="sm" c="dimmed" id={pauseId} ml={52}>
          {paused
            ? 'Paused: no desktop notification and no digest from this device until tomorrow.'
            : 'Stops desktop notifications and this device’s digest until the end of today.'}
        </Text>
      </div>
    </Stack>
  );
}

export function DesktopReminderSettings() {
  const settings = useQuery(settingsQueries.get());
  const me = useQuery(peopleQueries.get(settings.data?.mePersonId));
  const identity = useQuery(identityQueries.get());
  const [draft, setDraft] = useState<Partial<Update>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useUpdateSettings({
    onSuccess: () => notifySaved('Settings saved.'),
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(Object.keys(byPath).length ? byPath : { form: firstIssueMessage(e) });
    },
  });
  const zoneList = useMemo(() => zones(), []);
  useUnsavedChanges({
    label: 'the reminder settings',
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
  const set = (patch: Partial<Update>) => setDraft({ ...draft, ...patch });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="reminders-desktop-title" data-testid="reminders-desktop">
      <Title order={3} size="h5" id="reminders-desktop-title">
        Reviews and reminders
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Reviews are due on calendar days in this time zone, so a change to or from daylight saving time never moves them. Reminders arrive at the reminder time
        on the due day (desktop notification, calendar alarm), never during quiet hours.
      </Text>
      {errors.form ? (
        <Alert color="red" mb="sm">
          {errors.form}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label="Time zone"
          searchable
          data={zoneList}
          value={v.timeZone ?? null}
          onChange={(z) => set({ timeZone: z ?? undefined })}
          error={errors.timeZone}
          allowDeselect={false}
        />
        <TimeInput
          label="Reminder time"
          value={v.reminderTime ?? ''}
          onChange={(e) => set({ reminderTime: e.currentTarget.value })}
          error={errors.reminderTime}
        />
        <TimeInput
          label="Quiet hours start"
          description="Leave both empty for no quiet hours."
          value={v.quietHoursStart ?? ''}
          onChange={(e) => set({ quietHoursStart: e.currentTarget.value || null })}
          error={errors.quietHoursStart}
        />
        <TimeInput
          label="Quiet hours end"
          description="May be after midnight, e.g. 22:00 to 07:00."
          value={v.quietHoursEnd ?? ''}
          onChange={(e) => set({ quietHoursEnd: e.currentTarget.value || null })}
          error={errors.quietHoursEnd}
        />
        <PersonSelect
          label="You are"
          description={
            identity.data?.source === 'override'
              ? `Set for this run by ${identity.data.overrideFrom}: changes are recorded as ${identity.data.actor}.`
              : `On this device (${identity.data?.device ?? '…'}), changes are recorded under this person’s name and the Reviews “Mine” filter shows their reviews.`
          }
          disabled={identity.data?.source === 'override'}
          placeholder="Choose yourself"
          value={v.mePersonId ?? null}
          onChange={(id) => set({ mePersonId: id })}
          selectedName={me.data?.name ?? null}
          clearable
          error={errors.mePersonId}
        />
        <Switch
          label="Desktop notifications"
          description="One summary when reviews are due; the overdue count stays on the badge either way."
          checked={v.desktopNotifications ?? true}
          onChange={(e) => set({ desktopNotifications: e.currentTarget.checked })}
          mt="lg"
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md">
        <Button
          onClick={() => {
            setErrors({});
            save.mutate(draft, { onSuccess: () => setDraft({}) });
          }}
          loading={save.isPending}
          disabled={Object.keys(draft).length === 0}
        >
          Save reminder settings
        </Button>
      </Group>
      <Divider my="md" label="On this device" labelPosition="left" />
      <DeviceSwitches />
    </Paper>
  );
}
