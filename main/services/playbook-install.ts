/**
 * The shipped playbook in a workspace: installing it into a new one, putting back what the readiness
 * gates rely on, and bringing older workspaces up to the shipped version. Runs when a workspace opens.
 * Exporting and importing playbook files is in playbook-files.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { GATE_ITEMS } from '@core/domain/readiness';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import { FIRST_WEEK_MIN_OFFSET_DAYS } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { scenarios } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { recordChange, writeTransaction } from './change-log';
import { SHIPPED_BY, SHIPPED_SUMMARY } from './playbook';
import { insertCadence, insertItem, latestCadenceRows, latestItemRows, toCadence, type PlaybookItem, type Publication } from './playbook-items';
import { currentSopRows, getSop, insertSop, scenarioColumns } from './sops';

/**
 * Installs the shipped playbook into a workspace: SOPs and scenarios when it has no SOPs, and each of
 * the checklist, the acceptance checks and the cadences when it has none of them (workspaces created
 * before those were stored get them on their next open). A no-op once everything is there.
 */
export function ensureDefaultPlaybook(ctx: WriteContext): void {
  installMissingPlaybook(ctx);
  restorePlaybookRules(ctx);
}

function missingPlaybookParts(ctx: HandlerContext) {
  const none = (query: SQL) => ctx.db.get<{ n: number }>(sql`SELECT NOT EXISTS (${query}) AS n`)!.n === 1;
  const needSops = none(sql`SELECT 1 FROM sop_versions`);
  const needChecklist = none(sql`SELECT 1 FROM playbook_item_versions WHERE kind = 'checklist'`);
  const needAcceptance = none(sql`SELECT 1 FROM playbook_item_versions WHERE kind = 'acceptance'`);
  const needCadences = none(sql`SELECT 1 FROM playbook_cadence_versions`);
  const needBasis = !needSops && !none(sql`SELECT 1 FROM scenarios WHERE basis_kind IS NULL AND archived_at IS NULL`);
  return { needSops, needChecklist, needAcceptance, needCadences, needBasis, any: needSops || needChecklist || needAcceptance || needCadences || needBasis };
}

/** A workspace without any SOP has no playbook at all (a new one): it cannot be used until the shipped playbook is installed. */
export function playbookMissing(ctx: HandlerContext): boolean {
  return missingPlaybookParts(ctx).needSops;
}

function installMissingPlaybook(ctx: WriteContext): void {
  if (!missingPlaybookParts(ctx).any) return;
  const pb = defaultPlaybook();
  const at = ctx.clock.now().toISOString();
  const shipped: Publication = { at, changeSummary: SHIPPED_SUMMARY, publishedBy: SHIPPED_BY };
  // Looked at again under the write lock: another window may have installed it meanwhile.
  writeTransaction(ctx, (tx) => {
    const { needSops, needChecklist, needAcceptance, needCadences, needBasis } = missingPlaybookParts(ctx);
    const installed: string[] = [];
    if (needSops) {
      for (const sop of pb.sops) insertSop(tx, sop, at, SHIPPED_SUMMARY, SHIPPED_BY);
      for (const sc of pb.scenarios)
        tx.insert(scenarios)
          .values({ id: newId(), createdAt: at, updatedAt: at, ...scenarioColumns(sc) })
          .run();
      installed.push(`${pb.sops.length} SOPs`, `${pb.scenarios.length} scenario checks`);
    }
    if (needChecklist) {
      pb.checklist.forEach((item, i) => insertItem(tx, 'checklist', item, i, 1, shipped));
      installed.push(`${pb.checklist.length} checklist items`);
    }
    if (needAcceptance) {
      pb.acceptanceChecks.forEach((item, i) => insertItem(tx, 'acceptance', item, i, 1, shipped));
      installed.push(`${pb.acceptanceChecks.length} acceptance checks`);
    }
    if (needCadences) {
      for (const c of pb.cadences) insertCadence(tx, c, 1, shipped);
      installed.push(`${pb.cadences.length} review cadences`);
    }
    if (needBasis) {
      // Scenarios stored before each named the SOP item it tests: a shipped scenario whose text is
      // unchanged gets the shipped basis; edited or imported ones keep none until a file names it.
      let n = 0;
      for (const sc of pb.scenarios) {
        const r =
          tx.run(sql`UPDATE scenarios SET basis_kind = ${sc.basis.kind}, basis_index = ${sc.basis.index}, risk = ${sc.risk ?? null}, updated_at = ${at}, version = version + 1
          WHERE slug = ${sc.id} AND basis_kind IS NULL AND role = ${sc.role} AND workflow = ${sc.workflow} AND situation = ${sc.situation} AND answer = ${sc.answer}`);
        n += r.changes;
      }
      if (n > 0) installed.push(`the SOP item tested by ${n} shipped scenario check${n === 1 ? '' : 's'}`);
    }
    if (installed.length) {
      recordChange(tx, ctx, at, {
        entity: 'sop',
        entityId: 'playbook',
        action: 'install',
        summary: `Installed ${pb.name} v${pb.version}: ${installed.join(', ')}`,
      });
    }
  });
}

