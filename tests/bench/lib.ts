/**
 * The benchmark harness: every figure is a set of timed runs summarised as median and p95, next to a
 * baseline measured in the same run (the best hand-written better-sqlite3 code producing the same
 * result) and the issue's target. Benchmarks print figures and never assert: a slow machine makes a
 * slow figure, not a failing test. Sections live in tests/bench/sections/*.ts, one per area.
 */
import type Database from 'better-sqlite3';
import type { Session } from '@main/session';

export interface Stats {
  median: number;
  p95: number;
  runs: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

/** Runs `fn` `warmup` times untimed (statements prepared, caches warm), then `iterations` timed runs in ms. */
export async function time(fn: () => unknown, iterations: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** What a figure must reach: p95 and/or median under a bound (in the figure's unit), and/or within a ratio of its baseline's median. */
export interface Target {
  p95?: number;
  median?: number;
  ratio?: number;
}

export interface Figure {
  section: string;
  label: string;
  unit: string;
  median: number;
  p95: number;
  runs: number;
  baseline?: { label: string; median: number; p95: number };
  /** median / baseline median */
  ratio?: number;
  target?: Target;
  /** Null when the figure has no target. */
  met: boolean | null;
  detail?: string;
}

function targetMet(f: Omit<Figure, 'met'>): boolean | null {
  const t = f.target;
  if (!t) return null;
  if (t.p95 !== undefined && !(f.p95 < t.p95)) return false;
  if (t.median !== undefined && !(f.median < t.median)) return false;
  if (t.ratio !== undefined && !(f.ratio !== undefined && f.ratio <= t.ratio)) return false;
  return true;
}

function describeTarget(t: Target | undefined, unit: string): string {
  if (!t) return '';
  const parts: string[] = [];
  if (t.p95 !== undefined) parts.push(`p95 < ${t.p95} ${unit}`);
  if (t.median !== undefined) parts.push(`< ${t.median} ${unit}`);
  if (t.ratio !== undefined) parts.push(`≤ ${t.ratio}× baseline`);
  return parts.join(', ');
}

const fmt = (n: number) => (Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Collects figures, prints each as it is measured, and gives them all as JSON at the end. */
export class Report {
  readonly figures: Figure[] = [];
  private lastSection = '';

  constructor(private readonly print: (line: string) => void = (l) => console.log(l)) {}

  /** A timed figure: samples in `unit` (ms unless told), with its baseline's samples when there is one. */
  add(
    section: string,
    label: string,
    samples: number[],
    opts: { baseline?: { label: string; samples: number[] }; target?: Target; unit?: string; detail?: string } = {},
  ): Figure {
    const s = stats(samples);
    const unit = opts.unit ?? 'ms';
    const base = opts.baseline ? { label: opts.baseline.label, ...stats(opts.baseline.samples) } : undefined;
    const partial: Omit<Figure, 'met'> = {
      section,
      label,
      unit,
      median: s.median,
      p95: s.p95,
      runs: s.runs,
      ...(base ? { baseline: { label: base.label, median: base.median, p95: base.p95 }, ratio: s.median / Math.max(base.median, 1e-3) } : {}),
      ...(opts.target ? { target: opts.target } : {}),
      ...(opts.detail ? { detail: opts.detail } : {}),
    };
    const figure: Figure = { ...partial, met: targetMet(partial) };
    this.figures.push(figure);
    if (section !== this.lastSection) {
      this.print(`\n## ${section}`);
      this.lastSection = section;
    }
    const ratio = figure.ratio !== undefined ? `  ×${figure.ratio.toFixed(1)} of ${fmt(figure.baseline!.median)}` : '';
    const target = figure.target ? `  target ${describeTarget(figure.target, unit)}: ${figure.met ? 'met' : 'NOT MET'}` : '';
    this.print(
      `${label.padEnd(64)} median ${fmt(s.median).padStart(7)}  p95 ${fmt(s.p95).padStart(7)} ${unit}${ratio}${target}${opts.detail ? `  (${opts.detail})` : ''}`,
    );
    return figure;
  }

  /** A single measured value (a seed time, a memory size): median and p95 are the value itself. */
  value(
    section: string,
    label: string,
    value: number,
    unit: string,
    opts: { target?: Target; baseline?: { label: string; value: number }; detail?: string } = {},
  ) {
    return this.add(section, label, [value], {
      unit,
      ...(opts.target ? { target: opts.target } : {}),
      ...(opts.baseline ? { baseline: { label: opts.baseline.label, samples: [opts.baseline.value] } } : {}),
      ...(opts.detail ? { detail: opts.detail } : {}),
    });
  }

  /** A line of context (what was seeded, what a section skipped and why). */
  note(line: string) {
    this.print(line);
  }

  summary(): { figures: number; withTarget: number; met: number; notMet: string[] } {
    const withTarget = this.figures.filter((f) => f.met !== null);
    return {
      figures: this.figures.length,
      withTarget: withTarget.length,
      met: withTarget.filter((f) => f.met).length,
      notMet: withTarget.filter((f) => !f.met).map((f) => `${f.section}: ${f.label}`),
    };
  }
}

/** What every section gets: the seeded workspace (a private copy), an open session on it, a read-only raw connection for baselines. */
export interface BenchEnv {
  /** The workspace file the session has open. */
  file: string;
  /** A scratch folder for the section (files it writes, copies it makes); removed at the end. */
  dir: string;
  session: Session;
  /** A separate read-only better-sqlite3 connection to the same file, for hand-written baselines. */
  raw: Database.Database;
  iterations: number;
  report: Report;
}

/** A bench section: measures one area and adds its figures to env.report. */
export type Section = (env: BenchEnv) => Promise<void>;
