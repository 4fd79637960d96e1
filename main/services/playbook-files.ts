/**
 * `playbook.export`, `playbook.import`: the workspace's playbook as a file, written only when the
 * workspace would import it again, and a playbook file imported whole or not at all. Installing and
 * upgrading the shipped playbook is in playbook-install.ts.
 */
import { sql } from 'drizzle-orm';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import { parsePlaybook, ROLE_LABEL, WORKFLOW_LABEL, type Playbook, type PlaybookProblem, type Scenario, type Sop } from '@core/playbook/schema';
import { inferBasis } from '@core/playbook/consistency';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { newId } from '@db/ids';
import { scenarios } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { currentAcceptance, currentCadences, currentChecklist, publishCadences, publishItems, type Publication } from './playbook-items';
import { currentSopRows, getSop, insertSop, sameScenario, scenarioColumns, toScenarioWithoutBasis, type ScenarioRow } from './sops';

/**
 * The workspace's current playbook as a file: current SOP versions, scenarios, checklist, acceptance
 * checks and cadences. The file is one the workspace would import: scenarios stored before each named
 * the SOP item it tests get the item their text and key show; when that cannot be told, or the
 * workspace breaks another rule of the file, export is refused with each problem and its fix rather
 * than writing a file that would be refused later.
 */
export function exportPlaybook(ctx: HandlerContext): Playbook {
  const base = defaultPlaybook();
  const sops = currentSopRows(ctx).map((r) => getSop(ctx, { workflow: r.workflow, role: r.role }).sop);
  const scenarioRows = ctx.db.all<ScenarioRow>(sql`SELECT * FROM scenarios WHERE archived_at IS NULL ORDER BY role, slug`);
  const unknown: PlaybookProblem[] = [];
  const exported: Scenario[] = [];
  for (const row of scenarioRows) {
    const sc = toScenarioWithoutBasis(row);
    const sop = sops.find((x) => x.workflow === row.workflow && x.role === row.role);
    const basis = sc.basis ? { basis: sc.basis } : sop ? inferBasis(sop, sc) : undefined;
    if (basis) exported.push({ ...sc, ...basis });
    else {
      unknown.push({
        path: `scenarios.${row.slug}`,
        message: `Scenario “${row.slug}” (${ROLE_LABEL[row.role]}, ${WORKFLOW_LABEL[row.workflow]}, answer ${row.answer}) was stored before scenarios named the SOP item they test, and its text does not show which item that is.`,
      });
    }
  }
  if (unknown.length) {
    const n = unknown.length;
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      `The playbook cannot be exported yet: ${n} scenario check${n === 1 ? '' : 's'} do${n === 1 ? 'es' : ''} not name the SOP item ${n === 1 ? 'it tests' : 'they test'} (${unknown.map((u) => u.path.slice('scenarios.'.length)).join(', ')}), and a playbook file must. Add a basis to ${n === 1 ? 'it' : 'each'} in the playbook file you imported ${n === 1 ? 'it' : 'them'} from (e.g. "basis": { "kind": "refusal_rule", "index": 0 }), or leave ${n === 1 ? 'it' : 'them'} out to retire ${n === 1 ? 'it' : 'them'}, and import that file again.`,
      { issues: unknown },
    );
  }
  // One more for every version published after the first of each SOP, item and cadence.
  const edits = ctx.db.get<{ n: number }>(sql`SELECT
      (SELECT count(*) - count(DISTINCT workflow || '/' || role) FROM sop_versions)
    + (SELECT count(*) - count(DISTINCT kind || '/' || item_id) FROM playbook_item_versions)
    + (SELECT count(*) - count(DISTINCT kind) FROM playbook_cadence_versions) AS n`)!.n;
  const file: Playbook = {
    format: base.format,
    formatVersion: base.formatVersion,
    name: base.name,
    version: edits + 1,
    sops,
    scenarios: exported,
    checklist: currentChecklist(ctx),
    acceptanceChecks: currentAcceptance(ctx),
    cadences: currentCadences(ctx),
  };
  const parsed = parsePlaybook(file);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      `The playbook cannot be exported: the workspace's playbook breaks ${n} rule${n === 1 ? '' : 's'} a playbook file must keep, so the file would be refused on import. ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join(' ')} Fix ${n === 1 ? 'it' : 'them'} on the Playbook page (or import a playbook that keeps the rules), then export again.`,
      { issues: parsed.problems },
    );
  }
  return file;
}

