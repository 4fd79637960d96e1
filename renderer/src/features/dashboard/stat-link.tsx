import { Paper, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';

/**
 * A Dashboard figure that opens the list it counts. The link's name is "label: value" so a reader
 * hears what the number is before following it.
 */
export function StatLink({
  label,
  value,
  to,
  hint,
  tone,
}: {
  label: string;
  value: number | undefined;
  to: string;
  hint?: string | undefined;
  tone?: 'red' | 'orange';
}) {
  return (
    <UnstyledButton
      component={Link}
      to={to}
      aria-label={`${label}: ${value === undefined ? 'loading' : value.toLocaleString()}`}
      style={{ display: 'block', height: '100%' }}
    >
      <Paper withBorder p="md" h="100%">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} lh={1.3}>
          {label}
        </Text>
        {/* A figure that calls for attention takes its tone (app.css picks a shade readable in either scheme). */}
        <Text size="xl" fw={700} c={value && tone ? `var(--rw-tone-${tone})` : undefined}>
          {value === undefined ? '…' : value.toLocaleString()}
        </Text>
        {hint ? (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Paper>
    </UnstyledButton>
  );
}

/** A Sites list route with these filters (the list reads them from the URL). */
export function sitesRoute(filters: Record<string, string>): string {
  const query = new URLSearchParams(filters).toString();
  return query ? `/sites?${query}` : '/sites';
}
