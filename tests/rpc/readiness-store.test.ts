/**
 * Stored readiness (docs/ARCHITECTURE.md, "Stored readiness") always equals a full recomputation:
 * after random sequences of real channel calls, raw writes by another program and clock moves, every
 * stored row that holds equals the site evaluated through the Readiness tab's own path (gatherFacts and
 * transitionCheck, one site at a time), and dashboard.portfolio and the blocked-site filters equal what
 * evaluating every site gives. Plus: raw writes mark exactly the rows they affect, a rolled-back write
 * leaves the stored rows as they were, and a workspace from before 0011 gets its rows at the first open.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { nextStage, transitionCheck } from '@core/domain/readiness';
import { ROLLOUT_STAGES, type RolloutStage } from '@core/domain/stages';
import { fixPlace } from '@core/domain/blocker-fix';
import { expiresAt } from '@core/domain/rollback-currency';
import { openWorkspace } from '@db/client';
import { sites as sitesTable } from '@db/schema/index';
import { eq } from 'drizzle-orm';
import { writerOf } from '@main/rpc/context';
import { writeTransaction } from '@main/services/change-log';
import { blockedSiteIds, dashboardPortfolio, portfolioOf, reasonKey } from '@main/services/dashboard';
import { currentChecklist } from '@main/services/playbook-items';
import { gatherFacts } from '@main/services/readiness';
import { evaluatedCounts, READINESS_RULES_FINGERPRINT } from '@main/services/readiness-store';
import { getSettings } from '@main/services/settings';
import { getSite } from '@main/services/sites-list';
import { firstWeekAreas } from '../factories/index';
import { fixedClock, fullSite, migrationsUpTo, openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';

const DAY = 86_400_000;
const OVERRIDE = 'Agreed with the client to go ahead on a call';

interface Expected {
  active: boolean;
  stage: RolloutStage;
  blocked: boolean;
  reasons: string[];
  ownerGaps: number;
  incomplete: boolean;
}

/** Every site evaluated one at a time, as the Readiness tab does: the reference. */
function reference(ws: TestWorkspace): Map<string, Expected> {
  const ctx = ws.session.ctx;
  const ids = (ws.session.workspace.sqlite.prepare('SELECT id FROM sites ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  const out = new Map<string, Expected>();
  for (const id of ids) {
    const site = getSite(ctx, id);
    const next = nextStage(site.stage);
    const check = site.archivedAt === null && next ? transitionCheck(site.stage, next, gatherFacts(ctx, id), currentChecklist(ctx)) : null;
    const reasons = check && !check.ok ? [...new Set(check.reasons.map(reasonKey))] : [];
    out.set(id, {
      active: site.archivedAt === null,
      stage: site.stage,
      blocked: reasons.length > 0,
      reasons: reasons.sort(),
      ownerGaps: site.ownerGaps,
      incomplete: site.missingSetup.length > 0,
    });
  }
  return out;
}

/** The Dashboard's readiness figures from the reference, in the Dashboard's order. */
function expectedFigures(ref: Map<string, Expected>) {
  const active = [...ref.values()].filter((r) => r.active);
  const reasons = new Map<string, { sites: number; sole: number }>();
  for (const r of active) {
    for (const key of r.reasons) {
      const c = reasons.get(key) ?? { sites: 0, sole: 0 };
      c.sites++;
      if (r.reasons.length === 1) c.sole++;
      reasons.set(key, c);
    }
  }
  return {
    byStage: ROLLOUT_STAGES.map((stage) => ({ stage, count: active.filter((r) => r.stage === stage).length })),
    blocked: active.filter((r) => r.blocked).length,
    topReasons: [...reasons.entries()]
      .sort((a, b) => b[1].sites - a[1].sites || b[1].sole - a[1].sole || a[0].localeCompare(b[0]))
      .map(([reason, n]) => ({ reason, sites: n.sites, onlyReasonSites: n.sole, fix: fixPlace(reason) })),
    ownerGaps: active.filter((r) => r.ownerGaps > 0).length,
    incomplete: active.filter((r) => r.incomplete).length,
  };
}

interface StoredRow {
  site_id: string;
  active: number;
  stage: RolloutStage | null;
  blocked: number;
  sole_reason: string | null;
  owner_gaps: number;
  incomplete: number;
  valid_from: string | null;
  valid_until: string | null;
  dirty: number;
}

function storedRows(ws: TestWorkspace): StoredRow[] {
  return ws.session.workspace.sqlite.prepare('SELECT * FROM site_readiness ORDER BY site_id').all() as StoredRow[];
}

const holds = (r: StoredRow, now: string) => r.dirty === 0 && (r.valid_from === null || r.valid_from < now) && (r.valid_until === null || r.valid_until >= now);

/**
 * Every stored row that holds equals the reference; with `allFresh` (right after a write through the
 * app) every row holds; `rowsTrusted` false skips the rows (stored under other rules). The Dashboard
 * and the blocked filters equal the reference whatever is stored.
 */
async function expectConsistent(ws: TestWorkspace, allFresh: boolean, step: string, rowsTrusted = true) {
  const ref = reference(ws);
  const now = ws.clock.now().toISOString();
  const sqlite = ws.session.workspace.sqlite;
  const rows = storedRows(ws);
  expect(rows.map((r) => r.site_id).sort(), `${step}: a row per site`).toEqual([...ref.keys()].sort());
  const reasons = sqlite.prepare('SELECT site_id, reason_key FROM site_blocking_reasons').all() as { site_id: string; reason_key: string }[];
  for (const r of rows) {
    if (allFresh) expect(holds(r, now), `${step}: row of ${r.site_id} holds after a write (dirty ${r.dirty}, ${r.valid_from}…${r.valid_until})`).toBe(true);
    // Rows stored under other readiness rules are compared through the answers only.
    if (!rowsTrusted || !holds(r, now)) continue;
    const e = ref.get(r.site_id)!;
    const stored = {
      active: r.active === 1,
      stage: r.stage,
      blocked: r.blocked === 1,
      reasons: reasons
        .filter((x) => x.site_id === r.site_id)
        .map((x) => x.reason_key)
        .sort(),
      ownerGaps: r.owner_gaps,
      incomplete: r.incomplete === 1,
    };
    expect(stored, `${step}: stored row of ${r.site_id}`).toEqual(e);
    expect(r.sole_reason, `${step}: sole reason of ${r.site_id}`).toBe(e.reasons.length === 1 ? e.reasons[0] : null);
  }
  const dash = await ws.call('dashboard.portfolio', {});
  const figures = expectedFigures(ref);
  expect({ byStage: dash.byStage, blocked: dash.blocked, topReasons: dash.topReasons, ownerGaps: dash.ownerGaps, incomplete: dash.incomplete }, step).toEqual(
    figures,
  );
  expect(dash, `${step}: the batched evaluation of every site`).toEqual(portfolioOf(ws.session.ctx, evaluatedCounts(ws.session.ctx)));
  const blocked = [...ref.entries()].filter(([, r]) => r.active && r.blocked).map(([id]) => id);
  expect(blockedSiteIds(ws.session.ctx).sort(), `${step}: blocked ids`).toEqual(blocked.sort());
  for (const { reason } of figures.topReasons) {
    const ids = [...ref.entries()].filter(([, r]) => r.active && r.reasons.includes(reason)).map(([id]) => id);
    expect(blockedSiteIds(ws.session.ctx, reason).sort(), `${step}: sites blocked by “${reason}”`).toEqual(ids.sort());
  }
}

/** The day `daysAgo` days before the clock's (UTC); negative: a day still to come. */
const dayBefore = (ws: TestWorkspace, daysAgo: number) => new Date(ws.clock.now().getTime() - daysAgo * DAY).toISOString().slice(0, 10);

/** A small world: sites in setup, pilot and adoption (moved there by override), six people, backups and rehearsals. */
async function buildWorld() {
  const ws = openTestWorkspace();
  const f = ws.factories;
  const client = await f.buildClient();
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await f.buildPerson({ name: i === 5 ? 'Ann (ops) Lee' : `Person ${i}` }));
  for (const [i, stage] of (['setup', 'pilot', 'adoption', 'planning'] as const).entries()) {
    const site = await ws.call('sites.create', {
      ...fullSite,
      name: `Shop ${i}`,
      productionUrl: `https://shop-${i}.example.test`,
      stagingUrl: `https://staging.shop-${i}.example.test`,
      clientId: client.id,
      stage: stage === 'planning' ? 'planning' : 'setup',
    });
    for (const r of RESPONSIBILITIES.slice(0, 7 + i)) {
      await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: people[(i + RESPONSIBILITIES.indexOf(r)) % 5]!.id });
      if (RESPONSIBILITIES.indexOf(r) % 2 === 0) await ws.call('owners.verify', { siteId: site.id, responsibility: r, verifiedById: people[5]!.id });
    }
    // Backups of different ages and a passed rehearsal on most sites, so clock moves cross their expiry.
    await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: dayBefore(ws, i * 2) });
    if (i !== 1) {
      await ws.call('runbook.recordRehearsal', {
        siteId: site.id,
        rehearsedOn: dayBefore(ws, i),
        outcome: 'passed',
        durationMinutes: 30,
        performedById: people[5]!.id,
      });
    }
    for (const to of ['pilot', 'adoption'] as const) {
      if (ROLLOUT_STAGES.indexOf(to) > ROLLOUT_STAGES.indexOf(stage)) break;
      const s = await ws.call('sites.get', { id: site.id });
      await ws.call('sites.changeStage', { siteId: site.id, version: s.version, to, overrideReason: OVERRIDE });
    }
  }
  return { ws, client };
}

