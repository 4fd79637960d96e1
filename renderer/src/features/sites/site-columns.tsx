import { Badge, Group } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPause, IconUserExclamation } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import type { Site } from '@core/contract/sites';
import { formatDate } from '../../lib/format';
import { HoverTooltip, TooltipAnchor } from '../../lib/hover-tooltip';
import type { SiteSort } from './site-filters';
import { StageBadge } from './stage-badge';

/**
 * A cell text cut to its column that can always be read whole: the title attribute carries the full
 * text, and a tooltip shows it on hover when the column is too narrow for it. Every visible row has
 * several, so it is a plain paragraph styled as Mantine's small text (sites-table.css), and the
 * tooltip is mounted only while a cut text is hovered (lib/hover-tooltip.tsx says why).
 */
export function CellText({ text, mono, dimmed, strong }: { text: string; mono?: boolean; dimmed?: boolean; strong?: boolean }) {
  const [cut, setCut] = useState(false);
  return (
    <p
      className={mono ? 'rw-cell-text rw-mono' : 'rw-cell-text'}
      data-dimmed={dimmed || undefined}
      data-strong={strong || undefined}
      title={text}
      onMouseEnter={(e) => setCut(e.currentTarget.scrollWidth > e.currentTarget.clientWidth)}
      onMouseLeave={() => setCut(false)}
    >
      {text}
      {cut ? <TooltipAnchor label={text} multiline maw={480} withinPortal /> : null}
    </p>
  );
}

export interface SiteColumn {
  id: string;
  /** The column's name (the column chooser's label, the header's title). */
  label: string;
  /** A shorter header text, where the name is long for the column. */
  header?: string;
  sort?: SiteSort;
  /** Width in pixels; a flexible column (flex) shares the room the others leave, in that ratio. */
  width?: number;
  flex?: number;
  minWidth: number;
  /** Shown until the user chooses otherwise in the column chooser. */
  shownByDefault: boolean;
  /** Cannot be hidden (the column that names the row). */
  fixed?: boolean;
  cell: ColumnDef<Site>['cell'];
}

export const SITE_COLUMNS: SiteColumn[] = [
  {
    id: 'marker',
    label: 'Setup record',
    width: 34,
    minWidth: 34,
    shownByDefault: true,
    fixed: true,
    cell: ({ row }) =>
      row.original.paused ? (
        <HoverTooltip label="High-risk activity is paused on this site">
          <IconPlayerPause size={16} color="var(--mantine-color-red-7)" aria-label="High-risk activity paused" role="img" data-testid="paused-marker" />
        </HoverTooltip>
      ) : row.original.missingSetup.length ? (
        <HoverTooltip label={`Setup record incomplete: ${row.original.missingSetup.join(', ')} missing`} multiline w={260}>
          <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" aria-label="Setup record incomplete" role="img" />
        </HoverTooltip>
      ) : null,
  },
  {
    id: 'name',
    label: 'Site',
    sort: 'name',
    flex: 6,
    minWidth: 150,
    shownByDefault: true,
    fixed: true,
    cell: ({ row }) => <CellText text={row.original.name} strong />,
  },
  {
    id: 'client',
    label: 'Client',
    sort: 'client',
    flex: 3,
    minWidth: 100,
    shownByDefault: true,
    cell: ({ row }) => <CellText text={row.original.clientName} />,
  },
  {
    id: 'productionUrl',
    label: 'Production URL',
    header: 'URL',
    sort: 'productionUrl',
    flex: 3,
    minWidth: 110,
    shownByDefault: true,
    cell: ({ row }) => <CellText text={row.original.productionUrl.replace(/^https:\/\//, '')} mono dimmed />,
  },
  { id: 'stage', label: 'Stage', sort: 'stage', width: 104, minWidth: 80, shownByDefault: true, cell: ({ row }) => <StageBadge stage={row.original.stage} /> },
  {
    id: 'sophmateVersion',
    label: 'SophMate',
    sort: 'sophmateVersion',
    width: 124,
    minWidth: 70,
    shownByDefault: true,
    cell: ({ row }) => <CellText text={row.original.sophmateVersion ?? '—'} mono />,
  },
  {
    id: 'wordpressVersion',
    label: 'WordPress',
    sort: 'wordpressVersion',
    width: 108,
    minWidth: 70,
    shownByDefault: false,
    cell: ({ row }) => <CellText text={row.original.wordpressVersion ?? '—'} mono />,
  },
  {
    id: 'phpVersion',
    label: 'PHP',
    sort: 'phpVersion',
    width: 64,
    minWidth: 50,
    shownByDefault: false,
    cell: ({ row }) => <CellText text={row.original.phpVersion ?? '—'} mono />,
  },
  {
    id: 'owners',
    label: 'Owners',
    sort: 'ownerGaps',
    width: 196,
    minWidth: 110,
    shownByDefault: true,
    cell: ({ row }) => {
      const s = row.original;
      if (s.ownerGaps === 0 && s.unverifiedOwners === 0)
        return (
          <Badge color="teal" variant="light" size="sm" tt="none">
            All verified
          </Badge>
        );
      return (
        <Group gap={4} wrap="nowrap">
          {s.ownerGaps > 0 ? (
            <Badge color="red" variant="light" size="sm" tt="none" leftSection={<IconUserExclamation size={12} />}>
              {s.ownerGaps} gap{s.ownerGaps === 1 ? '' : 's'}
            </Badge>
          ) : null}
          {s.unverifiedOwners > 0 ? (
            <Badge color="yellow" variant="light" size="sm" tt="none">
              {s.unverifiedOwners} unverified
            </Badge>
          ) : null}
        </Group>
      );
    },
  },
  {
    id: 'updatedAt',
    label: 'Updated',
    sort: 'updatedAt',
    width: 132,
    minWidth: 100,
    shownByDefault: true,
    cell: ({ row }) => <CellText text={formatDate(row.original.updatedAt)} dimmed />,
  },
];

/** Column widths in pixels for the room available: fixed and resized columns first, flexible ones share the rest. */
export function columnWidths(columns: SiteColumn[], sizes: Record<string, number>, room: number): Record<string, number> {
  const out: Record<string, number> = {};
  let used = 0;
  let flexTotal = 0;
  for (const c of columns) {
    const size = sizes[c.id] ?? c.width;
    if (size !== undefined) {
      out[c.id] = Math.max(c.minWidth, size);
      used += out[c.id]!;
    } else flexTotal += c.flex ?? 1;
  }
  const left = Math.max(0, room - used);
  for (const c of columns) {
    if (out[c.id] === undefined) out[c.id] = Math.max(c.minWidth, Math.floor((left * (c.flex ?? 1)) / flexTotal));
  }
  return out;
}
