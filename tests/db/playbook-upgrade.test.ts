import { describe, expect, it } from 'vitest';
import { openSession } from '@main/session';
import { silentLogger } from '@main/rpc/context';
import { fixedClock, openTestWorkspace } from './helpers';

describe('a workspace whose SOPs predate “when to ask”', () => {
  it('gets the shipped SOPs where untouched and the ask guidance where edited, as new versions that ask for retraining', async () => {
    const ws = openTestWorkspace();
    // A support agent of the client, on one of its sites.
    const site = await ws.factories.buildSite();
    const op = await ws.factories.buildOperator({ siteId: site.id, role: 'support_agent' });
    await ws.call('operators.signOff', { operatorId: op.id });
    // The lead edited one SOP.
    const cur = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const { workflow: _w, role: _r, version: _v, ...body } = cur.sop;
    await ws.call('sops.publish', {
      workflow: 'support_drafts',
      role: 'support_agent',
      baseVersion: 1,
      sop: { ...body, refusalRules: [...body.refusalRules, 'Never quote delivery dates the carrier has not confirmed.'] },
      changeSummary: 'Carrier dates',
    });
    // As stored by the earlier app: no "when to ask" items, and the scenario that left the shipped pool.
    const db = ws.session.workspace.sqlite;
    db.prepare(`DELETE FROM sop_items WHERE kind = 'when_to_ask'`).run();
    db.prepare(
      `INSERT INTO scenarios (id, created_at, updated_at, slug, role, workflow, situation, answer, explanation) VALUES ('old1', 'x', 'x', 'support-routine-draft', 'support_agent', 'support_drafts', 'The draft for a shipping-status ticket matches the order tracking; you have read it fully.', 'approve', 'old')`,
    ).run();
    const sopsBefore = ws.count('sop_versions');
    ws.session.close();

    const again = openSession(ws.file, { log: silentLogger, clock: fixedClock('2026-03-02T10:00:00.000Z'), actor: 'tester' });
    try {
      const call = async (channel: string, input: unknown) => {
        const r = await again.dispatch(channel as never, input as never);
        if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
        return r.value as never;
      };
      const count = (sql: string) => (again.workspace.sqlite.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM sop_versions')).toBe(sopsBefore + 34);
      const copilot = (await call('sops.get', { workflow: 'read_only_copilot', role: 'support_agent' })) as {
        sop: { version: number; whenToAsk: string[] };
        versions: { changeSummary: string }[];
      };
      expect(copilot.sop.version).toBe(2);
      expect(copilot.sop.whenToAsk.length).toBeGreaterThan(0);
      expect(copilot.versions[0]!.changeSummary).toContain('Shipped playbook update');
      const edited = (await call('sops.get', { workflow: 'support_drafts', role: 'support_agent' })) as {
        sop: { version: number; refusalRules: string[]; whenToAsk: string[] };
      };
      expect(edited.sop.version).toBe(3);
      expect(edited.sop.refusalRules).toContain('Never quote delivery dates the carrier has not confirmed.');
      expect(edited.sop.whenToAsk.length).toBeGreaterThan(0);
      const [operator] = (await call('operators.list', { siteId: site.id })) as { status: string }[];
      expect(operator!.status).toBe('needs_retraining');
      expect(count(`SELECT count(*) AS n FROM scenarios WHERE slug = 'support-routine-draft' AND archived_at IS NULL`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM scenarios WHERE role = 'support_agent' AND archived_at IS NULL`)).toBeGreaterThanOrEqual(10);
      // The upgraded playbook exports as a valid file, and opening the workspace again changes nothing.
      await call('playbook.export', {});
      const logged = count(`SELECT count(*) AS n FROM change_log WHERE action = 'upgrade'`);
      expect(logged).toBe(1);
    } finally {
      again.close();
    }
    const third = openSession(ws.file, { log: silentLogger, actor: 'tester' });
    expect((third.workspace.sqlite.prepare(`SELECT count(*) AS n FROM change_log WHERE action = 'upgrade'`).get() as { n: number }).n).toBe(1);
    third.close();
  });
});
