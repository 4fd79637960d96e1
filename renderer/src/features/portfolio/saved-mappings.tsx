/** The mappings saved by earlier imports: a file with the same columns gets one filled in; each can be deleted. */
import { Button, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IMPORT_KIND_LABEL } from '@core/portfolio/fields';
import { notifyError, notifySaved } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { QueryError } from '../../lib/query-state';
import { useDeleteMapping } from './mutations';
import { portfolioQueries } from './queries';

export function SavedMappings() {
  const q = useQuery(portfolioQueries.mappings());
  const del = useDeleteMapping({
    onSuccess: () => notifySaved('Mapping deleted.'),
    onError: (e) => notifyError(e, 'Not deleted'),
  });
  if (q.isError) return <QueryError error={q.error} title="Saved mappings could not be loaded" />;
  const rows = q.data ?? [];
  return (
    <Paper withBorder p="md" data-testid="saved-mappings">
      <Title order={3} size="h5" mb="xs">
        Saved mappings
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet: name a mapping when you import, and files with the same columns get it next time.
        </Text>
      ) : (
        <Table aria-label="Saved mappings" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Records</Table.Th>
              <Table.Th>Columns</Table.Th>
              <Table.Th>Saved</Table.Th>
              <Table.Th>
                <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td>{IMPORT_KIND_LABEL[m.kind]}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={1} title={m.fileColumns.join(', ')}>
                    {m.fileColumns.join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDate(m.updatedAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="default"
                    color="red"
                    aria-label={`Delete the mapping “${m.name}”`}
                    loading={del.isPending && del.variables?.id === m.id}
                    onClick={() => del.mutate({ id: m.id })}
                  >
                    Delete
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
