import { Button, Group, Stack, Text } from '@mantine/core';

/** A notification body for an action that may work a moment later: its message and a "Try again" button. */
export function RetryMessage({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <Stack gap="xs">
      <Text size="sm">{message}</Text>
      <Group>
        <Button size="xs" variant="light" onClick={onRetry}>
          Try again
        </Button>
      </Group>
    </Stack>
  );
}
