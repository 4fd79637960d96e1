/** One raw row -> a NormalizedActivity (or why not): times with zones, kinds, workflows, risk, role, masking. */
import type { ActivityMapping } from '../contract/activity';
import type { Workflow } from '../playbook/vocabulary';
import type { NormalizeResult, NormalizedActivity, RawRow } from './types';
import type { ActivityKind, DateOrder } from './vocabulary';

export interface NormalizeOptions {
  line: number;
  /** The site's production URL: a row whose site column names another site is 'other-site'. */
  siteUrl: string;
  /** Mask emails, phone numbers, card numbers and secrets in text fields (the workspace setting). */
  mask: boolean;
}

export function normalizeRow(raw: RawRow, mapping: ActivityMapping, opts: NormalizeOptions): NormalizeResult {
  (void raw, mapping, opts);
  throw new Error('not implemented');
}

/** A time as written (ISO with or without offset, "2026-11-02 14:05", "02/11/2026 2:05 PM", epoch seconds or ms) -> ISO UTC; null when it cannot be read. */
export function parseActivityTime(value: string, timeZone: string, dateOrder: DateOrder): string | null {
  (void value, timeZone, dateOrder);
  throw new Error('not implemented');
}

/** What an event type and status mean; `recognised` false when it fell to 'other' (or the user's mapping decided). */
export function classifyEvent(eventType: string, status: string | null, overrides: ActivityMapping['eventTypes']): { kind: ActivityKind; recognised: boolean } {
  (void eventType, status, overrides);
  throw new Error('not implemented');
}

/** The workflow an event belongs to, from its event type (and kind); null when it cannot be told. */
export function inferWorkflow(eventType: string, kind: ActivityKind): Workflow | null {
  (void eventType, kind);
  throw new Error('not implemented');
}

/** What makes a row the same row again (site-independent): main hashes it into `row_key`. */
export function rowKeySource(row: NormalizedActivity): string {
  void row;
  throw new Error('not implemented');
}
