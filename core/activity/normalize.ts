/**
 * One raw row -> a NormalizedActivity (or why not): cells cleaned and cut to length, risk, role, plan id,
 * masking. Times are read in times.ts, event types classified in classify.ts.
 */
import type { ActivityMapping } from '../contract/activity';
import { lineBreaksAsLf } from '../domain/text-rules';
import type { OperatorRole, RiskLevel } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';
import { actorKey } from './actors';
import { classifyEvent, inferWorkflow, wordsOf } from './classify';
import { maskText, withoutInvisible } from './mask';
import { MAX_YEAR, MIN_YEAR, needsDateOrder, parseActivityTime } from './times';
import type { NormalizeResult, NormalizedActivity, RawRow } from './types';
import type { ActivityField, MaskKind } from './vocabulary';

export interface NormalizeOptions {
  line: number;
  /** The site's production URL: a row whose site column names another site is 'other-site'. */
  siteUrl: string;
  /** Mask emails, phone numbers, card numbers and secrets in text fields (the workspace setting). */
  mask: boolean;
}

/** Longest prompt or text kept; longer ones are cut with an ellipsis. */
export const MAX_TEXT_LENGTH = 8000;
/** Longest value of every other field kept. */
export const MAX_FIELD_LENGTH = 500;

const MEMO_LIMIT = 10_000;

// ---------------------------------------------------------------------------------------------- values

const RISK_WORDS: Record<string, RiskLevel> = {
  low: 'low',
  l: 'low',
  '1': 'low',
  minor: 'low',
  medium: 'medium',
  med: 'medium',
  m: 'medium',
  moderate: 'medium',
  '2': 'medium',
  high: 'high',
  h: 'high',
  '3': 'high',
  // The app knows three levels: anything above high is high.
  very_high: 'high',
  critical: 'high',
  crit: 'high',
  severe: 'high',
  urgent: 'high',
  '4': 'high',
  '5': 'high',
  very_low: 'low',
  minimal: 'low',
  normal: 'medium',
};

/** Cells that say no risk was given ("-", "n/a", "unknown"): the row is kept without a risk. */
const NO_RISK = new Set(['', 'n_a', 'na', 'none', 'null', 'unknown', 'tbd', 'not_set', 'unset', 'not_rated']);

/**
 * "High", "H", "3", "High risk", "high-risk", "critical" -> high; null when the cell says no risk was
 * given ("-", "n/a"); undefined when the word is not a risk level.
 */
export function normaliseRisk(value: string): RiskLevel | null | undefined {
  const words = wordsOf(value)
    .replace(/_?risk$/, '')
    .replace(/^risk_?/, '');
  if (NO_RISK.has(words)) return null;
  return RISK_WORDS[words];
}

const ROLE_WORDS: Record<string, OperatorRole> = {
  administrator: 'administrator',
  admin: 'administrator',
  site_administrator: 'administrator',
  shop_manager: 'store_manager',
  store_manager: 'store_manager',
  shopmanager: 'store_manager',
  storemanager: 'store_manager',
  manager: 'store_manager',
  support_agent: 'support_agent',
  support: 'support_agent',
  agent: 'support_agent',
  customer_support: 'support_agent',
  editor: 'editor',
  content_editor: 'editor',
  marketer: 'marketer',
  marketing: 'marketer',
  designer: 'designer',
  developer: 'developer',
  dev: 'developer',
  agency_operator: 'agency_operator',
  agency: 'agency_operator',
};

/** SophMate's role words ("Shop manager", "Support agent", "Agency") -> an operator role; null when unknown. */
export function normaliseRole(value: string): OperatorRole | null {
  return ROLE_WORDS[wordsOf(value)] ?? null;
}

