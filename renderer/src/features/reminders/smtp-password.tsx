/**
 * The SMTP password and the test message, under the e-mail digest's settings. The password is kept in
 * this device's credential store, never in the workspace: the field never shows a stored value, only
 * the "Stored on this device" badge; typing a new one and saving replaces it.
 */
import { Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ReminderState } from '@core/contract/reminders';
import { errorMessage, firstIssueMessage } from '../../lib/errors';
import { useClearSmtpPassword, useSendTestMessage, useSetSmtpPassword } from './mutations';

const RED = { color: 'var(--rw-tone-red)' } as const;

export function SmtpPasswordField({ state }: { state: ReminderState | undefined }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const store = useSetSmtpPassword({ onSuccess: () => setPassword(''), onError: (e) => setError(firstIssueMessage(e)) });
  const clear = useClearSmtpPassword({ onError: (e) => setError(errorMessage(e)) });
  const stored = state?.email.passwordStored ?? false;
  const memory = state?.email.credentialStore === 'memory';
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <PasswordInput
          label={
            <Group gap="xs" component="span">
              <span>SMTP password</span>
              {stored ? (
                <Badge size="sm" color="teal" variant="light" data-testid="smtp-password-stored">
                  Stored on this device
                </Badge>
              ) : null}
            </Group>
          }
          description={
            memory
              ? 'Kept only until the app restarts: this system has no credential store.'
              : 'Kept in this computer’s credential store, never in the workspace.'
          }
          placeholder={stored ? 'Type a new password to replace it' : ''}
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setError(null);
            setPassword(e.currentTarget.value);
          }}
          error={error ?? undefined}
          style={{ flex: 1 }}
          disabled={!state}
        />
        <Button
          variant="default"
          onClick={() => {
            if (store.isPending) return;
            setError(null);
            store.mutate({ password });
          }}
          loading={store.isPending}
          disabled={!state}
          mb={error ? 22 : 0}
        >
          Save password
        </Button>
        {stored ? (
          <Button variant="subtle" color="red" onClick={() => (setError(null), clear.mutate({}))} loading={clear.isPending} mb={error ? 22 : 0}>
            Remove
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

export function SendTestMessage({ disabled }: { disabled: boolean }) {
  const [to, setTo] = useState('');
  const send = useSendTestMessage();
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Send a test to"
          description="Leave empty to send it to the lead addresses."
          type="email"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button variant="default" onClick={() => send.mutate(to.trim() ? { to: to.trim() } : {})} loading={send.isPending} disabled={disabled}>
          Send test message
        </Button>
      </Group>
      {disabled ? (
        <Text size="sm" c="dimmed">
          Save the SMTP server and the sender first.
        </Text>
      ) : null}
      {send.data ? (
        <Text size="sm" role="status" style={send.data.sent ? undefined : RED} data-testid="test-message-result">
          {send.data.message}
        </Text>
      ) : null}
      {send.isError ? (
        <Text size="sm" role="alert" style={RED}>
          The test message was not sent: {firstIssueMessage(send.error)}
        </Text>
      ) : null}
    </Stack>
  );
}