/** Everything an SOP says, in a fixed order: list order matters (scenarios name SOP items by position). */
function sopContent(s: Sop): string {
  return JSON.stringify([
    s.purpose,
    s.whenToUse,
    s.goodExamples.map((e) => [e.text, e.why || null]),
    s.badExamples.map((e) => [e.text, e.why]),
    s.refusalRules,
    [...s.approvalBoundaries.mayApprove].sort(),
    s.approvalBoundaries.bulkApproveLowRisk,
    s.approvalBoundaries.notes,
    s.whenToAsk,
    s.escalation.responsibility,
    s.escalation.triggers,
    s.whenToStop,
  ]);
}

function sameSop(a: Sop, b: Sop): boolean {
  return sopContent(a) === sopContent(b);
}

/** Problems the file schema does not catch but the workspace cannot store: a second cadence for the same kind of review. */
function storageProblems(pb: Playbook): PlaybookProblem[] {
  const first = new Map<string, number>();
  const problems: PlaybookProblem[] = [];
  pb.cadences.forEach((c, i) => {
    const at = first.get(c.kind);
    if (at === undefined) first.set(c.kind, i);
    else problems.push({ path: `cadences[${i}].kind`, message: `Second cadence for ${c.kind} reviews (the first is cadences[${at}]): keep one.` });
  });
  return problems;
}

/**
 * Imports a playbook file, validated whole first so a bad file writes nothing: its secrets were refused
 * before this runs (the registry scans every string of every input once, the file's strings included),
 * then the schema. In one transaction, each SOP, checklist item, acceptance check and
 * cadence that differs from the workspace's current version is published as its next version (items
 * no longer in the file as a retired version); scenarios are replaced.
 */
export function importPlaybook(ctx: WriteContext, content: string) {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (e) {
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The file is not valid JSON (${(e as Error).message}); nothing was imported.`, {
      issues: [{ path: '(file)', message: 'The file is not valid JSON.' }],
    });
  }
  const parsed = parsePlaybook(json);
  const problems = parsed.ok ? storageProblems(parsed.playbook) : parsed.problems;
  if (problems.length) {
    const n = problems.length;
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The playbook file has ${n} problem${n === 1 ? '' : 's'}; nothing was imported.`, { issues: problems });
  }
  const pb = (parsed as { ok: true; playbook: Playbook }).playbook;
  let published = 0;
  let unchanged = 0;
  mutate(ctx, 'sop', (tx, at) => {
    const changeSummary = `Imported from playbook file “${pb.name}” v${pb.version}`;
    const p: Publication = { at, changeSummary, publishedBy: ctx.actor };
    for (const sop of pb.sops) {
      const current = getSop(ctx, { workflow: sop.workflow, role: sop.role }).sop;
      if (sameSop(current, sop)) {
        unchanged++;
        continue;
      }
      insertSop(tx, { ...sop, version: current.version + 1 }, at, changeSummary, ctx.actor);
      published++;
    }
    const checklist = publishItems(tx, 'checklist', pb.checklist, p);
    const acceptance = publishItems(tx, 'acceptance', pb.acceptanceChecks, p);
    const cadences = publishCadences(tx, pb.cadences, p);

    const existing = new Map(ctx.db.all<ScenarioRow>(sql`SELECT * FROM scenarios`).map((r) => [r.slug, r]));
    const listed = new Set(pb.scenarios.map((sc) => sc.id));
    for (const r of existing.values()) {
      if (r.archived_at === null && !listed.has(r.slug))
        tx.run(sql`UPDATE scenarios SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE id = ${r.id}`);
    }
    for (const sc of pb.scenarios) {
      const row = existing.get(sc.id);
      if (!row)
        tx.insert(scenarios)
          .values({ id: newId(), createdAt: at, updatedAt: at, ...scenarioColumns(sc) })
          .run();
      else if (!sameScenario(row, sc)) {
        tx.update(scenarios)
          .set({ ...scenarioColumns(sc), archivedAt: null, updatedAt: at, version: sql`${scenarios.version} + 1` })
          .where(sql`id = ${row.id}`)
          .run();
      }
    }
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    const items = (r: { published: number; retired: number }, what: string) =>
      `${count(r.published, what)} changed${r.retired ? `, ${r.retired} retired` : ''}`;
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: 'playbook',
      action: 'import',
      summary:
        `Imported playbook “${pb.name}” v${pb.version}: ${count(published, 'SOP')} changed, ${unchanged} unchanged; ` +
        `${items(checklist, 'checklist item')}; ${items(acceptance, 'acceptance check')}; ${count(cadences, 'review cadence')} changed; ${count(pb.scenarios.length, 'scenario check')}`,
    });
    return { id: 'playbook' };
  });
  return { published, unchanged, scenarios: pb.scenarios.length };
}
