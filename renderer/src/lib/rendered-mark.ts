import { useLayoutEffect } from 'react';

/** The User Timing mark a page leaves when it shows its data: `<page>:rendered`. */
export function renderedMarkName(page: string): string {
  return `${page}:rendered`;
}

/**
 * Leaves a User Timing mark `<page>:rendered` once the page shows the data of `input` (when `ready`
 * turns true, and again for each new input while ready), so a browser-driven script can measure how
 * long a page takes to show its data (`npm run bench:ui`, tests/bench/ui.ts). The mark is placed
 * after the next paint; its detail carries the input and when the DOM got the data (`committedAt`),
 * so paint time can be told from React's. A mark is a few bytes in the page's timeline that nothing
 * in the app reads.
 */
export function useRenderedMark(page: string, ready: boolean, input: unknown = null): void {
  const key = JSON.stringify(input ?? null);
  useLayoutEffect(() => {
    // jsdom (the component tests) has neither frames nor marks.
    if (!ready || typeof requestAnimationFrame !== 'function' || typeof performance.mark !== 'function') return;
    const committedAt = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame callback runs just before the paint; a task queued from it runs after that paint.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark(renderedMarkName(page), { detail: { input: JSON.parse(key) as unknown, committedAt } }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [page, ready, key]);
}
