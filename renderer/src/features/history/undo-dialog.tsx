/** The confirmation of "Undo…" on a history row: which fields go back to what, or why the change cannot be undone. */
import { Alert, Button, Code, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChangeEntry } from '@core/contract/history';
import { errorMessage, notifySaved } from '../../lib/errors';
import { displayValue, formatDateTime } from '../../lib/format';
import { useUndoChange } from './mutations';
import { historyQueries } from './queries';

export function UndoDialog({ entry, onClose }: { entry: ChangeEntry; onClose: () => void }) {
  const preview = useQuery(historyQueries.undoPreview(entry.id));
  const [error, setError] = useState<string | null>(null);
  const undo = useUndoChange({
    onSuccess: (done) => {
      notifySaved(done.summary);
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const p = preview.data;
  return (
    <Modal opened onClose={onClose} title="Undo this change?" size="lg" data-testid="undo-dialog">
      <Stack>
        <div>
          <Text size="sm" fw={500}>
            {entry.summary}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(entry.at)} · {entry.actor} on {entry.device}
          </Text>
        </div>
        {error ? (
          <Alert color="red" title="Not undone" role="alert">
            {error}
          </Alert>
        ) : null}
        {preview.isPending ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Checking what changed since…
            </Text>
          </Group>
        ) : preview.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(preview.error)}
          </Alert>
        ) : p && !p.possible ? (
          <Alert color="orange" title="This change cannot be undone" data-testid="undo-refused" role="alert">
            {p.reason}
          </Alert>
        ) : p ? (
          <>
            <Text size="sm">
              These fields of {p.entityLabel} go back to what they were before the change. Other fields stay as they are, and the undo is recorded in the
              history.
            </Text>
            <Table withTableBorder data-testid="undo-fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Field</Table.Th>
                  <Table.Th scope="col">Now</Table.Th>
                  <Table.Th scope="col">After the undo</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.fields.map((f) => (
                  <Table.Tr key={f.field}>
                    <Table.Th scope="row" fw={500}>
                      {f.label}
                    </Table.Th>
                    <Table.Td>
                      <Code>{displayValue(f.now)}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Code>{displayValue(f.restored)}</Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {p.note ? <Alert color="blue">{p.note}</Alert> : null}
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {p?.possible ? 'Cancel' : 'Close'}
          </Button>
          {p?.possible ? (
            <Button color="orange" loading={undo.isPending} onClick={() => undo.mutate({ changeId: entry.id, confirm: true })}>
              Undo change
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}
