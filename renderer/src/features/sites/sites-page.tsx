import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconPlayerPause, IconArrowDown, IconArrowUp, IconArrowsSort, IconFolderShare, IconPlus, IconSearch, IconUserExclamation } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { Site } from '../../../../core/contract/sites';
import { ROLLOUT_STAGES, STAGE_LABEL } from '../../../../core/domain/stages';
import { formatDate } from '../../lib/format';
import { nextOffset } from '../../lib/paging';
import { firstIssueMessage } from '../../lib/errors';
import { rpc } from '../../lib/rpc';
import { BulkExportDialog } from '../documents/bulk-export';
import { useDebounced } from '../../lib/use-debounced';
import { ClientSelect } from '../clients/client-select';
import { useSiteFilters, type SiteSort } from './site-filters';
import { StageBadge } from './stage-badge';

const PAGE = 100;
const ROW_HEIGHT = 37;

const columns: (ColumnDef<Site> & { sort?: SiteSort; width?: number })[] = [
  {
    id: 'marker',
    header: () => <span className="sr-only">Setup</span>,
    size: 34,
    cell: ({ row }) =>
      row.original.paused ? (
        <Tooltip label="High-risk activity is paused on this site">
          <IconPlayerPause size={16} color="var(--mantine-color-red-7)" aria-label="High-risk activity paused" role="img" data-testid="paused-marker" />
        </Tooltip>
      ) : row.original.missingSetup.length ? (
        <Tooltip label={`Setup record incomplete: ${row.original.missingSetup.join(', ')} missing`} multiline w={260}>
          <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" aria-label="Setup record incomplete" role="img" />
        </Tooltip>
      ) : null,
  },
  { id: 'name', header: 'Site', sort: 'name', cell: ({ row }) => <Text size="sm" fw={500} truncate>{row.original.name}</Text> },
  { id: 'client', header: 'Client', sort: 'client', cell: ({ row }) => <Text size="sm" truncate>{row.original.clientName}</Text> },
  { id: 'productionUrl', header: 'Production URL', sort: 'productionUrl', cell: ({ row }) => <Text size="sm" c="dimmed" truncate className="rw-mono">{row.original.productionUrl.replace(/^https:\/\//, '')}</Text> },
  { id: 'stage', header: 'Stage', sort: 'stage', cell: ({ row }) => <StageBadge stage={row.original.stage} /> },
  { id: 'sophmateVersion', header: 'SophMate', sort: 'sophmateVersion', cell: ({ row }) => <Text size="sm" className="rw-mono">{row.original.sophmateVersion ?? '—'}</Text> },
  { id: 'wordpressVersion', header: 'WordPress', sort: 'wordpressVersion', cell: ({ row }) => <Text size="sm" className="rw-mono">{row.original.wordpressVersion ?? '—'}</Text> },
  { id: 'phpVersion', header: 'PHP', sort: 'phpVersion', cell: ({ row }) => <Text size="sm" className="rw-mono">{row.original.phpVersion ?? '—'}</Text> },
  {
    id: 'owners',
    header: 'Owners',
    sort: 'ownerGaps',
    cell: ({ row }) => {
      const s = row.original;
      if (s.ownerGaps === 0 && s.unverifiedOwners === 0) return <Badge color="teal" variant="light" size="sm" tt="none">All verified</Badge>;
      return (
        <Group gap={4} wrap="nowrap">
          {s.ownerGaps > 0 ? <Badge color="red" variant="light" size="sm" tt="none" leftSection={<IconUserExclamation size={12} />}>{s.ownerGaps} gap{s.ownerGaps === 1 ? '' : 's'}</Badge> : null}
          {s.unverifiedOwners > 0 ? <Badge color="yellow" variant="light" size="sm" tt="none">{s.unverifiedOwners} unverified</Badge> : null}
        </Group>
      );
    },
  },
  { id: 'updatedAt', header: 'Updated', sort: 'updatedAt', cell: ({ row }) => <Text size="sm" c="dimmed">{formatDate(row.original.updatedAt)}</Text> },
];

const WIDTHS: Record<string, string> = {
  marker: '36px', name: '21%', client: '15%', productionUrl: '20%', stage: '100px', sophmateVersion: '100px',
  wordpressVersion: '104px', phpVersion: '64px', owners: '196px', updatedAt: '112px',
};

/** Named filters: save the current list as a view, open or remove a saved one. */
function SavedViews() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const views = useQuery({ queryKey: ['views.list'], queryFn: () => rpc('views.list', {}) });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => rpc('views.save', { name, query: params.toString() }),
    onSuccess: async () => {
      setNaming(false);
      setName('');
      setError(null);
      await qc.invalidateQueries({ queryKey: ['views.list'] });
    },
    onError: (e) => setError(firstIssueMessage(e)),
  });
  return (
    <>
      <Select
        aria-label="Saved views"
        placeholder="Saved views"
        data={(views.data ?? []).map((v) => ({ value: v.query, label: v.name }))}
        value={null}
        onChange={(q) => q !== null && navigate(`/sites?${q}`)}
        w={200}
        nothingFoundMessage="No saved views yet"
      />
      <Button variant="default" onClick={() => setNaming(true)}>Save view</Button>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this view">
        <Stack>
          <TextInput label="View name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setNaming(false)}>Cancel</Button>
            <Button onClick={() => save.mutate()} loading={save.isPending}>Save view</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function SitesPage() {
  const navigate = useNavigate();
  const { filters, update, listInput, activeCount } = useSiteFilters();
  const [exporting, setExporting] = useState(false);
  const [searchText, setSearchText] = useState(filters.search);
  const debouncedSearch = useDebounced(searchText, 250);
  useEffect(() => {
    if (debouncedSearch !== filters.search) update({ q: debouncedSearch });
  }, [debouncedSearch, filters.search, update]);

  const facets = useQuery({ queryKey: ['sites.facets'], queryFn: () => rpc('sites.facets', {}) });
  const query = useInfiniteQuery({
    queryKey: ['sites.list', 'table', listInput],
    queryFn: ({ pageParam }) => rpc('sites.list', { ...listInput, offset: pageParam, limit: PAGE }),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;

  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [lastIndex, rows.length, query]);

  const padTop = items.length ? items[0]!.start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const tableRows = table.getRowModel().rows;

  const toggleSort = (sort: SiteSort) => {
    if (filters.sort === sort) update({ dir: filters.direction === 'asc' ? 'desc' : 'asc' });
    else update({ sort, dir: 'asc' });
  };
  const versionData = (list: string[] | undefined) => (list ?? []).map((v) => ({ value: v, label: v }));

  return (
    <Stack gap="sm" h="calc(100vh - 48px - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2}>Sites</Title>
          <Text c="dimmed" size="sm" data-testid="sites-total">
            {query.isSuccess ? `${total.toLocaleString()} site${total === 1 ? '' : 's'}` : ' '}
          </Text>
        </Group>
        <Group gap="xs">
          <SavedViews />
          <Tooltip label="The documents of every site in this list, a folder per site">
            <Button variant="default" leftSection={<IconFolderShare size={16} />} onClick={() => setExporting(true)} disabled={!total}>
              Export documents…
            </Button>
          </Tooltip>
          <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/sites/new')}>
            New site
          </Button>
        </Group>
      </Group>
      <Paper withBorder p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search sites"
            placeholder="Name, client or URL"
            leftSection={<IconSearch size={16} />}
            value={searchText}
            onChange={(e) => setSearchText(e.currentTarget.value)}
            w={260}
          />
          <ClientSelect
            label="Client"
            placeholder="All clients"
            value={filters.clientId}
            selectedName={filters.clientName}
            onChange={(id) => update({ client: id, clientName: null })}
            w={200}
          />
          <MultiSelect
            label="Stage"
            placeholder={filters.stages.length ? undefined : 'All stages'}
            data={ROLLOUT_STAGES.map((s) => ({ value: s, label: STAGE_LABEL[s] }))}
            value={filters.stages}
            onChange={(v) => update({ stage: v.join(',') })}
            w={220}
            clearable
          />
          <Select label="SophMate" placeholder="Any" data={versionData(facets.data?.sophmateVersions)} value={filters.sophmateVersion} onChange={(v) => update({ smv: v })} clearable w={120} />
          <Select label="WordPress" placeholder="Any" data={versionData(facets.data?.wordpressVersions)} value={filters.wordpressVersion} onChange={(v) => update({ wpv: v })} clearable w={120} />
          <Select label="PHP" placeholder="Any" data={versionData(facets.data?.phpVersions)} value={filters.phpVersion} onChange={(v) => update({ phpv: v })} clearable w={100} />
          <Stack gap={6}>
            <Switch label="Incomplete setup only" checked={filters.incompleteOnly} onChange={(e) => update({ incomplete: e.currentTarget.checked ? '1' : null })} />
            <Switch label="Owner gaps only" checked={filters.ownerGapsOnly} onChange={(e) => update({ gaps: e.currentTarget.checked ? '1' : null })} />
            <Switch label="Paused only" checked={filters.pausedOnly} onChange={(e) => update({ paused: e.currentTarget.checked ? '1' : null })} />
          </Stack>
          <Stack gap={6}>
            <Switch label="Blocked only" checked={filters.blockedOnly} onChange={(e) => update({ blocked: e.currentTarget.checked ? '1' : null })} />
            <Switch label="Open incidents only" checked={filters.openIncidentsOnly} onChange={(e) => update({ incidents: e.currentTarget.checked ? '1' : null })} />
          </Stack>
          <SegmentedControl
            aria-label="Archived sites"
            size="xs"
            data={[
              { value: 'active', label: 'Active' },
              { value: 'archived', label: 'Archived' },
              { value: 'all', label: 'All' },
            ]}
            value={filters.archived}
            onChange={(v) => update({ archived: v === 'active' ? null : v })}
          />
          {activeCount > 0 || filters.search ? (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setSearchText('');
                update({ q: null, client: null, clientName: null, stage: null, smv: null, wpv: null, phpv: null, incomplete: null, gaps: null, paused: null, blocked: null, incidents: null, archived: null });
              }}
            >
              Clear filters
            </Button>
          ) : null}
        </Group>
      </Paper>
      {query.isError ? (
        <Alert color="red" title="Sites could not be loaded">
          {(query.error as Error).message}
        </Alert>
      ) : null}
      <Paper withBorder style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <div ref={scrollRef} className="rw-table-scroll" style={{ flex: 1 }} data-testid="sites-table-scroll">
          <Table stickyHeader highlightOnHover={false} style={{ tableLayout: 'fixed', minWidth: 1150 }} aria-label="Sites" aria-rowcount={total}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => {
                  const active = c.sort && filters.sort === c.sort;
                  const ariaSort = active ? (filters.direction === 'asc' ? 'ascending' : 'descending') : undefined;
                  const header = c.id === 'marker' ? <span style={{ position: 'absolute', left: -9999 }}>Setup record</span> : (c.header as string);
                  return (
                    <Table.Th key={c.id} style={{ width: WIDTHS[c.id!] }} aria-sort={ariaSort}>
                      {c.sort ? (
                        <button type="button" className="rw-th-button" onClick={() => toggleSort(c.sort!)}>
                          {header}
                          {active ? filters.direction === 'asc' ? <IconArrowUp size={14} /> : <IconArrowDown size={14} /> : <IconArrowsSort size={14} opacity={0.35} />}
                        </button>
                      ) : (
                        header
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {padTop > 0 ? <tr style={{ height: padTop }} aria-hidden /> : null}
              {items.map((vi) => {
                const row = tableRows[vi.index];
                if (!row) return null;
                return (
                  <Table.Tr
                    key={row.id}
                    className="rw-row"
                    style={{ height: ROW_HEIGHT }}
                    tabIndex={0}
                    aria-rowindex={vi.index + 2}
                    onClick={() => navigate(`/sites/${row.id}`)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') navigate(`/sites/${row.id}`);
                    }}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <Table.Td key={cell.id} style={{ overflow: 'hidden', whiteSpace: 'nowrap' }}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
              {padBottom > 0 ? <tr style={{ height: padBottom }} aria-hidden /> : null}
            </Table.Tbody>
          </Table>
          {query.isPending ? (
            <Center p="xl">
              <Loader size="sm" />
            </Center>
          ) : null}
          {query.isSuccess && total === 0 ? (
            <Center p="xl">
              <Stack align="center" gap="xs">
                {activeCount > 0 || filters.search ? (
                  <>
                    <Text fw={500}>No site matches these filters.</Text>
                    <Text c="dimmed" size="sm">Clear a filter or search for part of a name, client or URL.</Text>
                  </>
                ) : (
                  <>
                    <Text fw={500}>No sites yet.</Text>
                    <Text c="dimmed" size="sm">Add your first client site and its setup record to start a rollout.</Text>
                    <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/sites/new')}>
                      New site
                    </Button>
                  </>
                )}
              </Stack>
            </Center>
          ) : null}
        </div>
        {query.isFetchingNextPage ? (
          <Text size="xs" c="dimmed" p={4} ta="center">
            Loading more…
          </Text>
        ) : null}
      </Paper>
      {exporting ? (
        <BulkExportDialog
          loadIds={() => rpc('sites.ids', { ...listInput, offset: 0, limit: 1 })}
          label={`${total.toLocaleString()} site${total === 1 ? '' : 's'}${activeCount ? ' (filtered)' : ''}`}
          onClose={() => setExporting(false)}
        />
      ) : null}
    </Stack>
  );
}
