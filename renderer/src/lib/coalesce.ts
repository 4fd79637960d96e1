/**
 * Turns a burst of triggers into few runs of `task`: at most one run at a time, and however many
 * triggers arrive while it runs, exactly one more run after it (a trailing throttle). Runs start at
 * least `minGapMs` apart, so a steady stream of triggers costs one run per gap, not one per trigger.
 */
export function coalesce(task: () => Promise<unknown>, minGapMs = 0, now: () => number = () => Date.now()): () => void {
  let running = false;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = Number.NEGATIVE_INFINITY;

  const run = () => {
    timer = null;
    pending = false;
    running = true;
    lastStart = now();
    void Promise.resolve()
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        running = false;
        schedule();
      });
  };

  const schedule = () => {
    if (!pending || running || timer) return;
    timer = setTimeout(run, Math.max(0, lastStart + minGapMs - now()));
  };

  return () => {
    pending = true;
    schedule();
  };
}
