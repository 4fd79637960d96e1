/**
 * One raw row -> a NormalizedActivity (or why not): times with zones, kinds, workflows, risk, role, masking.
 *
 * Times written without an offset are read in the mapping's zone. Around a change of clocks:
 * - a time that happens twice (the hour the clocks go back) is the earlier one, at the offset before
 *   the change (01:30 on the first Sunday of November in New York is 05:30Z, not 06:30Z);
 * - a time that never happens (the hour the clocks go forward) is moved forward by the gap, i.e. read
 *   at the offset before the change (02:30 on the second Sunday of March in New York is 07:30Z, which
 *   the clock on the wall shows as 03:30).
 */
import { tzOffset } from '@date-fns/tz';
import type { ActivityMapping } from '../contract/activity';
import { lineBreaksAsLf } from '../domain/text-rules';
import type { OperatorRole, RiskLevel, Workflow } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';
import { actorKey } from './actors';
import { maskText, withoutInvisible } from './mask';
import type { NormalizeResult, NormalizedActivity, RawRow } from './types';
import { ACTIVITY_KINDS, type ActivityField, type ActivityKind, type DateOrder, type MaskKind } from './vocabulary';

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

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

// ---------------------------------------------------------------------------------------------- times

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** A wall-clock time in `timeZone` -> epoch ms (see the file comment for the hours around a change of clocks). */
function wallToUtc(wallMs: number, timeZone: string): number {
  const before = tzOffset(timeZone, new Date(wallMs - 14 * HOUR_MS));
  const after = tzOffset(timeZone, new Date(wallMs + 14 * HOUR_MS));
  const a = wallMs - before * MINUTE_MS;
  const b = wallMs - after * MINUTE_MS;
  const aFits = tzOffset(timeZone, new Date(a)) === before;
  const bFits = tzOffset(timeZone, new Date(b)) === after;
  if (aFits && bFits) return Math.min(a, b);
  if (aFits) return a;
  if (bFits) return b;
  // In the gap: read at the offset before the change, which moves it forward by the gap.
  return a;
}

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?)?$/;
const DAY_FIRST_24H = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function inRange(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return y < MIN_YEAR || y > MAX_YEAR ? null : d.toISOString();
}

/** True when `value` is a day and month written first ("03/04/2026"), which needs a date order other than ymd. */
export function needsDateOrder(value: string): boolean {
  const v = value.trim();
  return DAY_FIRST.test(v) || DAY_FIRST_24H.test(v);
}

/** A time as written (ISO with or without offset, "2026-11-02 14:05", "02/11/2026 2:05 PM", epoch seconds or ms) -> ISO UTC; null when it cannot be read. */
export function parseActivityTime(value: string, timeZone: string, dateOrder: DateOrder): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (/^\d{9,10}(?:\.\d{1,6})?$/.test(v)) return inRange(Math.round(Number(v) * 1000));
  if (/^\d{12,13}$/.test(v)) return inRange(Number(v));

  const iso = ISO.exec(v);
  if (iso) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(iso[i] ?? 0)) as [number, number, number, number, number, number];
    if (!validParts(y, mo, d, h, mi, s)) return null;
    const ms = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const zone = iso[8]?.toUpperCase();
    if (zone === undefined) return inRange(wallToUtc(wall, timeZone));
    if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return inRange(wall);
    const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    if (Number(m[3] ?? 0) > 59) return null;
    const offset = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
    if (Math.abs(offset) > 14 * 60) return null;
    return inRange(wall - offset * MINUTE_MS);
  }

  if (dateOrder === 'ymd') return null;
  const twelve = DAY_FIRST.exec(v);
  const dm = twelve ?? DAY_FIRST_24H.exec(v);
  if (!dm) return null;
  const a = Number(dm[1]);
  const b = Number(dm[2]);
  const [d, mo] = dateOrder === 'dmy' ? [a, b] : [b, a];
  const y = Number(dm[3]);
  let h = Number(dm[4] ?? 0);
  const mi = Number(dm[5] ?? 0);
  const s = Number(dm[6] ?? 0);
  if (twelve?.[7]) {
    if (h < 1 || h > 12) return null;
    const pm = twelve[7].toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (!validParts(y, mo, d, h, mi, s)) return null;
  return inRange(wallToUtc(Date.UTC(y, mo - 1, d, h, mi, s), timeZone));
}

// ---------------------------------------------------------------------------------------------- events

/** "Workflow Approval" / "workflow-approval" -> "workflow_approval". */
const wordsOf = (s: string) =>
  foldForSearch(s)
    .trim()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');

