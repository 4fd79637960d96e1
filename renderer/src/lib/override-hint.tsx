import { Text } from '@mantine/core';
import { OVERRIDE_REASON_MIN_LENGTH, overrideReasonShortBy } from '@core/contract/fields';

/** The live “n more characters” under an override reason, from the one minimum the contract checks. */
export function OverrideReasonHint({ text }: { text: string }) {
  const short = overrideReasonShortBy(text);
  return (
    <Text size="xs" c={short ? 'dimmed' : 'teal.9'} mt={-8} aria-live="polite" data-testid="override-hint">
      {short ? `${short} more character${short === 1 ? '' : 's'} needed (at least ${OVERRIDE_REASON_MIN_LENGTH}).` : 'Long enough.'}
    </Text>
  );
}
