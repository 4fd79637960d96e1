import { Table } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useGo } from '../../lib/navigation';
import type { Site } from '@core/contract/sites';
import { ResizeHandle } from './column-controls';
import type { useColumnPrefs } from './column-prefs';
import { columnWidths } from './site-columns';
import type { SiteSort } from './site-filters';
import './sites-table.css';

const ROW_HEIGHT = 37;

interface Props {
  rows: Site[];
  total: number;
  columns: ReturnType<typeof useColumnPrefs>;
  sort: SiteSort;
  direction: 'asc' | 'desc';
  onSort: (sort: SiteSort) => void;
  /** Asked for when the rows near the end are on screen. */
  onNearEnd: () => void;
  /** Names the list shown (its filters, search and order): a new one starts at the top. */
  listKey: string;
  /** Shown below the rows (loading, empty state). */
  children?: ReactNode;
}

interface RowProps {
  row: Row<Site>;
  /** The column definitions the row's cells come from. */
  defs: ColumnDef<Site>[];
  index: number;
  onOpen: (id: string) => void;
}

/**
 * One site's row. It renders again only when its site, the columns or its place change: a new page
 * of rows, a column resize or a scroll leaves the rows already on screen as they are. (The table
 * makes new row objects for every change of the data, so the site itself is compared.)
 */
const SiteRow = memo(
  function SiteRow({ row, index, onOpen }: RowProps) {
    return (
      <Table.Tr
        className="rw-row"
        style={{ height: ROW_HEIGHT }}
        tabIndex={0}
        aria-rowindex={index + 2}
        onClick={() => onOpen(row.id)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onOpen(row.id);
        }}
      >
        {row.getVisibleCells().map((cell) => (
          <Table.Td key={cell.id} style={{ overflow: 'hidden', whiteSpace: 'nowrap' }}>
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </Table.Td>
        ))}
      </Table.Tr>
    );
  },
  (a, b) => a.row.original === b.row.original && a.defs === b.defs && a.index === b.index && a.onOpen === b.onOpen,
);

/** The virtualised Sites table: sortable headers, resizable columns, full names on hover. */
export function SitesTable({ rows, total, columns, sort, direction, onSort, onNearEnd, listKey, children }: Props) {
  const navigate = useGo();
  const { ref: sizeRef, width: room } = useElementSize();
  const visible = columns.visible;
  const widths = columnWidths(visible, columns.prefs.sizes, room);
  const tableWidth = visible.reduce((n, c) => n + widths[c.id]!, 0);
  const defs = useMemo<ColumnDef<Site>[]>(() => visible.map((c) => ({ id: c.id, cell: c.cell })), [visible]);
  const table = useReactTable({ data: rows, columns: defs, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [listKey]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (rows.length > 0 && lastIndex >= rows.length - 20) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);
  const padTop = items.length ? items[0]!.start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const tableRows = table.getRowModel().rows;
  const open = useCallback((id: string) => navigate(`/sites/${id}`), [navigate]);

  return (
    <div ref={scrollRef} className="rw-table-scroll" style={{ flex: 1 }} data-testid="sites-table-scroll">
      <div ref={sizeRef} style={{ width: '100%', height: 0 }} aria-hidden />
      <Table
        stickyHeader
        highlightOnHover={false}
        className="rw-sites-table"
        style={{ tableLayout: 'fixed', width: room ? tableWidth : '100%' }}
        aria-label="Sites"
        aria-rowcount={total}
      >
        <Table.Thead>
          <Table.Tr>
            {visible.map((c) => {
              const active = c.sort && sort === c.sort;
              const ariaSort = active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined;
              const header = c.id === 'marker' ? <span style={{ position: 'absolute', left: -9999 }}>{c.label}</span> : (c.header ?? c.label);
              return (
                <Table.Th
                  key={c.id}
                  style={{ width: widths[c.id], whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                  aria-sort={ariaSort}
                  title={c.id === 'marker' ? undefined : c.label}
                >
                  {c.sort ? (
                    <button type="button" className="rw-th-button" style={{ maxWidth: '100%' }} onClick={() => onSort(c.sort!)}>
                      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{header}</span>
                      {active ? direction === 'asc' ? <IconArrowUp size={14} /> : <IconArrowDown size={14} /> : <IconArrowsSort size={14} opacity={0.35} />}
                    </button>
                  ) : (
                    header
                  )}
                  {c.id !== 'marker' ? (
                    <ResizeHandle column={c} width={widths[c.id]!} onResize={(w) => columns.setSize(c.id, w)} onReset={() => columns.setSize(c.id, null)} />
                  ) : null}
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
            return <SiteRow key={row.id} row={row} defs={defs} index={vi.index} onOpen={open} />;
          })}
          {padBottom > 0 ? <tr style={{ height: padBottom }} aria-hidden /> : null}
        </Table.Tbody>
      </Table>
      {children}
    </div>
  );
}