/** Event types that say what happened by themselves. */
const TYPE_KIND: Record<string, ActivityKind> = {
  prompt: 'prompt',
  question: 'prompt',
  copilot_question: 'prompt',
  copilot_prompt: 'prompt',
  chat: 'prompt',
  chat_message: 'prompt',
  ask: 'prompt',
  query: 'prompt',
  theme_review: 'prompt',
  review_request: 'prompt',
  draft: 'draft',
  support_draft: 'draft',
  reply_draft: 'draft',
  draft_reply: 'draft',
  plan_proposed: 'plan_proposed',
  plan_submitted: 'plan_proposed',
  plan_created: 'plan_proposed',
  propose: 'plan_proposed',
  proposed: 'plan_proposed',
  plan_approved: 'plan_approved',
  approve: 'plan_approved',
  approved: 'plan_approved',
  approval_granted: 'plan_approved',
  plan_rejected: 'plan_rejected',
  reject: 'plan_rejected',
  rejected: 'plan_rejected',
  declined: 'plan_rejected',
  approval_denied: 'plan_rejected',
  plan_executed: 'plan_executed',
  plan_applied: 'plan_executed',
  execute: 'plan_executed',
  executed: 'plan_executed',
  plan_failed: 'plan_failed',
  plan_error: 'plan_failed',
  execution_failed: 'plan_failed',
  escalation: 'escalation',
  escalated: 'escalation',
  escalate: 'escalation',
  handoff: 'escalation',
  hand_off: 'escalation',
  incident: 'incident',
  failure: 'incident',
  outage: 'incident',
  error: 'incident',
};

/** Statuses of a plan, approval or workflow record. */
const PLAN_STATUS: Record<string, ActivityKind> = {
  approved: 'plan_approved',
  approve: 'plan_approved',
  accepted: 'plan_approved',
  granted: 'plan_approved',
  bulk_approved: 'plan_approved',
  rejected: 'plan_rejected',
  reject: 'plan_rejected',
  declined: 'plan_rejected',
  denied: 'plan_rejected',
  pending: 'plan_proposed',
  proposed: 'plan_proposed',
  submitted: 'plan_proposed',
  resubmitted: 'plan_proposed',
  awaiting_approval: 'plan_proposed',
  created: 'plan_proposed',
  open: 'plan_proposed',
  executed: 'plan_executed',
  succeeded: 'plan_executed',
  success: 'plan_executed',
  applied: 'plan_executed',
  completed: 'plan_executed',
  done: 'plan_executed',
  failed: 'plan_failed',
  error: 'plan_failed',
  failure: 'plan_failed',
  rolled_back: 'plan_failed',
  rollback: 'plan_failed',
  timeout: 'plan_failed',
  timed_out: 'plan_failed',
  rejection: 'plan_rejected',
  refused: 'plan_rejected',
  denial: 'plan_rejected',
  requested: 'plan_proposed',
  request: 'plan_proposed',
  bulk_approval: 'plan_approved',
};

/** Words that turn the next one around: "not approved", "no escalation needed", "de-escalated". */
const NEGATIONS = new Set(['not', 'no', 'non', 'never', 'without', 'un', 'de']);
/** Words that end an incident: a row saying so is not a new incident. */
const ENDED = new Set(['resolved', 'resolve', 'resolution', 'closed', 'close', 'fixed', 'mitigated', 'recovered', 'cleared', 'ended', 'over']);

/**
 * The step a list of words names ("failed_timeout", "approved_by_admin", "auto_approved",
 * "plan_rolled_back"): the first word (or pair of words) that names one. A negated approval
 * ("not_approved") is a rejection; another negated step names nothing.
 */
function stepOf(tokens: readonly string[]): ActivityKind | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? PLAN_STATUS[`${tokens[i]}_${tokens[i + 1]}`] : undefined;
    const kind = pair ?? PLAN_STATUS[tokens[i]!];
    if (kind === undefined) continue;
    if (i > 0 && NEGATIONS.has(tokens[i - 1]!)) {
      if (kind === 'plan_approved') return 'plan_rejected';
      continue;
    }
    return kind;
  }
  return undefined;
}

/** Whether one of `words` appears in `tokens` right after a negation ("no_escalation_needed", "de_escalated"). */
const negated = (tokens: readonly string[], words: readonly string[]) => tokens.some((t, i) => i > 0 && words.includes(t) && NEGATIONS.has(tokens[i - 1]!));

const PLAN_TOKENS = ['plan', 'plans', 'workflow', 'approval', 'approvals', 'action_plan'];
const ESCALATION_TOKENS = ['escalation', 'escalated', 'escalate', 'handoff'];
const INCIDENT_TOKENS = ['incident', 'failure', 'outage', 'error', 'failed'];

/** What an event type and status mean; `recognised` false when it fell to 'other' (or the user's mapping decided). */
export function classifyEvent(eventType: string, status: string | null, overrides: ActivityMapping['eventTypes']): { kind: ActivityKind; recognised: boolean } {
  // An export repeats a handful of event types and statuses: each pair is worked out once per mapping.
  let memo = classifyMemo.get(overrides);
  if (!memo) classifyMemo.set(overrides, (memo = new Map()));
  const key = `${eventType}\u001f${status ?? ''}`;
  const hit = memo.get(key);
  if (hit) return { ...hit };
  const result = classify(eventType, status, overrides);
  if (memo.size < MEMO_LIMIT) memo.set(key, result);
  return { ...result };
}

