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

/** One notice: the same look for "failing" and "not sent from this device", told apart by its name. */
function DigestNotice({ label, testId, text }: { label: string; testId: string; text: string }) {
  return (
    <Alert color="red" variant="light" icon={<IconMailExclamation size={18} />} role="status" aria-label={label} mb="md" data-testid={testId}>
      <Text size="sm">
        {text}{' '}
        <Anchor href={DIGEST_SETTINGS_HREF} size="sm">
          Open Settings → E-mail digest
        </Anchor>
      </Text>
    </Alert>
  );
}

export function DigestFailingAlert() {
  const { data: state } = useReminderState();
  const failing = state?.email.failing;
  const problem = state?.email.problem;
  if (!failing) {
    if (!problem) return null;
    return (
      <DigestNotice label="E-mail digest not sent" testId="digest-problem" text={`The e-mail digest is on but is not sent from this device. ${problem}`} />
    );
  }
  const error = (failing.error ?? 'the server did not take it').replace(/\.\s*$/, '');
  const again = failing.nextAttemptAt ? `It is tried again at ${formatDateTime(failing.nextAttemptAt)}.` : 'The next day’s digest covers what is still due.';
  return (
    <DigestNotice
      label="E-mail digest failing"
      testId="digest-failing"
      text={`The e-mail digest to ${failing.recipient} could not be sent: ${error}. ${again}`}
    />
  );
}
