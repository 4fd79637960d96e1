/** The version history of a playbook item or cadence, and the lines that say who published a version and what a cadence's timing is. */
import { Modal, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { PlaybookCadenceVersion, PlaybookItemKind } from '@core/contract/playbook';
import { describeRrule, REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { formatDateTime } from '../../lib/format';
import { playbookQueries } from './queries';

export function PublishedBy({ v }: { v: { changeSummary: string; publishedBy: string; publishedAt: string } }) {
  return (
    <Text size="xs" c="dimmed">
      {v.changeSummary} · {v.publishedBy}, {formatDateTime(v.publishedAt)}
    </Text>
  );
}

export type HistoryTarget = { kind: PlaybookItemKind; itemId: string; title: string } | { kind: 'cadence'; cadence: PlaybookCadenceVersion['kind'] };

export function HistoryDialog({ target, onClose }: { target: HistoryTarget; onClose: () => void }) {
  const items = useQuery({
    ...playbookQueries.itemHistory(target.kind === 'cadence' ? { kind: 'checklist', itemId: '' } : target),
    enabled: target.kind !== 'cadence',
  });
  const cadences = useQuery({ ...playbookQueries.cadenceHistory(target.kind === 'cadence' ? target.cadence : 'periodic'), enabled: target.kind === 'cadence' });
  const title = target.kind === 'cadence' ? `Versions: ${REVIEW_KIND_LABEL[target.cadence]} cadence` : `Versions: ${target.title}`;
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <Table aria-label={title} verticalSpacing="xs">
        <Table.Tbody>
          {(items.data ?? []).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td style={{ width: 60 }}>v{v.version}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {v.title}
                  {v.retired ? ' (retired)' : ''}
                </Text>
                <Text size="xs">{v.description}</Text>
                <PublishedBy v={v} />
              </Table.Td>
            </Table.Tr>
          ))}
          {(cadences.data ?? []).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td style={{ width: 60 }}>v{v.version}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {cadenceTiming(v)}
                </Text>
                <Text size="xs">{v.description}</Text>
                <PublishedBy v={v} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

export function cadenceTiming(c: Pick<PlaybookCadenceVersion, 'kind' | 'rrule' | 'offsetDays'>): string {
  if (c.rrule) return `Repeats ${describeRrule(c.rrule)}`;
  const days = c.offsetDays ?? 0;
  if (days === 0) return 'Due the same day';
  return `Due ${days} day${days === 1 ? '' : 's'} after ${c.kind === 'first_week' ? 'the pilot starts' : 'the event'}`;
}
