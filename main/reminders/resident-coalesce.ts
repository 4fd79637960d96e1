/**
 * The two ways the resident loop (main/reminders/resident.ts) keeps work from piling up: a burst of
 * events becomes one run once it is over (`Debounced`), and a run asked while one runs follows it
 * instead of running beside it (`Serial`).
 */
import type { ResidentTimers } from './resident-types';

/** One run at a time; asks while one runs become one more run after it. The promise covers both. */
export class Serial {
  private busy: Promise<void> | null = null;
  private again = false;

  constructor(private readonly run: () => Promise<void>) {}

  get pending(): Promise<void> | null {
    return this.busy;
  }

  ask(): Promise<void> {
    this.again = true;
    this.busy ??= (async () => {
      while (this.again) {
        this.again = false;
        await this.run();
      }
    })().finally(() => (this.busy = null));
    return this.busy;
  }
}

/**
 * A trailing debounce with a maximum wait: `poke` (re)starts the wait of `delayMs`; the run comes once
 * no poke came for `delayMs`, or `maxWaitMs` after the first poke of a burst that goes on.
 */
export class Debounced {
  private timer: unknown = null;
  private maxTimer: unknown = null;
  private readonly serial: Serial;

  constructor(
    private readonly timers: ResidentTimers,
    run: () => Promise<void>,
    private readonly delayMs: number,
    private readonly maxWaitMs: number,
  ) {
    this.serial = new Serial(run);
  }

  /** The run going on, if any. */
  get pending(): Promise<void> | null {
    return this.serial.pending;
  }

  get waiting(): boolean {
    return this.timer !== null;
  }

  poke(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.now(), this.delayMs);
    this.maxTimer ??= this.timers.setTimeout(() => void this.now(), this.maxWaitMs);
  }

  /** Runs at once what was waiting (a flush). */
  now(): Promise<void> {
    this.cancel();
    return this.serial.ask();
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.maxTimer !== null) this.timers.clearTimeout(this.maxTimer);
    this.timer = this.maxTimer = null;
  }
}
