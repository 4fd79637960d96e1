import { describe, expect, it } from 'vitest';
import { classifyEvent, inferWorkflow } from '@core/activity/classify';
import { normalizeRow, rowKeySource } from '@core/activity/normalize';
import { parseActivityTime } from '@core/activity/times';
import { ActivityMapping } from '@core/contract/activity';
import { MASK_TOKENS } from '@core/activity/vocabulary';

describe('parseActivityTime', () => {
  it.each([
    ['2026-11-02T14:05:00Z', '2026-11-02T14:05:00.000Z'],
    ['2026-11-02T14:05:00.123Z', '2026-11-02T14:05:00.123Z'],
    ['2026-11-02T14:05:00+02:00', '2026-11-02T12:05:00.000Z'],
    ['2026-11-02T14:05-0530', '2026-11-02T19:35:00.000Z'],
    ['2026-11-02 14:05', '2026-11-02T19:05:00.000Z'],
    ['2026-07-02 14:05:09', '2026-07-02T18:05:09.000Z'],
    ['2026-11-02T14:05:00', '2026-11-02T19:05:00.000Z'],
    ['1793628300', '2026-11-02T14:05:00.000Z'],
    ['1793628300123', '2026-11-02T14:05:00.123Z'],
  ])('reads %s (in New York when it has no offset)', (value, iso) => {
    expect(parseActivityTime(value, 'America/New_York', 'ymd')).toBe(iso);
  });

  it('reads the earlier time when clocks go back, and moves a time in the gap forward', () => {
    // 1 November 2026, 01:30 happens twice in New York: the first (EDT, -04:00) is taken.
    expect(parseActivityTime('2026-11-01 01:30', 'America/New_York', 'ymd')).toBe('2026-11-01T05:30:00.000Z');
    // 8 March 2026, 02:30 never happens in New York: read at -05:00, i.e. 03:30 EDT.
    expect(parseActivityTime('2026-03-08 02:30', 'America/New_York', 'ymd')).toBe('2026-03-08T07:30:00.000Z');
    expect(parseActivityTime('2026-03-29 01:30', 'Europe/London', 'ymd')).toBe('2026-03-29T01:30:00.000Z');
    expect(parseActivityTime('2026-10-25 01:30', 'Europe/London', 'ymd')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads day-first and month-first dates by the date order, with 12-hour times', () => {
    expect(parseActivityTime('03/04/2026', 'UTC', 'dmy')).toBe('2026-04-03T00:00:00.000Z');
    expect(parseActivityTime('03/04/2026', 'UTC', 'mdy')).toBe('2026-03-04T00:00:00.000Z');
    expect(parseActivityTime('02/11/2026 2:05 PM', 'Europe/London', 'dmy')).toBe('2026-11-02T14:05:00.000Z');
    expect(parseActivityTime('11/02/2026 12:05 am', 'UTC', 'mdy')).toBe('2026-11-02T00:05:00.000Z');
    expect(parseActivityTime('11/02/2026 12:05 p.m.', 'UTC', 'mdy')).toBe('2026-11-02T12:05:00.000Z');
    expect(parseActivityTime('2.11.2026 14:05', 'UTC', 'dmy')).toBe('2026-11-02T14:05:00.000Z');
  });

  it.each([
    ['31/02/2026', 'dmy'],
    ['2026-02-30 10:00', 'ymd'],
    ['2026-13-01', 'ymd'],
    ['2026-11-02 24:00', 'ymd'],
    ['1999-12-31T23:59:59Z', 'ymd'],
    ['2101-01-01T00:00:00Z', 'ymd'],
    ['03/04/2026', 'ymd'],
    ['13/02/2026 13:00 PM', 'dmy'],
    ['yesterday', 'ymd'],
    ['12345', 'ymd'],
    ['', 'ymd'],
    ['2026-11-02T14:05:00+01:75', 'ymd'],
    ['2026-11-02T14:05:00+0175', 'ymd'],
  ] as const)('rejects %s (%s)', (value, order) => {
    expect(parseActivityTime(value, 'UTC', order)).toBeNull();
  });
});

describe('classifyEvent', () => {
  it('recognises every event type of the scale seed', () => {
    const seed: [string, string, string][] = [
      ['copilot_question', 'answered', 'prompt'],
      ['copilot_question', 'refused', 'prompt'],
      ['support_draft', 'sent', 'draft'],
      ['support_draft', 'escalated', 'draft'],
      ['product_copy_plan', 'approved', 'plan_approved'],
      ['product_copy_plan', 'rejected', 'plan_rejected'],
      ['product_copy_plan', 'pending', 'plan_proposed'],
      ['product_copy_plan', 'executed', 'plan_executed'],
      ['theme_review', 'reported', 'prompt'],
      ['workflow_approval', 'approved', 'plan_approved'],
      ['workflow_approval', 'rejected', 'plan_rejected'],
      ['workflow_approval', 'pending', 'plan_proposed'],
      ['escalation', 'escalated', 'escalation'],
      ['escalation', 'resolved', 'escalation'],
    ];
    for (const [type, status, kind] of seed) expect(classifyEvent(type, status, [])).toEqual({ kind, recognised: true });
  });

  it.each([
    ['Chat', null, 'prompt'],
    ['draft', null, 'draft'],
    ['plan', 'declined', 'plan_rejected'],
    ['Action plan', 'Failed', 'plan_failed'],
    ['approval', 'succeeded', 'plan_executed'],
    ['plan_approved', 'pending', 'plan_approved'],
    ['approve', null, 'plan_approved'],
    ['Plan Rejected', null, 'plan_rejected'],
    ['handoff', null, 'escalation'],
    ['outage', null, 'incident'],
    ['failure', null, 'incident'],
  ] as const)('%s + %s -> %s', (type, status, kind) => {
    expect(classifyEvent(type, status, [])).toEqual({ kind, recognised: true });
  });

  it('falls to other when it cannot tell, and the user mapping decides', () => {
    expect(classifyEvent('login', 'ok', [])).toEqual({ kind: 'other', recognised: false });
    expect(classifyEvent('approval', 'maybe', [])).toEqual({ kind: 'other', recognised: false });
    expect(classifyEvent('Login', 'ok', [{ raw: 'login', kind: 'incident' }])).toEqual({ kind: 'incident', recognised: false });
    expect(classifyEvent('support_draft', null, [{ raw: 'support_draft', kind: 'prompt' }]).kind).toBe('prompt');
  });
  it.each([
    ['plan_not_approved', null, 'plan_rejected'],
    ['bulk_approve', null, 'plan_approved'],
    ['bulk_approval', null, 'plan_approved'],
    ['approval_requested', null, 'plan_proposed'],
    ['plan', 'Failed (timeout)', 'plan_failed'],
    ['plan', 'approved by admin', 'plan_approved'],
    ['plan', 'auto_approved', 'plan_approved'],
    ['plan', 'Not approved', 'plan_rejected'],
    ['plan_rolled_back', null, 'plan_failed'],
    ['plan_rejection', null, 'plan_rejected'],
    ['no_escalation_needed', null, 'other'],
    ['de_escalated', null, 'other'],
    ['incident_resolved', null, 'other'],
    ['incident_closed', null, 'other'],
    ['incident', 'resolved', 'other'],
    ['incident', 'open', 'incident'],
  ] as const)('reads negations, status words and ends: %s + %s -> %s', (type, status, kind) => {
    expect(classifyEvent(type, status, [])).toEqual({ kind, recognised: true });
  });
});

describe('inferWorkflow', () => {
  it.each([
    ['copilot_question', 'prompt', 'read_only_copilot'],
    ['support_draft', 'draft', 'support_drafts'],
    ['ticket_reply', 'draft', 'support_drafts'],
    ['product_copy_plan', 'plan_approved', 'product_copy'],
    ['theme_review', 'prompt', 'theme_assistant_review'],
    ['workflow_approval', 'plan_rejected', 'workflow_approvals'],
    ['escalation', 'escalation', 'incident_escalation'],
    ['incident', 'incident', 'incident_escalation'],
    ['login', 'other', null],
  ] as const)('%s -> %s', (type, kind, wf) => {
    expect(inferWorkflow(type, kind)).toBe(wf);
  });
});

describe('normalizeRow', () => {
  const mapping = ActivityMapping.parse({
    format: 'csv',
    delimiter: ',',
    columns: {
      time: 'ts',
      actor: 'user',
      eventType: 'event',
      actorName: 'name',
      role: 'role',
      planId: 'plan',
      risk: 'risk',
      status: 'status',
      text: 'prompt',
      affectedRecords: 'records',
      reviewerNote: 'note',
      escalatedTo: 'to',
      site: 'site',
    },
    timeZone: 'Europe/London',
  });
  const opts = { line: 7, siteUrl: 'https://www.shop.example/', mask: true };
  const row = (over: Record<string, string | null> = {}) => ({
    ts: '2026-11-02 14:05',
    user: 'Ana@Shop.example',
    event: 'workflow_approval',
    name: 'Ana Silva',
    role: 'Shop manager',
    plan: 'P-1',
    risk: 'H',
    status: 'approved',
    prompt: 'Reply to jane@example.com about order #1001',
    records: 'Order #1001',
    note: null,
    to: null,
    site: 'shop.example',
    ...over,
  });

  it('maps, classifies and masks a row', () => {
    const r = normalizeRow(row(), mapping, opts);
    expect(r).toEqual({
      ok: true,
      masked: { email: 1, phone: 0, card: 0, secret: 0 },
      row: {
        line: 7,
        occurredAt: '2026-11-02T14:05:00.000Z',
        actor: 'Ana@Shop.example',
        actorName: 'Ana Silva',
        role: 'store_manager',
        eventType: 'workflow_approval',
        kind: 'plan_approved',
        workflow: 'workflow_approvals',
        planId: 'P-1',
        risk: 'high',
        status: 'approved',
        text: `Reply to ${MASK_TOKENS.email} about order #1001`,
        affectedRecords: 'Order #1001',
        reviewerNote: null,
        escalatedTo: null,
      },
    });
  });

  it('keeps text as written when masking is off', () => {
    const r = normalizeRow(row(), mapping, { ...opts, mask: false });
    expect(r.ok === true && r.row.text).toBe('Reply to jane@example.com about order #1001');
  });

  it('names the empty required field and its column', () => {
    expect(normalizeRow(row({ ts: '  ' }), mapping, opts)).toEqual({ ok: false, reason: 'Time is empty (column "ts").' });
    expect(normalizeRow(row({ user: null }), mapping, opts)).toEqual({ ok: false, reason: 'Actor is empty (column "user").' });
    expect(normalizeRow(row({ event: '' }), mapping, opts)).toEqual({ ok: false, reason: 'Event type is empty (column "event").' });
  });

  it('quotes an unreadable time, truncated, and says how to fix it', () => {
    const r = normalizeRow(row({ ts: `next tuesday ${'x'.repeat(80)}` }), mapping, opts);
    expect(r.ok).toBe(false);
    const reason = r.ok === false ? r.reason : '';
    expect(reason).toMatch(/^Time "next tuesday x+…" cannot be read \(column "ts"\): write it as 2026-11-02T14:05:00Z/);
    expect(reason.length).toBeLessThan(220);
    const dayFirst = normalizeRow(row({ ts: '03/04/2026' }), mapping, opts);
    expect(dayFirst.ok === false && dayFirst.reason).toContain('choose the date order');
  });

  it('normalises risk words and refuses unknown ones', () => {
    for (const [w, risk] of [
      ['low', 'low'],
      ['L', 'low'],
      ['1', 'low'],
      ['Medium', 'medium'],
      ['m', 'medium'],
      ['2', 'medium'],
      ['HIGH', 'high'],
      ['3', 'high'],
    ] as const) {
      const r = normalizeRow(row({ risk: w }), mapping, opts);
      expect(r.ok === true && r.row.risk).toBe(risk);
    }
    expect(normalizeRow(row({ risk: 'extreme' }), mapping, opts)).toEqual({
      ok: false,
      reason: 'Risk "extreme" is not low, medium or high (column "risk"). Use low, medium or high (or L/M/H, 1/2/3).',
    });
    const none = normalizeRow(row({ risk: null }), mapping, opts);
    expect(none.ok === true && none.row.risk).toBeNull();
  });

  it('reads common risk words ("High risk", "high-risk", "critical") and keeps a row whose risk says none', () => {
    for (const [w, risk] of [
      ['High risk', 'high'],
      ['high-risk', 'high'],
      ['critical', 'high'],
      ['Low risk', 'low'],
      ['risk: medium', 'medium'],
      ['-', null],
      ['N/A', null],
      ['unknown', null],
    ] as const) {
      const r = normalizeRow(row({ risk: w }), mapping, opts);
      expect(r.ok === true && r.row.risk).toBe(risk);
    }
  });

  it('reads placeholder plan ids as no plan, so they never link rows', () => {
    for (const plan of ['N/A', '-', 'none', '0', 'n/a', '—', 'null', 'TBD']) {
      const r = normalizeRow(row({ plan }), mapping, opts);
      expect(r.ok === true && r.row.planId).toBeNull();
    }
    for (const plan of ['P-1', '0042', 'plan-7']) {
      const r = normalizeRow(row({ plan }), mapping, opts);
      expect(r.ok === true && r.row.planId).toBe(plan);
    }
  });

  it('removes invisible characters before masking, so an address split by one is masked', () => {
    const r = normalizeRow(row({ prompt: 'Reply to bob\u200b@example.com and \u202e_bob@example.com' }), mapping, opts);
    expect(r.ok === true && r.row.text).toBe(`Reply to ${MASK_TOKENS.email} and ${MASK_TOKENS.email}`);
  });

  it('normalises SophMate role words and leaves unknown roles empty', () => {
    const roleOf = (role: string) => {
      const r = normalizeRow(row({ role }), mapping, opts);
      return r.ok === true ? r.row.role : 'error';
    };
    expect(roleOf('Administrator')).toBe('administrator');
    expect(roleOf('Store manager')).toBe('store_manager');
    expect(roleOf('support_agent')).toBe('support_agent');
    expect(roleOf('Agency')).toBe('agency_operator');
    expect(roleOf('Developer')).toBe('developer');
    expect(roleOf('Intern')).toBeNull();
  });

  it('cleans control characters, keeps line breaks and caps lengths with an ellipsis', () => {
    const r = normalizeRow(row({ prompt: `Line one\u0007\r\nLine\ttwo${'y'.repeat(9000)}`, note: 'n'.repeat(600) }), mapping, opts);
    if (r.ok !== true) throw new Error('expected a row');
    expect(r.row.text!.startsWith('Line one\nLine two')).toBe(true);
    expect(r.row.text!.length).toBe(8000);
    expect(r.row.text!.endsWith('…')).toBe(true);
    expect(r.row.reviewerNote!.length).toBe(500);
  });

  it('skips rows of another site, comparing hosts only', () => {
    expect(normalizeRow(row({ site: 'https://other.example' }), mapping, opts)).toEqual({ ok: 'other-site' });
    for (const site of [
      'https://shop.example',
      'http://www.shop.example/',
      'SHOP.EXAMPLE',
      'https://shop.example/wp-admin',
      'https://shop.example:8443/x',
      null,
    ]) {
      expect(normalizeRow(row({ site }), mapping, opts).ok).toBe(true);
    }
  });

  it('rowKeySource is the same for the same content on another line, and differs when content does', () => {
    const a = normalizeRow(row(), mapping, opts);
    const b = normalizeRow(row(), mapping, { ...opts, line: 99 });
    const c = normalizeRow(row({ status: 'rejected' }), mapping, opts);
    if (a.ok !== true || b.ok !== true || c.ok !== true) throw new Error('expected rows');
    expect(rowKeySource(a.row)).toBe(rowKeySource(b.row));
    expect(rowKeySource(a.row)).not.toBe(rowKeySource(c.row));
  });
});