const MEMO_LIMIT = 10_000;
const classifyMemo = new WeakMap<ActivityMapping['eventTypes'], Map<string, { kind: ActivityKind; recognised: boolean }>>();

function classify(eventType: string, status: string | null, overrides: ActivityMapping['eventTypes']): { kind: ActivityKind; recognised: boolean } {
  const type = wordsOf(eventType);
  const override = overrides.find((o) => wordsOf(o.raw) === type);
  if (override) return { kind: override.kind, recognised: false };
  const st = status ? wordsOf(status) : '';
  const tokens = type.split('_');
  const statusTokens = st === '' ? [] : st.split('_');

  // "no_escalation_needed", "de_escalated", "no_incident": understood, and not one.
  if (negated(tokens, ESCALATION_TOKENS) || (negated(tokens, INCIDENT_TOKENS) && !tokens.some((t) => PLAN_TOKENS.includes(t))))
    return { kind: 'other', recognised: true };
  // "incident_resolved", or an incident row whose status says it is over: not a new incident.
  const incidentLike = TYPE_KIND[type] === 'incident' || (!TYPE_KIND[type] && tokens.some((t) => INCIDENT_TOKENS.includes(t)));
  if (incidentLike && !tokens.some((t) => PLAN_TOKENS.includes(t)) && [...tokens, ...statusTokens].some((t) => ENDED.has(t))) {
    return { kind: 'other', recognised: true };
  }

  const direct = TYPE_KIND[type];
  // A plan event named by its step ("plan_approved") means that step, whatever the status says.
  if (direct && !PLAN_TOKENS.includes(type)) return { kind: direct, recognised: true };
  if ((ACTIVITY_KINDS as readonly string[]).includes(type) && type !== 'other') return { kind: type as ActivityKind, recognised: true };
  if (tokens.some((t) => ESCALATION_TOKENS.includes(t))) return { kind: 'escalation', recognised: true };
  if (tokens.includes('draft') || tokens.includes('drafts')) return { kind: 'draft', recognised: true };
  if (tokens.some((t) => ['question', 'prompt', 'chat', 'copilot', 'ask'].includes(t))) return { kind: 'prompt', recognised: true };

  const planLike = tokens.some((t) => PLAN_TOKENS.includes(t)) || type.includes('approv');
  if (planLike) {
    const byStatus = PLAN_STATUS[st] ?? stepOf(statusTokens) ?? (st.includes('bulk') && st.includes('approv') ? 'plan_approved' : undefined);
    if (byStatus) return { kind: byStatus, recognised: true };
    const byWord = stepOf(tokens) ?? (tokens.includes('bulk') && type.includes('approv') ? 'plan_approved' : undefined);
    if (byWord) return { kind: byWord, recognised: true };
    // A plan with no status that tells is a plan put forward; an approval record without one says nothing.
    if (tokens.includes('plan') || tokens.includes('plans')) return { kind: 'plan_proposed', recognised: true };
    return { kind: 'other', recognised: false };
  }
  if (tokens.some((t) => INCIDENT_TOKENS.includes(t))) return { kind: 'incident', recognised: true };
  return { kind: 'other', recognised: false };
}

/** The workflow an event belongs to, from its event type (and kind); null when it cannot be told. */
export function inferWorkflow(eventType: string, kind: ActivityKind): Workflow | null {
  const key = `${eventType}\u001f${kind}`;
  const hit = workflowMemo.get(key);
  if (hit !== undefined) return hit;
  const result = workflowOf(eventType, kind);
  if (workflowMemo.size < MEMO_LIMIT) workflowMemo.set(key, result);
  return result;
}

const workflowMemo = new Map<string, Workflow | null>();

function workflowOf(eventType: string, kind: ActivityKind): Workflow | null {
  const t = wordsOf(eventType);
  if (t.includes('copilot')) return 'read_only_copilot';
  if (/support|ticket|reply|customer/.test(t)) return 'support_drafts';
  if (/product|copy|description/.test(t)) return 'product_copy';
  if (/theme|design|style/.test(t)) return 'theme_assistant_review';
  if (/escalat|incident|outage|handoff/.test(t)) return 'incident_escalation';
  if (/workflow|approv|plan/.test(t)) return 'workflow_approvals';
  switch (kind) {
    case 'prompt':
      return 'read_only_copilot';
    case 'draft':
      return 'support_drafts';
    case 'plan_proposed':
    case 'plan_approved':
    case 'plan_rejected':
    case 'plan_executed':
    case 'plan_failed':
      return 'workflow_approvals';
    case 'escalation':
    case 'incident':
      return 'incident_escalation';
    default:
      return null;
  }
}

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
