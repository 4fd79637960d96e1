/**
 * Settings → Updates: the running version, the update state in words, "Check now", the "Automatic
 * updates" switch (this device only) and, once a version is ready, "Restart to update". A build that
 * cannot update itself says why and shows none of the controls.
 */
import { Button, Group, Loader, Paper, Progress, Stack, Switch, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { QueryError } from '../../lib/query-state';
import { useCheckForUpdates, useSetAutomaticUpdates } from './mutations';
import { useUpdateState } from './queries';
import { RestartControl } from './restart-control';
import { downloadPercent, showsNextCheck, statusText } from './status';

const AUTOMATIC_ON = 'Rollout Workbench looks for a newer version at start and once a day, downloads it in the background and asks before restarting.';
const AUTOMATIC_OFF = 'Rollout Workbench will not look for updates; use Check now.';

const RED = { color: 'var(--rw-tone-red)' } as const;

/**
 * `compact`: the recovery screen's part, the state in words and "Check now" without the switch. No
 * control here is `disabled` while its call runs (focus would fall to the page): it shows it is busy
 * and ignores clicks meanwhile.
 */
export function UpdatesSection({ compact = false }: { compact?: boolean }) {
  const query = useUpdateState();
  const check = useCheckForUpdates();
  const [switchError, setSwitchError] = useState<string | null>(null);
  const setAutomatic = useSetAutomaticUpdates({ onError: (e) => setSwitchError(errorMessage(e)) });
  const state = query.data;
  const status = state ? statusText(state) : null;
  const descriptionId = useId();
  // While the switch's call runs it shows the choice made, not the state before it.
  const automatic = setAutomatic.isPending ? setAutomatic.variables.automatic : (state?.automatic ?? true);
  const checkBusy = check.isPending || state?.status === 'checking';
  const downloading = state?.status === 'downloading';
  const lastChecked = state?.lastCheckedAt ? `Last checked ${formatDateTime(state.lastCheckedAt)}.` : '';
  const nextCheck = state?.nextCheckAt && showsNextCheck(state) ? `Next check ${formatDateTime(state.nextCheckAt)}.` : '';
  return (
    <Paper withBorder p="md" aria-labelledby="updates-section-title" component="section" data-testid="updates-section">
      <Title order={3} size="h5" id="updates-section-title">
        Updates
      </Title>
      {query.isError ? <QueryError error={query.error} /> : null}
      {state ? (
        <Stack gap="xs" mt="xs">
          <Text size="sm">Version {state.currentVersion}</Text>
          {!state.supported ? (
            <Text size="sm" data-testid="update-status">
              {state.unsupportedReason ?? 'This copy of Rollout Workbench does not update itself.'}
            </Text>
          ) : (
            <>
              <Text size="sm" role="status" style={status?.tone === 'error' ? RED : undefined} data-testid="update-status">
                {status?.text}
              </Text>
              {state.status === 'downloading' ? (
                <Group gap="xs" wrap="nowrap" maw={480}>
                  <Progress
                    value={downloadPercent(state)}
                    size="sm"
                    style={{ flex: 1 }}
                    aria-label={state.available ? `Downloading version ${state.available.version}` : 'Downloading the update'}
                  />
                  {/* Seen, not read twice: the progress bar carries the value for screen readers. */}
                  <Text size="sm" aria-hidden>
                    {downloadPercent(state)}%
                  </Text>
                </Group>
              ) : null}
              {lastChecked || nextCheck ? <Text size="sm">{[lastChecked, nextCheck].filter(Boolean).join(' ')}</Text> : null}
              {state.status === 'ready' ? <RestartControl state={state} /> : null}
              <Group gap="sm">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    if (!checkBusy && !downloading) check.mutate({});
                  }}
                  aria-busy={checkBusy || undefined}
                  aria-disabled={downloading || undefined}
                  data-disabled={downloading || undefined}
                  leftSection={checkBusy ? <Loader size={12} color="currentColor" aria-hidden /> : undefined}
                >
                  Check now
                </Button>
                {check.isError ? (
                  <Text size="sm" style={RED} role="alert">
                    The check failed: {errorMessage(check.error)}
                  </Text>
                ) : null}
              </Group>
              {compact ? null : (
                <>
                  {/* The description stays out of the switch's label, so its name is "Automatic updates" alone. */}
                  <Switch
                    mt="xs"
                    label="Automatic updates"
                    aria-describedby={descriptionId}
                    checked={automatic}
                    aria-busy={setAutomatic.isPending || undefined}
                    error={switchError ?? undefined}
                    onChange={(e) => {
                      if (setAutomatic.isPending) return;
                      setSwitchError(null);
                      setAutomatic.mutate({ automatic: e.currentTarget.checked });
                    }}
                  />
                  <Text size="sm" c="dimmed" id={descriptionId}>
                    {automatic ? AUTOMATIC_ON : AUTOMATIC_OFF}
                  </Text>
                </>
              )}
            </>
          )}
        </Stack>
      ) : null}
    </Paper>
  );
}
