/**
 * Detection on import (main/services/findings-detect.ts) and the finding-rule settings
 * (main/services/findings-settings.ts): a generated week of activity for a site with operators.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import { newId } from '@db/ids';
import { GENERATED_MAPPING, GENERATED_OPERATORS, generateActivityJsonl } from '../fixtures/activity/generate';
import { openTestWorkspace, type TestWorkspace } from './helpers';

const SITE_URL = 'https://shop.northwind.test';

async function upload(ws: TestWorkspace, text: string): Promise<string> {
  const { uploadId } = await ws.call('uploads.begin', { fileName: 'week.jsonl', size: Buffer.byteLength(text) });
  const chunk = 256 * 1024;
  for (let i = 0, seq = 0; i < text.length; i += chunk, seq++) await ws.call('uploads.append', { uploadId, seq, text: text.slice(i, i + chunk) });
  await ws.call('uploads.finish', { uploadId });
  return uploadId;
}

async function siteWithOperators(ws: TestWorkspace) {
  const site = await ws.factories.buildSite({ productionUrl: SITE_URL });
  const ops = new Map<string, string>();
  for (const o of GENERATED_OPERATORS) {
    const p = await ws.factories.buildPerson({ name: o.name, email: o.email, organisation: 'client', clientId: site.clientId });
    ops.set(o.email, (await ws.factories.buildOperator({ siteId: site.id, personId: p.id, role: o.role })).id);
  }
  return { siteId: site.id, ops };
}

describe('findings found on import', () => {
  it('stores the findings the dry run counted, each with its operator, role and rows, once', async () => {
    const ws = openTestWorkspace();
    const { siteId, ops } = await siteWithOperators(ws);
    const text = generateActivityJsonl(3000);
    const dry = await ws.call('activity.dryRun', { jobId: newId(), siteId, uploadId: await upload(ws, text), mapping: GENERATED_MAPPING });
    expect(dry.bad).toBe(0);
    expect(dry.actors.every((a) => a.match?.by === 'email')).toBe(true);
    expect(dry.findings.total).toBeGreaterThan(0);

    const done = await ws.call('activity.import', { jobId: newId(), siteId, uploadId: await upload(ws, text), mapping: GENERATED_MAPPING });
    expect(done.findings).toEqual(dry.findings);
    expect(done.imported).toBe(dry.good);
    const sqlite = ws.session.workspace.sqlite;
    expect(ws.count('findings')).toBe(done.findings.total);
    const byCategory = sqlite.prepare('SELECT category, count(*) AS n FROM findings GROUP BY category').all() as { category: string; n: number }[];
    for (const { category, n } of byCategory) expect(done.findings.byCategory[category as keyof typeof done.findings.byCategory]).toBe(n);
    expect(sqlite.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'finding'").get()).toEqual({ n: done.findings.total });
    const unlinked = sqlite.prepare('SELECT count(*) AS n FROM findings f WHERE NOT EXISTS (SELECT 1 FROM finding_events fe WHERE fe.finding_id = f.id)').get();
    expect(unlinked).toEqual({ n: 0 });
    const withOperator = sqlite
      .prepare('SELECT f.operator_id AS op, f.role, o.role AS opRole FROM findings f JOIN operators o ON o.id = f.operator_id')
      .all() as { op: string; role: string; opRole: string }[];
    expect(withOperator.length).toBe(done.findings.total);
    expect(withOperator.every((r) => r.role === r.opRole && [...ops.values()].includes(r.op))).toBe(true);

    // The rows behind one finding.
    const one = sqlite.prepare('SELECT id FROM findings LIMIT 1').get() as { id: string };
    const rows = await ws.call('activity.events', { siteId, findingId: one.id });
    expect(rows.total).toBeGreaterThan(0);
    expect(rows.total).toBe((sqlite.prepare('SELECT count(*) AS n FROM finding_events WHERE finding_id = ?').get(one.id) as { n: number }).n);

    // The same file again adds no row and no finding.
    const again = await ws.call('activity.import', { jobId: newId(), siteId, uploadId: await upload(ws, text), mapping: GENERATED_MAPPING });
    expect(again.imported).toBe(0);
    expect(again.findings.total).toBe(0);
    expect(ws.count('findings')).toBe(done.findings.total);
  });
});

describe('findings.settings', () => {
  it('answers the playbook defaults, then each published version with its history', async () => {
    const ws = openTestWorkspace();
    expect(await ws.call('findings.settings', {})).toEqual({ repeatThreshold: 3, repeatWindowDays: 7, escalationLimitMinutes: 60 });
    const after = await ws.call('findings.updateSettings', { repeatThreshold: 4, changeSummary: 'Four repeats before escalating' });
    expect(after).toEqual({ repeatThreshold: 4, repeatWindowDays: 7, escalationLimitMinutes: 60 });
    await ws.call('findings.updateSettings', { escalationLimitMinutes: 30, changeSummary: 'Escalate within half an hour' });
    expect(await ws.call('findings.settings', {})).toEqual({ repeatThreshold: 4, repeatWindowDays: 7, escalationLimitMinutes: 30 });
    expect(ws.count('playbook_finding_rule_versions')).toBe(2);
    const log = ws.session.workspace.sqlite.prepare("SELECT action, summary FROM change_log WHERE entity = 'finding_rules' ORDER BY at, id").all();
    expect(log).toEqual([
      { action: 'publish', summary: 'Published finding rules version 1: Four repeats before escalating' },
      { action: 'publish', summary: 'Published finding rules version 2: Escalate within half an hour' },
    ]);
  });

  it('refuses a threshold below 2 naming the field, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const log = ws.count('change_log');
    const err = await ws.fail('findings.updateSettings', { repeatThreshold: 1, changeSummary: 'One is enough' });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.message).toMatch(/Repeats must be at least 2/);
    expect(ws.count('playbook_finding_rule_versions')).toBe(0);
    expect(ws.count('change_log')).toBe(log);
  });
});