/** "https://www.Shop.example/" and "shop.example" are the same host. */
export function siteHost(url: string): string {
  return (
    foldForSearch(url.trim())
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/[/?#].*$/, '')
      .replace(/^[^@]*@/, '')
      .replace(/^www\./, '')
      // Same host, any port: the shop behind a proxy on :8443 is the same site.
      .replace(/:\d{1,5}$/, '')
      .replace(/\.$/, '')
  );
}

const hostMemo = new Map<string, string>();
function hostOf(url: string): string {
  let host = hostMemo.get(url);
  if (host === undefined) {
    host = siteHost(url);
    if (hostMemo.size < MEMO_LIMIT) hostMemo.set(url, host);
  }
  return host;
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function clean(value: string, max: number): string {
  const text = withoutInvisible(lineBreaksAsLf(value).replace(/\t/g, ' ').replace(CONTROL, '')).trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const oneLine = (value: string, max: number) => clean(value.replace(/\s*\n\s*/g, ' '), max);

const quote = (value: string) => {
  const v = value.replace(/\s+/g, ' ').trim();
  return v.length > 40 ? `${v.slice(0, 39)}…` : v;
};

/** Words that stand for "no plan": they never link rows to one another. */
const NO_PLAN = new Set(['n_a', 'na', 'none', 'null', 'nil', 'nan', 'undefined', 'unknown', 'tbd', 'not_applicable', 'no_plan', 'no', 'x']);

/** A plan id, or null when the cell holds a placeholder ("N/A", "-", "none", "0"). */
export function planIdOf(value: string | null): string | null {
  if (value === null) return null;
  if (/^[\s\p{P}\p{S}]*$/u.test(value) || /^0+$/.test(value.trim())) return null;
  return NO_PLAN.has(wordsOf(value)) ? null : value;
}

const REQUIRED_LABEL = { time: 'Time', actor: 'Actor', eventType: 'Event type' } as const;

export function normalizeRow(raw: RawRow, mapping: ActivityMapping, opts: NormalizeOptions): NormalizeResult {
  const cell = (field: ActivityField): string | null => {
    const column = mapping.columns[field];
    if (!column) return null;
    const v = raw[column];
    if (v === null || v === undefined) return null;
    const t = String(v).trim();
    return t === '' ? null : t;
  };

  const site = cell('site');
  if (site && opts.siteUrl && site !== opts.siteUrl && hostOf(site) !== hostOf(opts.siteUrl)) return { ok: 'other-site' };

  for (const field of ['time', 'actor', 'eventType'] as const) {
    if (cell(field) === null) return { ok: false, reason: `${REQUIRED_LABEL[field]} is empty (column "${mapping.columns[field]}").` };
  }
  const timeText = cell('time')!;
  const occurredAt = parseActivityTime(timeText, mapping.timeZone, mapping.dateOrder);
  if (occurredAt === null) {
    const fix =
      mapping.dateOrder === 'ymd' && needsDateOrder(timeText)
        ? 'it starts with the day or month: choose the date order (day/month/year or month/day/year) in the mapping.'
        : `write it as 2026-11-02T14:05:00Z, 2026-11-02 14:05 or in the mapping's date order, with a real date between ${MIN_YEAR} and ${MAX_YEAR}.`;
    return { ok: false, reason: `Time "${quote(timeText)}" cannot be read (column "${mapping.columns.time}"): ${fix}` };
  }

  const riskText = cell('risk');
  let risk: RiskLevel | null = null;
  if (riskText !== null) {
    const r = normaliseRisk(riskText);
    if (r === undefined)
      return {
        ok: false,
        reason: `Risk "${quote(riskText)}" is not low, medium or high (column "${mapping.columns.risk}"). Use low, medium or high (or L/M/H, 1/2/3).`,
      };
    risk = r;
  }

  const masked: Record<MaskKind, number> = { email: 0, phone: 0, card: 0, secret: 0 };
  const free = (field: 'text' | 'reviewerNote' | 'affectedRecords', max: number): string | null => {
    const v = cell(field);
    if (v === null) return null;
    let text = clean(v, Math.max(max * 2, max + 200));
    if (opts.mask) {
      const m = maskText(text);
      text = m.text;
      for (const k of Object.keys(masked) as MaskKind[]) masked[k] += m.counts[k];
    }
    text = clean(text, max);
    return text === '' ? null : text;
  };

  const eventType = oneLine(cell('eventType')!, MAX_FIELD_LENGTH);
  const status = cell('status') === null ? null : oneLine(cell('status')!, MAX_FIELD_LENGTH);
  const { kind } = classifyEvent(eventType, status, mapping.eventTypes);
  const opt = (field: ActivityField) => {
    const v = cell(field);
    return v === null ? null : oneLine(v, MAX_FIELD_LENGTH) || null;
  };
  const roleText = cell('role');

  const row: NormalizedActivity = {
    line: opts.line,
    occurredAt,
    actor: oneLine(cell('actor')!, MAX_FIELD_LENGTH),
    actorName: opt('actorName'),
    role: roleText === null ? null : normaliseRole(roleText),
    eventType,
    kind,
    workflow: inferWorkflow(eventType, kind),
    planId: planIdOf(opt('planId')),
    risk,
    status,
    text: free('text', MAX_TEXT_LENGTH),
    affectedRecords: free('affectedRecords', MAX_FIELD_LENGTH),
    reviewerNote: free('reviewerNote', MAX_FIELD_LENGTH),
    escalatedTo: opt('escalatedTo'),
  };
  return { ok: true, row, masked };
}

/** What makes a row the same row again (site-independent): main hashes it into `row_key`. */
export function rowKeySource(row: NormalizedActivity): string {
  // Kind and workflow are left out: they follow from the event type (and the user's mapping of it).
  return JSON.stringify([
    row.occurredAt,
    actorKeyOf(row.actor),
    row.actorName,
    row.role,
    row.eventType,
    row.planId,
    row.risk,
    row.status,
    row.text,
    row.affectedRecords,
    row.reviewerNote,
    row.escalatedTo,
  ]);
}

const actorKeyOf = actorKey;
