import { Button, Center, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconEdit, IconFileImport, IconFolderShare, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { BulkEditDialog } from '../bulk/bulk-edit-dialog';
import { BulkExportDialog } from '../documents/bulk-export';
import { ExportMenu } from '../portfolio/export-menu';
import { ColumnChooser } from './column-controls';
import { useColumnPrefs } from './column-prefs';
import { SavedViews } from './saved-views';
import { SiteFilterBar } from './site-filter-bar';
import { useSiteFilters, type SiteSort } from './site-filters';
import { SitesTable } from './sites-table';
import { siteQueries } from './queries';
import { rpc } from '../../lib/rpc';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { useRenderedMark } from '../../lib/rendered-mark';

export function SitesPage() {
  const navigate = useNavigate();
  const { params, filters, update, clearAll, listInput, activeCount } = useSiteFilters();
  const columns = useColumnPrefs();
  const [exporting, setExporting] = useState(false);
  const [bulkEditing, setBulkEditing] = useState(false);
  const listKey = useMemo(() => JSON.stringify(listInput), [listInput]);

  // While the next answer loads (a key typed, a filter changed) the rows of the last one stay.
  const query = useInfiniteQuery({ ...siteQueries.table(listInput), placeholderData: keepPreviousData });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;
  useRenderedMark('sites', query.isSuccess && !query.isPlaceholderData, listInput);
  const { hasNextPage, isFetchingNextPage, isPlaceholderData, fetchNextPage } = query;
  const onNearEnd = useCallback(() => {
    // Rows kept from the last answer are not this list's: its next page waits for its own first one.
    if (hasNextPage && !isFetchingNextPage && !isPlaceholderData) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isPlaceholderData, fetchNextPage]);

  const toggleSort = (sort: SiteSort) => {
    if (filters.sort === sort) update({ dir: filters.direction === 'asc' ? 'desc' : 'asc' });
    else update({ sort, dir: 'asc' });
  };
  const narrowed = activeCount > 0 || filters.search.trim() !== '';

  return (
    <Stack gap="sm" h="calc(100vh - 48px - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" gap="xs">
        <Group gap="sm" align="baseline" wrap="nowrap">
          <Title order={2}>Sites</Title>
          <Text c="dimmed" size="sm" data-testid="sites-total" style={{ whiteSpace: 'nowrap' }}>
            {query.isSuccess ? `${total.toLocaleString()} site${total === 1 ? '' : 's'}` : ' '}
          </Text>
        </Group>
        {/* The actions wrap onto a second line in a narrow window rather than running off its edge. */}
        <Group gap="xs" justify="flex-end">
          <SavedViews params={params} />
          <ColumnChooser isShown={columns.isShown} onToggle={columns.setShown} onReset={columns.reset} />
          <Tooltip label="One change (an owner, a field, operators, the stage) to every site in this list, previewed first">
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setBulkEditing(true)} disabled={!total}>
              Bulk edit…
            </Button>
          </Tooltip>
          <Tooltip label="The documents of every site in this list, a folder per site">
            <Button variant="default" leftSection={<IconFolderShare size={16} />} onClick={() => setExporting(true)} disabled={!total}>
              Export documents…
            </Button>
          </Tooltip>
          <ExportMenu what="sites" filter={listInput} disabled={!total} />
          <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => navigate('/import?kind=sites')}>
            Import…
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/sites/new')}>
            New site
          </Button>
        </Group>
      </Group>
      <SiteFilterBar filters={filters} update={update} clearAll={clearAll} />
      {query.isError ? <QueryError error={query.error} title="Sites could not be loaded" /> : null}
      <Paper withBorder style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <SitesTable
          rows={rows}
          total={total}
          columns={columns}
          sort={filters.sort}
          direction={filters.direction}
          onSort={toggleSort}
          onNearEnd={onNearEnd}
          listKey={listKey}
        >
          {query.isPending ? <QueryLoading p="xl" /> : null}
          {query.isSuccess && total === 0 ? (
            <Center p="xl">
              <Stack align="center" gap="xs">
                {narrowed ? (
                  <>
                    <Text fw={500}>No site matches these filters.</Text>
                    <Text c="dimmed" size="sm">
                      Remove a filter above, or search for part of a name, client or URL.
                    </Text>
                  </>
                ) : (
                  <>
                    <Text fw={500}>No sites yet.</Text>
                    <Text c="dimmed" size="sm">
                      Add your first client site and its setup record to start a rollout.
                    </Text>
                    <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/sites/new')}>
                      New site
                    </Button>
                  </>
                )}
              </Stack>
            </Center>
          ) : null}
        </SitesTable>
        {query.isFetchingNextPage ? (
          <Text size="xs" c="dimmed" p={4} ta="center">
            Loading more…
          </Text>
        ) : null}
      </Paper>
      {exporting ? (
        <BulkExportDialog
          loadIds={() => rpc('sites.ids', { ...listInput, offset: 0, limit: 1 })}
          label={`${total.toLocaleString()} site${total === 1 ? '' : 's'}${narrowed ? ' (filtered)' : ''}`}
          onClose={() => setExporting(false)}
        />
      ) : null}
      {bulkEditing ? (
        <BulkEditDialog
          filter={listInput}
          label={`${total.toLocaleString()} site${total === 1 ? '' : 's'}${narrowed ? ' (filtered)' : ''}`}
          onClose={() => setBulkEditing(false)}
        />
      ) : null}
    </Stack>
  );
}
