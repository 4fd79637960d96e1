import { Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { SITE_COLUMNS, type SiteColumn } from './site-columns';

const STEP = 16;

/**
 * The grip on a column's right edge: drag it, or focus it and use the arrow keys (Shift for bigger
 * steps); Home or a double-click gives the column back its default width.
 */
export function ResizeHandle({ column, width, onResize, onReset }: { column: SiteColumn; width: number; onResize: (w: number) => void; onReset: () => void }) {
  const start = useRef<{ x: number; w: number } | null>(null);
  const clamp = (w: number) => Math.max(column.minWidth, Math.min(1200, Math.round(w)));
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize the ${column.label} column`}
      aria-valuenow={width}
      aria-valuemin={column.minWidth}
      aria-valuemax={1200}
      tabIndex={0}
      className="rw-col-resize"
      data-testid={`resize-${column.id}`}
      onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
        e.preventDefault();
        e.stopPropagation();
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { x: e.clientX, w: width };
      }}
      onPointerMove={(e) => {
        if (start.current) onResize(clamp(start.current.w + e.clientX - start.current.x));
      }}
      onPointerUp={(e) => {
        if (!start.current) return;
        onResize(clamp(start.current.w + e.clientX - start.current.x));
        start.current = null;
      }}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={onReset}
      onKeyDown={(e: KeyboardEvent<HTMLDivElement>) => {
        const step = e.shiftKey ? STEP * 4 : STEP;
        if (e.key === 'ArrowRight') onResize(clamp(width + step));
        else if (e.key === 'ArrowLeft') onResize(clamp(width - step));
        else if (e.key === 'Home') onReset();
        else return;
        e.preventDefault();
      }}
    />
  );
}

/** Show or hide the table's columns; the site name always stays. */
export function ColumnChooser({
  isShown,
  onToggle,
  onReset,
}: {
  isShown: (id: string) => boolean;
  onToggle: (id: string, on: boolean) => void;
  onReset: () => void;
}) {
  return (
    <Popover position="bottom-end" shadow="md" withinPortal trapFocus returnFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={8} role="group" aria-label="Columns shown">
          <Text size="sm" fw={600}>
            Columns shown
          </Text>
          {SITE_COLUMNS.filter((c) => !c.fixed).map((c) => (
            <Checkbox key={c.id} label={c.label} checked={isShown(c.id)} onChange={(e) => onToggle(c.id, e.currentTarget.checked)} />
          ))}
          <Button variant="subtle" size="compact-sm" onClick={onReset}>
            Reset columns and widths
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
