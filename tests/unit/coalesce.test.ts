import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from '@renderer/lib/coalesce';

/** A task whose runs finish only when the test says so. */
function controllable() {
  const finishers: (() => void)[] = [];
  const task = vi.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  return { task, finish: () => finishers.shift()?.() };
}

describe('coalesce (the refresh after data changed)', () => {
  afterEach(() => vi.useRealTimers());

  it('a burst of a thousand triggers costs one run, and triggers during it exactly one more', async () => {
    vi.useFakeTimers();
    const { task, finish } = controllable();
    const trigger = coalesce(task, 1_000);
    for (let i = 0; i < 1_000; i++) trigger();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    // While it runs, more changes come: nothing starts beside it.
    for (let i = 0; i < 500; i++) trigger();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    // One trailing run for all of them, then quiet.
    expect(task).toHaveBeenCalledTimes(2);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('a steady stream of triggers runs at most once per gap', async () => {
    vi.useFakeTimers();
    const task = vi.fn(() => Promise.resolve());
    const trigger = coalesce(task, 1_000);
    // A change every 10 ms for ten seconds.
    for (let t = 0; t < 10_000; t += 10) {
      trigger();
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(2_000);
    expect(task.mock.calls.length).toBeGreaterThanOrEqual(10);
    expect(task.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it('a run that fails does not stop later runs', async () => {
    vi.useFakeTimers();
    const task = vi.fn().mockRejectedValueOnce(new Error('server unreachable')).mockResolvedValue(undefined);
    const trigger = coalesce(task, 0);
    trigger();
    await vi.advanceTimersByTimeAsync(0);
    trigger();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2);
  });
});
