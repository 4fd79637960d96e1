/** A scrolling box a keyboard can reach (focusable, named), for wide tables: axe requires scrollable regions to be focusable. */
import type { ReactNode } from 'react';

export function ScrollRegion({ label, maxHeight, children }: { label: string; maxHeight?: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflow: 'auto', maxHeight }}>
      {children}
    </div>
  );
}
