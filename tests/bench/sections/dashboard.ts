/**
 * The Dashboard and the blocked-site filters on stored readiness (docs/ARCHITECTURE.md, "Stored
 * readiness"), and what keeping it current costs a write.
 *
 * - `dashboard.portfolio` through the registry, next to the best hand-written SQL producing the same
 *   figures from the same stored rows (stage counts, blocked, owner gaps, incomplete, every reason with
 *   its sites and the sites it alone blocks, pauses and incidents); and the evaluation of every site
 *   (the reference the stored rows always equal, which is what every call did before).
 * - `sites.list` with "Blocked only" and with one reason, next to SQL choosing the same page.
 * - A write's added cost: `owners.verify` with the refresh and with it switched off (on a copy), and
 *   the worst case, a settings change that marks every site.
 */
import path from 'node:path';
import { silentLogger } from '@main/rpc/context';
import { beforeEveryCommit } from '@main/rpc/faults';
import { openSession, type Session } from '@main/session';
import { portfolioOf } from '@main/services/dashboard';
import { evaluatedCounts } from '@main/services/readiness-store';
import { time, type Section } from '../lib';

async function call(session: Session, channel: string, input: unknown): Promise<unknown> {
  const r = await session.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
}

const section: Section = async ({ session, raw, dir, iterations, report }) => {
  const S = 'dashboard';
  const sites = (raw.prepare('SELECT count(*) AS n FROM sites WHERE archived_at IS NULL').get() as { n: number }).n;

  // The same figures by hand, from the stored rows: one pass over the totals index, the kept reason
  // counts, the sole reasons on their index, and the pauses and incidents as the Dashboard counts them.
  const totals = raw.prepare(
    'SELECT stage, count(*) AS n, sum(blocked) AS blocked, sum(owner_gaps > 0) AS gaps, sum(incomplete) AS incomplete FROM site_readiness WHERE active = 1 GROUP BY stage',
  );
  const reasons = raw.prepare('SELECT reason_key, sites AS n FROM site_blocking_reason_counts WHERE sites > 0');
  const sole = raw.prepare('SELECT sole_reason, count(*) AS n FROM site_readiness WHERE sole_reason IS NOT NULL GROUP BY sole_reason');
  const stale = raw.prepare('SELECT site_id FROM site_readiness WHERE dirty = 1 OR valid_until < ? OR valid_from >= ?');
  const pauses = raw.prepare(`SELECT
      (SELECT count(DISTINCT sp.site_id) FROM site_pauses sp CROSS JOIN sites s ON s.id = sp.site_id WHERE sp.resumed_at IS NULL AND s.archived_at IS NULL) AS pausedSites,
      (SELECT count(DISTINCT i.site_id) FROM incidents i CROSS JOIN sites s ON s.id = i.site_id WHERE i.status = 'open' AND s.archived_at IS NULL) AS incidentSites,
      (SELECT count(*) FROM incidents i JOIN sites s ON s.id = i.site_id WHERE i.status = 'open' AND s.archived_at IS NULL) AS incidents`);
  const pausedList = raw.prepare(`SELECT sp.site_id, s.name, sp.reason, sp.paused_at FROM site_pauses sp CROSS JOIN sites s ON s.id = sp.site_id
      WHERE sp.resumed_at IS NULL AND s.archived_at IS NULL ORDER BY sp.paused_at DESC LIMIT 50`);
  const incidentList = raw.prepare(`SELECT i.id, i.site_id, s.name, i.title, i.severity, i.occurred_at FROM incidents i CROSS JOIN sites s ON s.id = i.site_id
      WHERE i.status = 'open' AND s.archived_at IS NULL ORDER BY CASE i.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, i.occurred_at DESC LIMIT 50`);
  const baseline = await time(() => {
    const now = new Date().toISOString();
    stale.all(now, now);
    totals.all();
    const s = new Map((sole.all() as { sole_reason: string; n: number }[]).map((r) => [r.sole_reason, r.n]));
    (reasons.all() as { reason_key: string; n: number }[]).sort((a, b) => b.n - a.n || (s.get(b.reason_key) ?? 0) - (s.get(a.reason_key) ?? 0));
    pauses.get();
    pausedList.all();
    incidentList.all();
  }, iterations);
  const base = { label: 'hand-written SQL over site_readiness', samples: baseline };
  const dashboard = await time(() => call(session, 'dashboard.portfolio', {}), iterations);
  report.add(S, `dashboard.portfolio (${sites} active sites, stored readiness)`, dashboard, { baseline: base, target: { p95: 50 } });
  report.add(
    S,
    'every site evaluated (the reference; what each call did before)',
    await time(() => portfolioOf(session.ctx, evaluatedCounts(session.ctx)), Math.max(3, Math.min(iterations, 5)), 1),
    { baseline: base },
  );

  const top = ((await call(session, 'dashboard.portfolio', {})) as { topReasons: { reason: string; sites: number }[] }).topReasons[0];
  const page = raw.prepare(
    `SELECT s.id FROM sites s JOIN site_readiness r ON r.site_id = s.id WHERE r.blocked = 1 AND r.active = 1 ORDER BY s.name COLLATE NOCASE, s.id LIMIT 100`,
  );
  const count = raw.prepare('SELECT count(*) AS n FROM site_readiness WHERE blocked = 1 AND active = 1');
  const blockedBase = { label: 'SQL: page of 100 blocked sites by name + count', samples: await time(() => (page.all(), count.get()), iterations) };
  report.add(S, 'sites.list blocked only, page of 100', await time(() => call(session, 'sites.list', { blockedOnly: true, limit: 100 }), iterations), {
    baseline: blockedBase,
    target: { p95: 5, ratio: 3 },
  });
  if (top) {
    const byReason = raw.prepare(
      `SELECT s.id FROM site_blocking_reasons b JOIN sites s ON s.id = b.site_id WHERE b.reason_key = ? ORDER BY s.name COLLATE NOCASE, s.id LIMIT 100`,
    );
    const byReasonCount = raw.prepare('SELECT count(*) AS n FROM site_blocking_reasons WHERE reason_key = ?');
    report.add(
      S,
      `sites.list by its top reason (${top.sites} sites), page of 100`,
      await time(() => call(session, 'sites.list', { reason: top.reason, limit: 100 }), iterations),
      {
        baseline: {
          label: 'SQL: page of 100 by reason + count',
          samples: await time(() => (byReason.all(top.reason), byReasonCount.get(top.reason)), iterations),
        },
        target: { p95: 5, ratio: 3 },
      },
    );
  }

  // Writes, on a copy so later sections see the workspace as seeded.
  const copy = path.join(dir, 'writes.sqlite');
  await raw.backup(copy);
  const writer = openSession(copy, { log: silentLogger, checkOutput: false, actor: 'bench' });
  try {
    const pair = writer.workspace.sqlite
      .prepare(
        `SELECT oa.site_id AS siteId, oa.responsibility, p.id AS verifierId FROM owner_assignments oa JOIN sites s ON s.id = oa.site_id
         JOIN people p ON p.id <> oa.owner_id AND p.active = 1 AND p.archived_at IS NULL
         WHERE oa.archived_at IS NULL AND s.archived_at IS NULL LIMIT 1`,
      )
      .get() as { siteId: string; responsibility: string; verifierId: string };
    const verify = () => call(writer, 'owners.verify', { siteId: pair.siteId, responsibility: pair.responsibility, verifiedById: pair.verifierId });
    const runs = Math.max(5, Math.min(iterations, 20));
    const withRefresh = await time(verify, runs);
    beforeEveryCommit(writer.workspace.sqlite, () => {});
    const without = await time(verify, runs);
    report.add(S, 'owners.verify, stored readiness refreshed in its transaction', withRefresh, {
      baseline: { label: 'owners.verify with the refresh switched off', samples: without },
    });
    // Switched back on; the rows the last writes left dirty are refreshed by the next write.
    writer.close();
    const again = openSession(copy, { log: silentLogger, checkOutput: false, actor: 'bench' });
    try {
      let days = 90;
      const settings = await time(() => call(again, 'settings.update', { verificationMaxAgeDays: (days = days === 90 ? 91 : 90) }), 2, 0);
      report.add(S, `settings.update of the verification age (refreshes all ${sites} sites)`, settings, {
        detail: 'the worst case: a workspace-wide fact marks every site',
      });
    } finally {
      again.close();
    }
  } finally {
    if (writer.workspace.sqlite.open) writer.close();
  }
};

export default section;
