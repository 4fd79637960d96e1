import { Badge, Button, Code, Group, Paper, Stack, Text, Timeline } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChangeEntry } from '@core/contract/history';
import { undoKindOf } from '@core/domain/undo';
import { displayValue, formatDateTime } from '../../lib/format';
import { historyQueries } from './queries';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { UndoDialog } from './undo-dialog';

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  clientId: 'Client',
  clientName: 'Client',
  productionUrl: 'Production URL',
  stagingUrl: 'Staging URL',
  sophmateVersion: 'SophMate',
  wordpressVersion: 'WordPress',
  phpVersion: 'PHP',
  woocommerceVersion: 'WooCommerce',
  activeTheme: 'Theme',
  host: 'Host',
  aiProvider: 'AI provider',
  stage: 'Stage',
  notes: 'Notes',
  archivedAt: 'Archived',
  ownerId: 'Owner',
  ownerName: 'Owner',
  ownerEmail: 'Owner email',
  backupOwnerId: 'Backup',
  backupOwnerName: 'Backup',
  verifiedAt: 'Verified at',
  verifiedById: 'Verified by',
  verifiedByName: 'Verified by',
  note: 'Note',
  ownerActive: 'Owner active',
};
// Ids duplicate the names shown beside them.
const HIDDEN = new Set(['clientId', 'ownerId', 'backupOwnerId', 'verifiedById', 'siteId', 'responsibility']);

function Changes({ entry }: { entry: ChangeEntry }) {
  const shown = entry.changes.filter((c) => !HIDDEN.has(c.field));
  if (!shown.length) return null;
  return (
    <Stack gap={2} mt={4}>
      {shown.map((c) => (
        <Text size="xs" key={c.field}>
          <b>{FIELD_LABELS[c.field] ?? c.field}:</b> <Code>{displayValue(c.before)}</Code> → <Code>{displayValue(c.after)}</Code>
        </Text>
      ))}
    </Stack>
  );
}

/** Rows that edit fields offer "Undo…"; the dialog says whether it is still possible, and if not why. */
const undoable = (e: ChangeEntry) => undoKindOf(e.entity, e.action) !== null;

export function HistoryTab({ siteId }: { siteId: string }) {
  const q = useInfiniteQuery(historyQueries.list(siteId));
  const [undoing, setUndoing] = useState<ChangeEntry | null>(null);
  if (q.isPending) return <QueryLoading />;
  if (q.isError) return <QueryError error={q.error} />;
  const rows = q.data.pages.flatMap((p) => p.rows);
  return (
    <Paper withBorder p="md">
      <Timeline bulletSize={14} lineWidth={2}>
        {rows.map((e) => (
          <Timeline.Item
            key={e.id}
            title={
              <Text size="sm" fw={500}>
                {e.summary}
              </Text>
            }
          >
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at)} · {e.actor} on {e.device}
              </Text>
              <Badge size="xs" variant="outline" color="gray">
                {e.action}
              </Badge>
              {undoable(e) ? (
                <Button size="compact-xs" variant="subtle" onClick={() => setUndoing(e)} aria-label={`Undo… ${e.summary}`} data-testid="history-undo">
                  Undo…
                </Button>
              ) : null}
            </Group>
            <Changes entry={e} />
          </Timeline.Item>
        ))}
      </Timeline>
      {q.hasNextPage ? (
        <Button variant="subtle" mt="sm" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          Show older changes
        </Button>
      ) : null}
      {undoing ? <UndoDialog entry={undoing} onClose={() => setUndoing(null)} /> : null}
    </Paper>
  );
}
