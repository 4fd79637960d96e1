/**
 * "Verify workspace" (Settings) and the notices from opening the workspace (shown once, app-wide).
 */
import { Alert, Anchor, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { errorMessage } from '../../lib/errors';
import { useVerifyWorkspace } from '../workspace/mutations';
import { workspaceQueries } from '../workspace/queries';

export function VerifyWorkspaceSection() {
  const verify = useVerifyWorkspace();
  const report = verify.data;
  return (
    <Paper withBorder p="md" aria-labelledby="verify-workspace-title">
      <Title order={3} size="h5" id="verify-workspace-title">
        Verify workspace
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Checks the file for damage, that every record refers to records that exist, that the guards keeping history append-only are in place, and that every
        history row still matches the seal it got when it was written.
      </Text>
      <Group>
        <Button onClick={() => verify.mutate()} loading={verify.isPending}>
          Verify workspace
        </Button>
        {report ? (
          <Text size="sm" role="status">
            {report.ok ? 'All checks passed.' : 'Some checks failed.'} Checked {new Date(report.checkedAt).toLocaleString()}.
          </Text>
        ) : null}
      </Group>
      {verify.isError ? (
        <Alert color="red" mt="sm">
          {errorMessage(verify.error)}
        </Alert>
      ) : null}
      {report ? (
        <Stack gap="xs" mt="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Verification results">
          {report.checks.map((c) => (
            <li key={c.key}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge color={c.ok ? 'teal.9' : 'red.9'} variant="filled" miw={56}>
                  {c.ok ? 'Pass' : 'Fail'}
                </Badge>
                <div>
                  <Text size="sm" fw={600}>
                    {c.title}
                  </Text>
                  <Text size="sm">{c.summary}</Text>
                  {c.details.length ? (
                    <List size="sm" mt={4}>
                      {c.details.map((d, i) => (
                        <List.Item key={i}>{d}</List.Item>
                      ))}
                    </List>
                  ) : null}
                </div>
              </Group>
            </li>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

/** Shows what opening the workspace found and repaired, once per opening of the window. */
export function WorkspaceNotices() {
  const info = useQuery(workspaceQueries.info());
  const shown = useRef(false);
  const notices = info.data?.notices;
  useEffect(() => {
    if (shown.current || !notices || notices.length === 0) return;
    shown.current = true;
    notifications.show({
      id: 'workspace-notices',
      color: 'orange',
      title: 'This workspace was checked on opening',
      message: (
        <Stack gap={4}>
          {notices.map((n, i) => (
            <Text key={i} size="sm">
              {n}
            </Text>
          ))}
          <Anchor href="#/settings" size="sm">
            Open Settings to verify the workspace
          </Anchor>
        </Stack>
      ),
      autoClose: false,
      closeButtonProps: { 'aria-label': 'Dismiss' },
    });
  }, [notices]);
  return null;
}
