/**
 * The pages calling the loopback HTTP transport, each known by the id it sends with every call and
 * with its event stream. A page is there while its event stream is open; when the stream closes
 * (tab closed, page reloaded) and no stream of that id comes back within a short grace, the page is
 * gone and its Caller's signal aborts, which ends the jobs it started. The grace lets a stream that
 * only dropped (the browser reconnects on its own) carry on.
 */
import type { Caller } from './context';

/** A page's id: what the renderer generates per page load (a UUID), and nothing that could be a path or a token. */
export const CALLER_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** How long a page may be without an event stream before its jobs end. */
export const CALLER_GRACE_MS = 5_000;

interface Entry {
  controller: AbortController;
  streams: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class Callers {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly graceMs: number = CALLER_GRACE_MS) {}

  /** The caller of this id; a page not seen before counts as present for the grace, until its stream opens. */
  get(id: string): Caller {
    const entry = this.entry(id);
    return { id, signal: entry.controller.signal };
  }

  /** The page's event stream opened (or came back); the returned function says it closed. */
  attach(id: string): () => void {
    const entry = this.entry(id);
    entry.streams++;
    this.stopTimer(entry);
    let detached = false;
    return () => {
      if (detached) return;
      detached = true;
      entry.streams--;
      if (entry.streams === 0 && this.entries.get(id) === entry) this.startTimer(id, entry);
    };
  }

  /** The page is gone for good: its jobs end now. */
  end(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.stopTimer(entry);
    this.entries.delete(id);
    entry.controller.abort();
  }

  /** Pages currently known (present, or within their grace). */
  get size(): number {
    return this.entries.size;
  }

  /** Every page is gone (the server is closing). */
  endAll(): void {
    for (const id of [...this.entries.keys()]) this.end(id);
  }

  private entry(id: string): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { controller: new AbortController(), streams: 0, timer: null };
      this.entries.set(id, entry);
      this.startTimer(id, entry);
    }
    return entry;
  }

  private startTimer(id: string, entry: Entry): void {
    this.stopTimer(entry);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (entry.streams === 0) this.end(id);
    }, this.graceMs);
    // A page's grace never keeps the process alive.
    entry.timer.unref?.();
  }

  private stopTimer(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
  }
}
