import { Tooltip, type TooltipProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import './hover-tooltip.css';

/**
 * A tooltip for controls and texts repeated on every row of a long list. A Mantine tooltip runs its
 * positioning and interaction hooks from the moment it renders, which across a few hundred rows costs
 * more than the rows themselves; this one is mounted while the pointer rests on its target. It points
 * at an empty box laid over the target (`TooltipAnchor`), so the target itself is never re-created: a
 * click that starts as the tooltip appears still lands.
 */
export function HoverTooltip({ label, children, ...props }: Omit<TooltipProps, 'children' | 'opened'> & { children: ReactNode }) {
  const [hovered, setHovered] = useState(false);
  return (
    <span className="rw-tooltip-target" onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)}>
      {children}
      {hovered ? <TooltipAnchor label={label} {...props} /> : null}
    </span>
  );
}

/** An opened tooltip pointing at its parent's box (the parent is positioned: `rw-tooltip-target`, or its own rule). */
export function TooltipAnchor({ label, ...props }: Omit<TooltipProps, 'children' | 'opened'>) {
  return (
    <Tooltip label={label} opened {...props}>
      <span className="rw-tooltip-anchor" aria-hidden />
    </Tooltip>
  );
}