const RULES_SUMMARY = 'Restored by the app: the readiness gates rely on this';

/**
 * Workspaces whose playbook was imported or edited before the gate items and the first-week cadence
 * were protected: every checklist item the gates rely on comes back (reworded as it was) with the
 * app's rule, no other item keeps a rule, and a first-week review falls due once the first week is
 * over. Each fix is a new version with a summary that says why; a no-op when nothing breaks the rules.
 */
function restorePlaybookRules(ctx: WriteContext): void {
  if (!rulesToRestore(ctx)) return;
  const at = ctx.clock.now().toISOString();
  // Looked at again under the write lock: another window may have restored them meanwhile.
  writeTransaction(ctx, (tx) => {
    const found = rulesToRestore(ctx);
    if (!found) return;
    const { fixes, cadenceFix } = found;
    for (const f of fixes)
      insertItem(tx, 'checklist', f.item, f.position, f.version, { at, changeSummary: `${RULES_SUMMARY} item (${f.why})`, publishedBy: SHIPPED_BY });
    if (cadenceFix) {
      insertCadence(tx, { ...toCadence(cadenceFix), offsetDays: FIRST_WEEK_MIN_OFFSET_DAYS }, cadenceFix.cadence_version + 1, {
        at,
        changeSummary: `Restored by the app: the first-week review falls due once the first week is over (at least ${FIRST_WEEK_MIN_OFFSET_DAYS} days after the pilot starts)`,
        publishedBy: SHIPPED_BY,
      });
    }
    const parts = [
      ...fixes.map((f) => `“${f.item.title}” ${f.why}`),
      ...(cadenceFix ? [`first-week review due ${FIRST_WEEK_MIN_OFFSET_DAYS} days after the pilot starts (was ${cadenceFix.offset_days})`] : []),
    ];
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: 'playbook',
      action: 'restore-rules',
      summary: `Restored what the readiness gates rely on: ${parts.join('; ')}`,
    });
  });
}

/** What `restorePlaybookRules` would fix, or null when the playbook keeps the rules. */
function rulesToRestore(ctx: HandlerContext) {
  const latest = latestItemRows(ctx.db, 'checklist', true);
  if (!latest.length) return null;
  const byId = new Map(latest.map((r) => [r.item_id, r]));
  const shipped = defaultPlaybook();
  const fixes: { item: PlaybookItem; position: number; version: number; why: string }[] = [];
  let end = Math.max(...latest.map((r) => r.position)) + 1;
  for (const [id, rule] of Object.entries(GATE_ITEMS)) {
    const cur = byId.get(id);
    const computed = rule ? { computed: rule } : {};
    if (!cur) {
      const item = shipped.checklist.find((c) => c.id === id)!;
      fixes.push({ item: { id, title: item.title, description: item.description, ...computed }, position: end++, version: 1, why: 'put back' });
    } else if (cur.retired || (cur.computed ?? null) !== rule) {
      fixes.push({
        item: { id, title: cur.title, description: cur.description, ...computed },
        position: cur.position,
        version: cur.item_version + 1,
        why: cur.retired ? 'brought back' : 'given back its rule',
      });
    }
  }
  for (const cur of latest) {
    if (cur.retired || Object.hasOwn(GATE_ITEMS, cur.item_id) || cur.computed === null) continue;
    fixes.push({
      item: { id: cur.item_id, title: cur.title, description: cur.description },
      position: cur.position,
      version: cur.item_version + 1,
      why: 'recorded by a person again',
    });
  }
  const firstWeek = latestCadenceRows(ctx.db).find((c) => c.kind === 'first_week');
  const cadenceFix = firstWeek && firstWeek.offset_days !== null && firstWeek.offset_days < FIRST_WEEK_MIN_OFFSET_DAYS ? firstWeek : undefined;
  if (!fixes.length && !cadenceFix) return null;
  return { fixes, cadenceFix };
}

