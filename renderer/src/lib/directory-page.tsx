/**
 * One page for a directory of records that are created, edited, archived and restored in place (the
 * Clients and People pages): title and count, "New …", the filters, a table paged 200 rows at a
 * time with "Load more", the empty state, and each row's Edit and Archive / Restore.
 */
import { Button, Group, Paper, SegmentedControl, Stack, Table, Text, Title, type TableProps } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ArchiveButton } from './archive-button';
import { QueryError } from './query-state';

export type ArchivedFilter = 'active' | 'archived' | 'all';

/** `?archived=` as a filter; anything else is the default, active records only. */
export const archivedFilterOf = (v: string | null): ArchivedFilter => (v === 'archived' || v === 'all' ? v : 'active');

/** Active / Archived / All, named for the records (e.g. "Archived clients"). */
export function ArchivedFilterControl({ label, value, onChange }: { label: string; value: ArchivedFilter; onChange: (v: ArchivedFilter) => void }) {
  return (
    <SegmentedControl
      aria-label={label}
      size="xs"
      value={value}
      onChange={(v) => onChange(v as ArchivedFilter)}
      data={[
        { value: 'active', label: 'Active' },
        { value: 'archived', label: 'Archived' },
        { value: 'all', label: 'All' },
      ]}
    />
  );
}

/**
 * Which record the edit dialog shows: 'new', one record, or none. `?new=1` opens it on a new record
 * (the palette and the application menu link so), and closing it drops the parameter.
 */
export function useDirectoryEditing<Row>() {
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Row | null | 'new'>(params.get('new') === '1' ? 'new' : null);
  const close = () => {
    setEditing(null);
    if (params.get('new')) setParams({}, { replace: true });
  };
  return { editing, setEditing, close };
}

interface DirectoryRow {
  id: string;
  name: string;
  archivedAt: string | null;
}

interface Props<Row extends DirectoryRow> {
  title: string;
  /** "12 clients": shown once the first page answered. */
  count: (total: number) => string;
  newLabel: string;
  onNew: () => void;
  maw: number;
  /** The search field and any other filter, in one row. */
  filters: ReactNode;
  query: UseInfiniteQueryResult<InfiniteData<{ rows: Row[]; total: number }>>;
  tableLabel: string;
  layout?: TableProps['layout'];
  /** The header cells of the record's own columns; the actions column is added. */
  columns: ReactNode;
  actionsWidth?: number;
  /** The cells of one row's own columns. */
  cells: (row: Row) => ReactNode;
  /** Narrow Edit buttons, for a table with many columns. */
  compact?: boolean;
  /** What the record is called in the archive dialog, e.g. “Acme Ltd”. */
  archiveName: (row: Row) => string;
  archiveText: string;
  restoreText: string;
  onEdit: (row: Row) => void;
  onToggleArchive: (row: Row) => void;
  /** Shown when nothing is listed: whether a filter narrowed the list decides which text. */
  empty: string;
  /** The edit dialog, when open. */
  children?: ReactNode;
}

export function DirectoryPage<Row extends DirectoryRow>(p: Props<Row>) {
  const q = p.query;
  const rows = q.data?.pages.flatMap((page) => page.rows) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  return (
    <Stack gap="sm" maw={p.maw}>
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2}>{p.title}</Title>
          <Text c="dimmed" size="sm">
            {q.isSuccess ? p.count(total) : ''}
          </Text>
        </Group>
        <Button leftSection={<IconPlus size={16} />} onClick={p.onNew}>
          {p.newLabel}
        </Button>
      </Group>
      <Group align="flex-end">{p.filters}</Group>
      {q.isError ? <QueryError error={q.error} /> : null}
      <Paper withBorder>
        <Table aria-label={p.tableLabel} highlightOnHover layout={p.layout}>
          <Table.Thead>
            <Table.Tr>
              {p.columns}
              <Table.Th style={p.actionsWidth ? { width: p.actionsWidth } : undefined}>
                <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                {p.cells(r)}
                <Table.Td>
                  <Group gap={p.compact ? 4 : 6} justify="flex-end" wrap="nowrap">
                    {!r.archivedAt ? (
                      <Button size="xs" px={p.compact ? 8 : undefined} variant="default" onClick={() => p.onEdit(r)} aria-label={`Edit ${r.name}`}>
                        Edit
                      </Button>
                    ) : null}
                    <ArchiveButton
                      name={p.archiveName(r)}
                      archived={Boolean(r.archivedAt)}
                      archiveText={p.archiveText}
                      restoreText={p.restoreText}
                      onConfirm={() => p.onToggleArchive(r)}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {q.isSuccess && rows.length === 0 ? (
          <Text p="lg" ta="center" c="dimmed">
            {p.empty}
          </Text>
        ) : null}
        {/* The next page lands in the query's data; its errors show above the table: nothing to await here. */}
        {q.hasNextPage ? (
          <Button variant="subtle" m="sm" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            Load more
          </Button>
        ) : null}
      </Paper>
      {p.children}
    </Stack>
  );
}