let template: string | null = null;

/** A copy of one small world built once, opened afresh. */
async function world() {
  if (!template) {
    const built = await buildWorld();
    built.ws.session.close();
    template = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rw-readiness-')), 'world.sqlite');
    fs.copyFileSync(built.ws.file, template);
  }
  const file = path.join(tempDir(), 'ws.sqlite');
  fs.copyFileSync(template, file);
  const ws = openTestWorkspace(file);
  const client = ws.session.workspace.sqlite.prepare('SELECT id FROM clients LIMIT 1').get() as { id: string };
  return { ws, client };
}

afterAll(() => {
  if (template) fs.rmSync(path.dirname(template), { recursive: true, force: true });
});

const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

const action = fc.oneof(
  fc.record({ t: fc.constant('createSite' as const), full: fc.boolean(), setup: fc.boolean() }),
  fc.record({ t: fc.constant('editSite' as const), s: fc.nat(), field: fc.constantFrom('stagingUrl', 'phpVersion', 'activeTheme'), clear: fc.boolean() }),
  fc.record({ t: fc.constant('assign' as const), s: fc.nat(), r: fc.nat(), p: fc.nat() }),
  fc.record({ t: fc.constant('verify' as const), s: fc.nat(), r: fc.nat(), p: fc.nat() }),
  fc.record({ t: fc.constant('unassign' as const), s: fc.nat(), r: fc.nat() }),
  fc.record({ t: fc.constant('personActive' as const), p: fc.nat(), active: fc.boolean() }),
  fc.record({ t: fc.constant('archivePerson' as const), p: fc.nat(), restore: fc.boolean() }),
  fc.record({
    t: fc.constant('setItem' as const),
    s: fc.nat(),
    item: fc.constantFrom('reach-diagnostics', 'pause-high-risk'),
    status: fc.constantFrom('done', 'open', 'not_applicable', 'blocked'),
  }),
  fc.record({ t: fc.constant('review' as const), s: fc.nat(), skip: fc.boolean() }),
  fc.record({ t: fc.constant('finalDoc' as const), s: fc.nat() }),
  fc.record({ t: fc.constant('publishSop' as const) }),
  fc.record({ t: fc.constant('settings' as const), days: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ t: fc.constant('archiveSite' as const), s: fc.nat(), restore: fc.boolean() }),
  fc.record({ t: fc.constant('stage' as const), s: fc.nat(), to: fc.constantFrom(...ROLLOUT_STAGES), override: fc.boolean() }),
  fc.record({ t: fc.constant('clock' as const), days: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ t: fc.constant('retitle' as const), n: fc.nat(99) }),
  fc.record({ t: fc.constant('raw' as const), s: fc.nat(), what: fc.constantFrom('php', 'verify', 'setting') }),
  // Backups and restore rehearsals: through the channels, by another program, and the clock moved to a backup's expiry.
  fc.record({ t: fc.constant('backup' as const), s: fc.nat(), daysAgo: fc.integer({ min: 0, max: 10 }) }),
  fc.record({
    t: fc.constant('rehearse' as const),
    s: fc.nat(),
    p: fc.nat(),
    daysAgo: fc.integer({ min: 0, max: 10 }),
    outcome: fc.constantFrom('passed' as const, 'failed' as const),
  }),
  fc.record({ t: fc.constant('limits' as const), backup: fc.integer({ min: 1, max: 14 }), rehearsal: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    t: fc.constant('rawRunbook' as const),
    s: fc.nat(),
    what: fc.constantFrom('backup', 'rehearsal', 'limit'),
    // From tomorrow (a day still to come) to ten days ago.
    daysAgo: fc.integer({ min: -1, max: 10 }),
    outcome: fc.constantFrom('passed', 'failed', 'unknown'),
  }),
  fc.record({ t: fc.constant('toExpiry' as const), s: fc.nat(), offsetMs: fc.constantFrom(-1, 0, 1) }),
  // A runbook edit of the client or of the agency template: every site inheriting it must be re-exported.
  fc.record({ t: fc.constant('inheritedEdit' as const), template: fc.boolean(), n: fc.nat(99) }),
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

/** Runs one step; answers whether it was a write through the app that succeeded. */
async function run(ws: TestWorkspace, clientId: string, a: Action, raw: Database.Database): Promise<boolean> {
  const sqlite = ws.session.workspace.sqlite;
  const siteIds = (sqlite.prepare('SELECT id FROM sites ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  const personIds = (sqlite.prepare('SELECT id FROM people ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  const site = 's' in a ? pick(siteIds, a.s) : undefined;
  const person = 'p' in a ? pick(personIds, a.p) : undefined;
  const dispatch = async (channel: string, input: Record<string, unknown>) => {
    const r = await ws.session.dispatch(channel, input);
    if (!r.ok) expect(r.error.code, `${channel}: ${r.error.message}`).not.toBe('INTERNAL');
    return r.ok;
  };
  switch (a.t) {
    case 'createSite': {
      const n = siteIds.length;
      const base = { name: `New shop ${n}`, productionUrl: `https://new-${n}.example.test`, clientId, stage: a.setup ? 'setup' : 'planning' };
      return dispatch('sites.create', a.full ? { ...fullSite, ...base, stagingUrl: `https://staging.new-${n}.example.test` } : base);
    }
    case 'editSite': {
      if (!site) return false;
      const s = await ws.call('sites.get', { id: site });
      const values = { stagingUrl: `https://staging-edit.${s.id.toLowerCase()}.example.test`, phpVersion: '8.3', activeTheme: 'Astra' };
      return dispatch('sites.update', {
        id: s.id,
        version: s.version,
        stage: s.stage,
        clientId: s.clientId,
        name: s.name,
        productionUrl: s.productionUrl,
        stagingUrl: s.stagingUrl,
        sophmateVersion: s.sophmateVersion,
        wordpressVersion: s.wordpressVersion,
        phpVersion: s.phpVersion,
        woocommerceVersion: s.woocommerceVersion,
        activeTheme: s.activeTheme,
        host: s.host,
        aiProvider: s.aiProvider,
        [a.field]: a.clear ? null : values[a.field],
      });
    }
    case 'assign':
      return Boolean(site && person) && dispatch('owners.assign', { siteId: site, responsibility: pick([...RESPONSIBILITIES], a.r), ownerId: person });
    case 'verify':
      return Boolean(site && person) && dispatch('owners.verify', { siteId: site, responsibility: pick([...RESPONSIBILITIES], a.r), verifiedById: person });
    case 'unassign':
      return Boolean(site) && dispatch('owners.unassign', { siteId: site, responsibility: pick([...RESPONSIBILITIES], a.r) });
    case 'personActive': {
      if (!person) return false;
      const p = await ws.call('people.get', { id: person });
      return dispatch('people.update', {
        id: p.id,
        version: p.version,
        name: p.name,
        email: p.email,
        organisation: p.organisation,
        clientId: p.clientId,
        phone: p.phone,
        active: a.active,
      });
    }
    case 'archivePerson':
      return Boolean(person) && dispatch(a.restore ? 'people.restore' : 'people.archive', { id: person });
    case 'setItem':
      return (
        Boolean(site) &&
        dispatch('readiness.setItem', {
          siteId: site,
          kind: 'checklist',
          itemId: a.item,
          status: a.status,
          evidence: a.status === 'done' ? 'Checked with the team' : undefined,
          reason: a.status === 'blocked' || a.status === 'not_applicable' ? 'Waiting on the host' : undefined,
        })
      );
    case 'review': {
      if (!site) return false;
      const { reviews } = await ws.call('reviews.forSite', { siteId: site });
      const r = reviews.find((x) => x.kind === 'first_week' && x.state !== 'done' && x.state !== 'skipped');
      if (!r) return false;
      return a.skip
        ? dispatch('reviews.skip', { id: r.id, version: r.version, reason: 'Covered in the weekly call' })
        : dispatch('reviews.completeFirstWeek', { id: r.id, version: r.version, areas: firstWeekAreas(), notes: 'Looked at prompts and approvals' });
    }
    case 'finalDoc': {
      if (!site) return false;
      try {
        await ws.factories.buildFinalRollbackPlan(site);
        return true;
      } catch (e) {
        // Refused while the plan misses a part (an owner, a fact): a refusal, never an internal error.
        expect(String(e)).not.toMatch(/INTERNAL/);
        return false;
      }
    }
    case 'publishSop': {
      const current = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
      const { workflow: _w, role: _r, version: _v, ...body } = current.sop;
      return dispatch('sops.publish', {
        workflow: 'support_drafts',
        role: 'support_agent',
        baseVersion: current.sop.version,
        sop: { ...body, refusalRules: [...body.refusalRules, `Rule ${current.sop.version}`] },
        changeSummary: 'Another refusal rule',
      });
    }
    case 'settings':
      return dispatch('settings.update', { verificationMaxAgeDays: a.days });
    case 'archiveSite':
      return Boolean(site) && dispatch(a.restore ? 'sites.restore' : 'sites.archive', { id: site });
    case 'stage': {
      if (!site) return false;
      const s = await ws.call('sites.get', { id: site });
      return dispatch('sites.changeStage', { siteId: site, version: s.version, to: a.to, ...(a.override ? { overrideReason: OVERRIDE } : {}) });
    }
    case 'clock':
      ws.clock.advance(a.days * DAY + 3_600_000);
      return false;
    case 'retitle': {
      const items = await ws.call('playbook.items', {});
      const item = items.checklist.find((i) => i.itemId === 'reach-diagnostics')!;
      return dispatch('playbook.updateItem', {
        kind: 'checklist',
        itemId: item.itemId,
        version: item.version,
        title: `Team can reach diagnostics (${a.n})${a.n % 2 ? ' and support' : ''}`,
        description: item.description,
        changeSummary: 'Reworded',
      });
    }
    case 'backup':
      return Boolean(site) && dispatch('runbook.recordBackup', { siteId: site, takenOn: dayBefore(ws, a.daysAgo) });
    case 'rehearse':
      return (
        Boolean(site && person) &&
        dispatch('runbook.recordRehearsal', {
          siteId: site,
          rehearsedOn: dayBefore(ws, a.daysAgo),
          outcome: a.outcome,
          durationMinutes: 30,
          performedById: person,
          notes: a.outcome === 'failed' ? 'The restore stopped half-way' : undefined,
        })
      );
    case 'limits':
      return dispatch('settings.update', { maxBackupAgeDays: a.backup, maxRehearsalAgeDays: a.rehearsal });
    case 'inheritedEdit': {
      const scope = a.template ? { workspace: true } : { clientId };
      const view = await ws.call('runbook.get', { scope: scope as never });
      return dispatch('runbook.setValues', { scope, revision: view.revision, values: { supportHours: `Mon–Fri 9–${(a.n % 8) + 1} pm` } });
    }
    case 'rawRunbook': {
      // Another program records backups and rehearsals (or changes a limit) straight into the file.
      const day = dayBefore(ws, a.daysAgo);
      const at = ws.clock.now().toISOString();
      if (a.what === 'limit') {
        raw
          .prepare(
            "INSERT INTO workspace_meta (key, value, updated_at) VALUES ('setting.maxBackupAgeDays', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          )
          .run(String(a.daysAgo + 2), at);
      } else if (site && a.what === 'backup') {
        raw
          .prepare(
            `INSERT INTO site_runbook_facts (id, created_at, updated_at, site_id, last_backup_on) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (site_id) DO UPDATE SET last_backup_on = excluded.last_backup_on, version = version + 1`,
          )
          .run(`raw-backup-${site}`, at, at, site, day);
      } else if (site) {
        const n = (raw.prepare('SELECT count(*) AS n FROM rollback_rehearsals').get() as { n: number }).n;
        raw
          .prepare(
            `INSERT INTO rollback_rehearsals (id, created_at, updated_at, site_id, rehearsed_on, outcome, notes, recorded_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'another program')`,
          )
          .run(`raw-rehearsal-${n}`, at, at, site, day, a.outcome, a.outcome === 'failed' ? 'Did not restore' : null);
      }
      return false;
    }
    case 'toExpiry': {
      // The clock moves to the instant a site's last backup stops counting (or a millisecond either side), forward or back.
      const row = site
        ? (sqlite.prepare('SELECT last_backup_on AS day FROM site_runbook_facts WHERE site_id = ? AND last_backup_on IS NOT NULL').get(site) as
            { day: string } | undefined)
        : undefined;
      if (!row) return false;
      const limit = getSettings(ws.session.ctx).maxBackupAgeDays;
      ws.clock.advance(expiresAt(row.day, limit) + a.offsetMs - ws.clock.now().getTime());
      return false;
    }
    case 'raw': {
      // Another program writes straight into the file: no refresh runs, the triggers mark the rows.
      if (a.what === 'setting')
        raw.prepare("UPDATE workspace_meta SET value = '30' WHERE key IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays')").run();
      else if (site && a.what === 'php')
        raw.prepare("UPDATE sites SET php_version = CASE WHEN php_version IS NULL THEN '8.1' ELSE NULL END WHERE id = ?").run(site);
      else if (site)
        raw
          .prepare('UPDATE owner_assignments SET verified_at = ? WHERE site_id = ? AND archived_at IS NULL AND verified_by_id IS NOT NULL')
          .run(ws.clock.now().toISOString(), site);
      return false;
    }
  }
}

describe('stored readiness', () => {
  it('equals a full recomputation after every step of random channel calls, raw writes and clock moves', { timeout: 600_000 }, async () => {
    let writes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 8, maxLength: 20 }), async (actions) => {
        const { ws, client } = await world();
        const raw = new Database(ws.file);
        try {
          await expectConsistent(ws, true, 'start');
          for (const [i, a] of actions.entries()) {
            const wrote = await run(ws, client.id, a, raw);
            if (wrote) writes++;
            await expectConsistent(ws, wrote, `step ${i} ${JSON.stringify(a)}`);
          }
        } finally {
          raw.close();
          ws.session.close();
        }
      }),
      { numRuns: 10 },
    );
    // The steps are valid often enough that most runs write through the app many times.
    expect(writes).toBeGreaterThan(40);
  });

  it('a raw write by another program marks exactly the rows it can change, and every answer stays exact', async () => {
    const { ws } = await world();
    const sqlite = ws.session.workspace.sqlite;
    const dirty = () =>
      (sqlite.prepare('SELECT site_id FROM site_readiness WHERE dirty = 1 ORDER BY site_id').all() as { site_id: string }[]).map((r) => r.site_id);
    expect(dirty()).toEqual([]);
    const [one, two] = (sqlite.prepare("SELECT id FROM sites WHERE stage = 'setup' OR stage = 'pilot' ORDER BY id").all() as { id: string }[]).map((r) => r.id);
    const raw = new Database(ws.file);
    try {
      raw.prepare('UPDATE sites SET staging_url = NULL WHERE id = ?').run(one);
      expect(dirty()).toEqual([one]);
      await expectConsistent(ws, false, 'after a raw site edit');
      const owner = raw.prepare('SELECT owner_id AS id FROM owner_assignments WHERE site_id = ? AND archived_at IS NULL LIMIT 1').get(two) as { id: string };
      const owned = (
        raw.prepare('SELECT DISTINCT site_id FROM owner_assignments WHERE owner_id = ? ORDER BY site_id').all(owner.id) as { site_id: string }[]
      ).map((r) => r.site_id);
      raw.prepare('UPDATE people SET active = 0 WHERE id = ?').run(owner.id);
      expect(dirty()).toEqual([...new Set([one, ...owned])].sort());
      await expectConsistent(ws, false, 'after a raw person edit');
      raw
        .prepare(
          "INSERT INTO workspace_meta (key, value, updated_at) VALUES ('verificationMaxAgeDays', '7', '2026-03-01T10:00:00.000Z') ON CONFLICT (key) DO UPDATE SET value = '7'",
        )
        .run();
      expect(dirty()).toHaveLength(ws.count('sites'));
      await expectConsistent(ws, false, 'after a raw setting edit');
    } finally {
      raw.close();
    }
    // The next write through the app brings every row up to date in its own transaction.
    await ws.call('settings.update', { verificationMaxAgeDays: 60 });
    expect(dirty()).toEqual([]);
    await expectConsistent(ws, true, 'after the next write');
  });

  it('a raw backup or rehearsal marks its site only, a raw age limit every site, and every answer stays exact', async () => {
    const { ws } = await world();
    const sqlite = ws.session.workspace.sqlite;
    const dirty = () =>
      (sqlite.prepare('SELECT site_id FROM site_readiness WHERE dirty = 1 ORDER BY site_id').all() as { site_id: string }[]).map((r) => r.site_id);
    const ids = (sqlite.prepare('SELECT id FROM sites ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const at = ws.clock.now().toISOString();
    const raw = new Database(ws.file);
    try {
      raw
        .prepare(
          "INSERT INTO rollback_rehearsals (id, created_at, updated_at, site_id, rehearsed_on, outcome, recorded_by) VALUES ('r1', ?, ?, ?, '2026-02-27', 'passed', 'x')",
        )
        .run(at, at, ids[0]);
      expect(dirty()).toEqual([ids[0]]);
      await expectConsistent(ws, false, 'after a raw rehearsal');
      raw.prepare("UPDATE site_runbook_facts SET last_backup_on = '2026-02-20' WHERE site_id = ?").run(ids[1]);
      expect(dirty()).toEqual([ids[0], ids[1]].sort());
      await expectConsistent(ws, false, 'after a raw backup');
      raw.prepare("INSERT INTO workspace_meta (key, value, updated_at) VALUES ('setting.maxRehearsalAgeDays', '30', ?)").run(at);
      expect(dirty()).toHaveLength(ids.length);
      await expectConsistent(ws, false, 'after a raw rehearsal limit');
    } finally {
      raw.close();
    }
    await ws.call('settings.update', { maxBackupAgeDays: 5 });
    expect(dirty()).toEqual([]);
    await expectConsistent(ws, true, 'after the next write');
  });

  it('a write that is rolled back leaves the stored rows as they were', async () => {
    const { ws } = await world();
    const before = storedRows(ws);
    const site = before.find((r) => r.blocked === 0 && r.active === 1) ?? before[0]!;
    const ctx = writerOf(ws.session.ctx);
    expect(() =>
      writeTransaction(ctx, (tx) => {
        tx.update(sitesTable).set({ stagingUrl: null, stage: 'pilot' }).where(eq(sitesTable.id, site.site_id)).run();
        throw new Error('the disk filled up half-way');
      }),
    ).toThrow('the disk filled up half-way');
    expect(storedRows(ws)).toEqual(before);
    // A refused call writes nothing either, stored rows included.
    const s = await ws.call('sites.get', { id: site.site_id });
    await ws.fail('sites.changeStage', { siteId: s.id, version: s.version + 7, to: 'adoption' });
    expect(storedRows(ws)).toEqual(before);
    await expectConsistent(ws, true, 'after the rollback');
  });

  it('rows stored under other readiness rules (an older or newer app) are not trusted, and the next open recomputes them all', async () => {
    const { ws } = await world();
    const sqlite = ws.session.workspace.sqlite;
    const blocked = storedRows(ws).find((r) => r.blocked === 1 && r.active === 1)!;
    expect(blocked).toBeDefined();
    // Another version of the app stored this row under its rules: here it says "not blocked", and is clean.
    const raw = new Database(ws.file);
    try {
      raw.prepare("UPDATE workspace_meta SET value = '\"an-older-app\"' WHERE key = 'readiness.rules'").run();
      raw.prepare('UPDATE site_readiness SET blocked = 0, sole_reason = NULL, dirty = 0 WHERE site_id = ?').run(blocked.site_id);
      raw.prepare('DELETE FROM site_blocking_reasons WHERE site_id = ?').run(blocked.site_id);
    } finally {
      raw.close();
    }
    expect(sqlite.prepare('SELECT dirty FROM site_readiness WHERE site_id = ?').get(blocked.site_id)).toEqual({ dirty: 0 });
    // Reads evaluate every site instead of trusting the rows.
    await expectConsistent(ws, false, 'with rows from other rules', false);
    expect(blockedSiteIds(ws.session.ctx)).toContain(blocked.site_id);
    const file = ws.file;
    ws.session.close();
    // The next open adopts these rules: every row recomputed, the fingerprint recorded.
    const again = openTestWorkspace(file);
    expect(storedRows(again).find((r) => r.site_id === blocked.site_id)).toMatchObject({ blocked: 1, dirty: 0 });
    expect(again.session.workspace.sqlite.prepare("SELECT value FROM workspace_meta WHERE key = 'readiness.rules'").get()).toEqual({
      value: JSON.stringify(READINESS_RULES_FINGERPRINT),
    });
    await expectConsistent(again, true, 'after the open under these rules');
  });

  it('a workspace from before 0011 gets a row per site, and its first open recomputes them', async () => {
    const file = path.join(tempDir(), 'v10.sqlite');
    const clock = fixedClock();
    // Written by an app at schema 0010, straight into the file.
    const old = openWorkspace(file, { migrationsFolder: migrationsUpTo(11) });
    const at = clock.now().toISOString();
    old.sqlite.prepare("INSERT INTO clients (id, created_at, updated_at, name) VALUES ('c1', ?, ?, 'Northwind')").run(at, at);
    for (const [i, stage] of (['planning', 'setup'] as const).entries()) {
      old.sqlite
        .prepare(
          `INSERT INTO sites (id, created_at, updated_at, client_id, name, production_url, staging_url, sophmate_version, wordpress_version, php_version, active_theme, stage)
           VALUES (?, ?, ?, 'c1', ?, ?, ?, '2.4.1', '6.6.2', '8.2', 'Storefront', ?)`,
        )
        .run(`s${i}`, at, at, `Old ${i}`, `https://old-${i}.example.test`, `https://staging.old-${i}.example.test`, stage);
    }
    old.close();

    // Migrated by the current app (0011 only), before anything recomputes: every site has a dirty row.
    const migrated = openWorkspace(file);
    expect(migrated.sqlite.prepare('SELECT count(*) AS n, sum(dirty) AS dirty FROM site_readiness').get()).toEqual({ n: 2, dirty: 2 });
    migrated.close();

    const ws = openTestWorkspace(file);
    expect(ws.session.workspace.sqlite.prepare('SELECT count(*) AS n, sum(dirty) AS dirty, sum(blocked) AS blocked FROM site_readiness').get()).toEqual({
      n: 2,
      dirty: 0,
      blocked: 1,
    });
    await expectConsistent(ws, true, 'after the first open');
    expect(fs.existsSync(file)).toBe(true);
    expect(dashboardPortfolio(ws.session.ctx).blocked).toBe(1);
  });
});
