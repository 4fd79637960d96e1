/**
 * The shell's notices about the e-mail digest, each with a link to Settings → E-mail digest: that it is
 * failing (who it was for, the error in words and when it is tried again; gone once a delivery is sent),
 * and that it cannot go out from this device although it is on (no password stored here, the settings
 * incomplete; gone once that is set). They announce themselves politely (a status, not an alert that
 * interrupts) and take no focus.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { IconMailExclamation } from '@tabler/icons-react';
import { formatDateTime } from '../../lib/format';
import { useReminderState } from './queries';

/** Where the alert's link goes: the settings page, scrolled to the e-mail digest. */
export const DIGEST_SETTINGS_HREF = '#/settings?section=email-digest';

function SettingsLink() {
  return (
    <Anchor href={DIGEST_SETTINGS_HREF} size="sm">
      Open Settings → E-mail digest
    </Anchor>
  );
}

export function DigestFailingAlert() {
  const { data: state } = useReminderState();
  const failing = state?.email.failing;
  const problem = state?.email.problem;
  if (!failing) return problem ? <DigestProblemAlert problem={problem} /> : null;
  const error = (failing.error ?? 'the server did not take it').replace(/\.\s*$/, '');
  const again = failing.nextAttemptAt ? `It is tried again at ${formatDateTime(failing.nextAttemptAt)}.` : 'The next day’s digest covers what is still due.';
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconMailExclamation size={18} />}
      role="status"
      aria-label="E-mail digest failing"
      mb="md"
      data-testid="digest-failing"
    >
      <Text size="sm">
        The e-mail digest to {failing.recipient} could not be sent: {error}. {again} <SettingsLink />
      </Text>
    </Alert>
  );
}

function DigestProblemAlert({ problem }: { problem: string }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconMailExclamation size={18} />}
      role="status"
      aria-label="E-mail digest not sent"
      mb="md"
      data-testid="digest-problem"
    >
      <Text size="sm">
        The e-mail digest is on but is not sent from this device. {problem} <SettingsLink />
      </Text>
    </Alert>
  );
}
