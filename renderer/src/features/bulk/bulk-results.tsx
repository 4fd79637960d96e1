import { Anchor, Badge, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { BULK_OUTCOMES, type BulkReport, type BulkSiteResult } from '@core/contract/bulk';

type Outcome = BulkSiteResult['outcome'];

const COLOR: Record<Outcome, string> = { changed: 'green', unchanged: 'gray', blocked: 'orange', failed: 'red' };

/** How an outcome reads before the change (a preview) and after it. */
export function outcomeLabel(outcome: Outcome, preview: boolean): string {
  if (outcome === 'changed') return preview ? 'Would change' : 'Changed';
  if (outcome === 'unchanged') return 'Already so';
  return outcome === 'blocked' ? 'Blocked' : 'Failed';
}

const ROW_HEIGHT = 44;
const VIRTUAL_FROM = 200;
const LONG_DETAIL = 140;

/**
 * The outcome of a bulk change per site, with the counts by outcome; long lists are virtualised (a
 * bulk change may concern thousands of sites) and can be narrowed to one outcome.
 */
export function BulkResults({ report, preview }: { report: BulkReport; preview: boolean }) {
  const [shown, setShown] = useState<'all' | Outcome>('all');
  const rows = useMemo(() => (shown === 'all' ? report.results : report.results.filter((r) => r.outcome === shown)), [report, shown]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // A short list is drawn whole; a long one only where it is scrolled to.
  const virtual = rows.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const virtualItems = virtual ? virtualizer.getVirtualItems() : [];
  const items = virtual ? virtualItems : rows.map((_, index) => ({ index }));
  const padTop = virtualItems.length ? virtualItems[0]!.start : 0;
  const padBottom = virtualItems.length ? virtualizer.getTotalSize() - virtualItems[virtualItems.length - 1]!.end : 0;
  const present = BULK_OUTCOMES.filter((o) => report.counts[o] > 0);
  // Gate refusals list every reason: two lines show, the rest on demand.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <>
      <Group gap="xs" data-testid="bulk-counts">
        {BULK_OUTCOMES.map((o) => (
          <Badge key={o} color={report.counts[o] ? COLOR[o] : 'gray'} variant="light">
            {outcomeLabel(o, preview)}: {report.counts[o]}
          </Badge>
        ))}
      </Group>
      {present.length > 1 ? (
        <SegmentedControl
          size="xs"
          aria-label="Show sites"
          value={shown}
          onChange={(v) => setShown(v as 'all' | Outcome)}
          data={[
            { value: 'all', label: `All (${report.results.length})` },
            ...present.map((o) => ({ value: o, label: `${outcomeLabel(o, preview)} (${report.counts[o]})` })),
          ]}
        />
      ) : null}
      {/* Focusable, so the list scrolls by keyboard too. */}
      <div
        ref={scrollRef}
        style={{ maxHeight: 340, overflow: 'auto' }}
        data-testid="bulk-results-scroll"
        tabIndex={0}
        role="region"
        aria-label="Sites and outcomes"
      >
        <Table stickyHeader aria-label={preview ? 'What the change would do, per site' : 'What the change did, per site'} aria-rowcount={rows.length + 1}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ width: '24%' }}>Site</Table.Th>
              <Table.Th style={{ width: '16%' }}>Client</Table.Th>
              <Table.Th style={{ width: 164 }}>Outcome</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {padTop > 0 ? <tr style={{ height: padTop }} aria-hidden /> : null}
            {items.map((vi) => {
              const r = rows[vi.index];
              if (!r) return null;
              return (
                <Table.Tr
                  key={r.siteId}
                  ref={virtual ? virtualizer.measureElement : undefined}
                  data-index={vi.index}
                  aria-rowindex={vi.index + 2}
                  data-outcome={r.outcome}
                  style={{ verticalAlign: 'top' }}
                >
                  <Table.Td>{r.siteName}</Table.Td>
                  <Table.Td>{r.clientName}</Table.Td>
                  <Table.Td>
                    <Badge color={COLOR[r.outcome]} variant="light">
                      {outcomeLabel(r.outcome, preview)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={open.has(r.siteId) ? undefined : 2}>
                      {r.detail}
                    </Text>
                    {r.detail.length > LONG_DETAIL ? (
                      <Anchor
                        component="button"
                        type="button"
                        size="xs"
                        aria-expanded={open.has(r.siteId)}
                        aria-label={`${open.has(r.siteId) ? 'Show less' : 'Show all'} of the detail for ${r.siteName}`}
                        onClick={() => toggle(r.siteId)}
                      >
                        {open.has(r.siteId) ? 'Show less' : 'Show all'}
                      </Anchor>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {padBottom > 0 ? <tr style={{ height: padBottom }} aria-hidden /> : null}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