/** Shipped scenarios taken out of the shipped playbook, with the text they shipped with (archived only if unchanged). */
const RETIRED_SHIPPED_SCENARIOS = [
  { slug: 'support-routine-draft', situation: 'The draft for a shipping-status ticket matches the order tracking; you have read it fully.' },
];
const UPGRADE_SUMMARY = 'Shipped playbook update: role-specific examples, refusal rules and escalation, and when to ask';
const ASK_ADDED_SUMMARY = 'Shipped playbook update: added the “when to ask” guidance (your edits are kept)';

/**
 * Workspaces created before SOPs said when to ask: every current SOP without that guidance gets a new
 * version. An SOP still as shipped becomes the new shipped SOP of its cell; an SOP someone edited keeps
 * its text and gains the shipped "when to ask" items. Either way it is a new version, so the operators
 * who signed the old one are asked to retrain, and the history says why. The scenario checks of
 * upgraded shipped cells follow the shipped pool (new situations added, retired ones archived).
 */
export function upgradeShippedPlaybook(ctx: WriteContext): void {
  const staleSops = () => currentSopRows(ctx).filter((r) => !ctx.db.get(sql`SELECT 1 FROM sop_items WHERE sop_version_id = ${r.id} AND kind = 'when_to_ask'`));
  if (staleSops().length === 0) return;
  const pb = defaultPlaybook();
  const at = ctx.clock.now().toISOString();
  // Looked at again under the write lock: another window may have upgraded it meanwhile.
  writeTransaction(ctx, (tx) => {
    const stale = staleSops();
    if (stale.length === 0) return;
    const shippedCells = new Set<string>();
    let edited = 0;
    for (const row of stale) {
      const shipped = pb.sops.find((x) => x.workflow === row.workflow && x.role === row.role);
      if (!shipped) continue;
      if (row.published_by === SHIPPED_BY) {
        insertSop(tx, { ...shipped, version: row.sop_version + 1 }, at, UPGRADE_SUMMARY, SHIPPED_BY);
        shippedCells.add(`${row.workflow}/${row.role}`);
      } else {
        const current = getSop(ctx, { workflow: row.workflow, role: row.role }).sop;
        insertSop(tx, { ...current, whenToAsk: [...shipped.whenToAsk], version: row.sop_version + 1 }, at, ASK_ADDED_SUMMARY, SHIPPED_BY);
        edited++;
      }
    }
    let added = 0;
    for (const sc of pb.scenarios) {
      if (!shippedCells.has(`${sc.workflow}/${sc.role}`)) continue;
      if (ctx.db.get(sql`SELECT 1 FROM scenarios WHERE slug = ${sc.id}`)) continue;
      tx.insert(scenarios)
        .values({ id: newId(), createdAt: at, updatedAt: at, ...scenarioColumns(sc) })
        .run();
      added++;
    }
    for (const r of RETIRED_SHIPPED_SCENARIOS) {
      tx.run(
        sql`UPDATE scenarios SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE slug = ${r.slug} AND situation = ${r.situation} AND archived_at IS NULL`,
      );
    }
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: 'playbook',
      action: 'upgrade',
      summary: `Updated the playbook to ${pb.name} v${pb.version}: ${shippedCells.size} shipped SOP${shippedCells.size === 1 ? '' : 's'} replaced, ${edited} edited SOP${edited === 1 ? '' : 's'} given the “when to ask” guidance, ${added} scenario check${added === 1 ? '' : 's'} added; operators who signed the earlier versions are asked to retrain`,
    });
  });
}
