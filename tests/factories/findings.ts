/**
 * First-week activity and findings for db tests, written straight into the tables through the one
 * write path (mutate + recordChange), without an import file: `buildActivityEvents` stores rows as an
 * import would, `buildFinding` a finding as the rules would (linked to its rows). Findings recorded by
 * hand go through `findings.record` like a user.
 */
import { createHash } from 'node:crypto';
import type { ActivityKind, FindingCategory, FindingRule, FindingStatus } from '@core/activity/vocabulary';
import type { OperatorRole, RiskLevel, Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { activityEvents, activityImports, findingEvents, findings } from '@db/schema/index';
import { writerOf, type HandlerContext } from '@main/rpc/context';
import { mutate, recordChange } from '@main/services/change-log';

export interface EventSpec {
  occurredAt: string;
  actor: string;
  kind: ActivityKind;
  operatorId?: string | null;
  role?: OperatorRole | null;
  workflow?: Workflow | null;
  eventType?: string;
  planId?: string | null;
  risk?: RiskLevel | null;
  status?: string | null;
  text?: string | null;
}

/** One imported file of `events` for the site; answers the stored rows' ids in order. */
export function buildActivityEvents(ctx: HandlerContext, siteId: string, events: EventSpec[], opts: { fileName?: string; masked?: boolean } = {}): string[] {
  const w = writerOf(ctx);
  return mutate(w, 'activity_import', (tx, at) => {
    const importId = newId();
    const fileName = opts.fileName ?? 'activity.csv';
    tx.insert(activityImports)
      .values({
        id: importId,
        createdAt: at,
        updatedAt: at,
        siteId,
        fileName,
        fileSha256: createHash('sha256')
          .update(`${fileName}${JSON.stringify(events)}`)
          .digest('hex'),
        rows: events.length,
        imported: events.length,
        duplicates: 0,
        bad: 0,
        masked: opts.masked ?? true,
        importedAt: at,
        importedBy: 'tester',
      })
      .run();
    const ids = events.map((e, i) => {
      const id = newId();
      tx.insert(activityEvents)
        .values({
          id,
          createdAt: at,
          updatedAt: at,
          siteId,
          importId,
          line: i + 2,
          rowKey: createHash('sha256').update(`${importId}:${i}`).digest('hex'),
          occurredAt: e.occurredAt,
          actor: e.actor,
          operatorId: e.operatorId ?? null,
          role: e.role ?? null,
          eventType: e.eventType ?? e.kind,
          kind: e.kind,
          workflow: e.workflow ?? null,
          planId: e.planId ?? null,
          risk: e.risk ?? null,
          status: e.status ?? null,
          text: e.text ?? null,
        })
        .run();
      return id;
    });
    recordChange(tx, w, at, {
      entity: 'activity_import',
      entityId: importId,
      siteId,
      action: 'import',
      summary: `Imported ${events.length} rows of ${fileName}`,
    });
    return { id: importId, ids };
  }).ids;
}

export interface FindingSpec {
  siteId: string;
  operatorId: string | null;
  actor: string;
  role: OperatorRole | null;
  category: FindingCategory;
  rule?: FindingRule;
  workflow: Workflow;
  occurredAt: string;
  summary?: string;
  eventIds?: string[];
  status?: FindingStatus;
}

/** A finding as the rules store it (imported, linked to `eventIds`); answers its id. */
export function buildFinding(ctx: HandlerContext, spec: FindingSpec): string {
  const w = writerOf(ctx);
  return mutate(w, 'finding', (tx, at) => {
    const id = newId();
    const decided = spec.status && spec.status !== 'open';
    tx.insert(findings)
      .values({
        id,
        createdAt: at,
        updatedAt: at,
        siteId: spec.siteId,
        operatorId: spec.operatorId,
        actor: spec.actor,
        role: spec.role,
        category: spec.category,
        rule: spec.rule ?? 'manual',
        summary: spec.summary ?? `${spec.category} seen`,
        workflow: spec.workflow,
        occurredAt: spec.occurredAt,
        source: 'imported',
        status: spec.status ?? 'open',
        fingerprint: id,
        ...(decided ? { decisionNote: 'Decided in the test', decidedAt: at, decidedBy: 'tester' } : {}),
      })
      .run();
    for (const eventId of spec.eventIds ?? []) tx.insert(findingEvents).values({ id: newId(), createdAt: at, updatedAt: at, findingId: id, eventId }).run();
    recordChange(tx, w, at, {
      entity: 'finding',
      entityId: id,
      siteId: spec.siteId,
      action: 'finding-detect',
      summary: `Finding ${spec.category} for ${spec.actor}`,
    });
    return { id };
  }).id;
}
