/** Settings → Digest deliveries: the digest's last deliveries (14 days) and when this device sends next. */
import { Paper, Table, Text, Title } from '@mantine/core';
import type { Delivery, DeliveryStatus } from '@core/contract/reminders';
import { formatDateTime } from '../../lib/format';
import { useReminderState } from './queries';

export const DELIVERY_STATUS_TEXT: Record<DeliveryStatus, string> = {
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed, tried again',
  'gave-up': 'Not sent (gave up for the day)',
};

function statusText(d: Delivery): string {
  if (d.status === 'failed' && !d.nextAttemptAt) return 'Failed';
  return DELIVERY_STATUS_TEXT[d.status];
}

export function DeliveriesSection() {
  const { data: state } = useReminderState();
  if (!state) return null;
  const { deliveries, nextSendAt } = state.email;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="reminders-deliveries-title" data-testid="reminders-deliveries">
      <Title order={3} size="h5" id="reminders-deliveries-title">
        Digest deliveries
      </Title>
      <Text size="sm" mt={4} mb="sm" data-testid="next-send">
        {nextSendAt ? `Next send: ${formatDateTime(nextSendAt)}.` : 'No digest is planned: it is off, paused or not set up on this device.'}
      </Text>
      {deliveries.length === 0 ? (
        <Text size="sm" c="dimmed">
          No digest sent in the last 14 days.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Digest deliveries" striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Recipient</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th ta="right" w={80}>
                  Attempts
                </Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th w={130}>Next attempt</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {d.day}
                    {d.kind === 'test' ? ' (test)' : ''}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.recipient}</Table.Td>
                  <Table.Td style={d.status === 'failed' || d.status === 'gave-up' ? { color: 'var(--rw-tone-red)' } : undefined}>{statusText(d)}</Table.Td>
                  <Table.Td ta="right">{d.attempts}</Table.Td>
                  <Table.Td>{d.error ?? '—'}</Table.Td>
                  <Table.Td>{d.status === 'failed' && d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
