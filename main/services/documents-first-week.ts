/**
 * The first-week review facts of a site's snapshot (core/documents/model.ts `FirstWeekFacts`): the
 * review, the imports, the five areas, findings with their decisions, repeat flags, the SOP updates
 * published from findings and the operators those updates sent back to training. All by site, through
 * the same reads as the review screen (findings-first-week.ts), so the report says what the screen says.
 */
import { sql } from 'drizzle-orm';
import type { FirstWeekFacts } from '@core/documents/model';
import type { OperatorRole, Workflow } from '@core/playbook/schema';
import { inList } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { siteFindings } from './findings';
import { areaFigures, firstWeekReview } from './findings-first-week';
import { siteFlags } from './findings-flags';
import { whoReader } from './identity';
import { staleSignoffs } from './operators-retraining';

export function firstWeekFacts(ctx: HandlerContext, siteId: string): FirstWeekFacts {
  const who = whoReader(ctx);
  const review = firstWeekReview(ctx, siteId);
  const imports = ctx.db
    .all<{ fileName: string; rows: number; imported: number; masked: number; importedAt: string; importedBy: string }>(
      sql`SELECT file_name AS fileName, rows, imported, masked, imported_at AS importedAt, imported_by AS importedBy
          FROM activity_imports WHERE site_id = ${siteId} ORDER BY imported_at, id`,
    )
    .map((i) => ({ ...i, masked: i.masked === 1, importedBy: who(i.importedBy) }));
  const sopUpdates = ctx.db.all<{ workflow: Workflow; role: OperatorRole; version: number; changeSummary: string; publishedAt: string; findings: number }>(
    sql`SELECT v.workflow, v.role, v.sop_version AS version, v.change_summary AS changeSummary, v.created_at AS publishedAt, count(f.id) AS findings
        FROM findings f JOIN sop_versions v ON v.id = f.sop_version_id
        WHERE f.site_id = ${siteId} GROUP BY v.id ORDER BY v.created_at, v.workflow, v.role`,
  );
  const stale = staleSignoffs(ctx, siteId);
  const staleIds = [...new Set(stale.map((r) => r.operatorId))];
  const names = new Map(
    staleIds.length
      ? ctx.db
          .all<{ id: string; name: string }>(sql`SELECT o.id, p.name FROM operators o JOIN people p ON p.id = o.person_id WHERE o.id IN ${inList(staleIds)}`)
          .map((o) => [o.id, o.name])
      : [],
  );
  return {
    review: {
      state: !review ? 'none' : review.done_at ? 'done' : review.skipped_at ? 'skipped' : 'open',
      dueOn: review?.due_on ?? null,
      doneAt: review?.done_at ?? null,
      doneBy: review?.done_by ? who(review.done_by) : null,
      notes: review?.notes ?? null,
    },
    imports,
    areas: areaFigures(ctx, siteId, review?.id ?? null),
    findings: siteFindings(ctx, siteId)
      .reverse()
      .map((f) => ({
        who: f.who,
        role: f.role,
        category: f.category,
        workflow: f.workflow,
        occurredAt: f.occurredAt,
        summary: f.summary,
        status: f.status,
        decisionNote: f.decisionNote,
        decidedBy: f.decidedBy,
        sopVersion: f.sopUpdate?.version ?? null,
      })),
    flags: siteFlags(ctx, siteId).map((f) => ({
      operatorName: f.operatorName,
      role: f.role,
      category: f.category,
      count: f.count,
      windowDays: f.windowDays,
      ownerName: f.escalationOwner.name,
      ownerEmail: f.escalationOwner.email,
    })),
    sopUpdates,
    retraining: staleIds.map((id) => {
      const rows = stale.filter((r) => r.operatorId === id);
      return { name: names.get(id) ?? id, role: rows[0]!.role, workflows: rows.map((r) => r.workflow) };
    }),
  };
}
