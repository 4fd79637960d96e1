/**
 * Everything a site's documents say, read once into a snapshot (core/documents/model.ts): the site,
 * its owners, its runbook as resolved (runbook-read.ts), backups and rehearsals, operators, access
 * model, readiness, reviews, open incidents, SOPs, branding, recent changes, final versions so far and
 * the first-week review (documents-first-week.ts). The core builds the document model from it.
 */
import { sql } from 'drizzle-orm';
import type { DocumentKind, SiteSnapshot } from '@core/documents/model';
import { describeRrule } from '@core/domain/cadence';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { ROLE_LABEL, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { inList } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { getAccessModel } from './access';
import { getBranding } from './branding';
import { getFacts } from './documents-facts';
import { firstWeekFacts } from './documents-first-week';
import { whoReader } from './identity';
import { listOperators } from './operators';
import { listOverrides } from './overrides';
import { ownerMatrix } from './owners';
import { getReadiness } from './readiness';
import { siteRunbook } from './runbook-read';
import { lastBackupOn, rehearsalsOf } from './runbook-currency';
import { getSettings } from './settings';
import { reviewsForSite } from './reviews';
import { getSite } from './sites-list';
import { currentSopRows, getSop } from './sops';

/** Per kind, the final exports so far (one export in several formats counts once) and the last one's time. */
function documentVersions(ctx: HandlerContext, siteId: string): SiteSnapshot['documentVersions'] {
  const rows = ctx.db.all<{ kind: DocumentKind; finals: number; lastFinalAt: string | null }>(
    sql`SELECT kind, count(DISTINCT generated_at) AS finals, max(generated_at) AS lastFinalAt
        FROM generated_documents WHERE site_id = ${siteId} AND final = 1 GROUP BY kind`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, { finals: r.finals, lastFinalAt: r.lastFinalAt }]));
}

/**
 * `sops: false` leaves the SOPs out (an empty list): only the SOP pack prints them, and they are most
 * of a snapshot's text, read and scanned for secrets for nothing by the other kinds (documents.ts).
 */
export function siteSnapshot(ctx: HandlerContext, siteId: string, parts: { sops: boolean } = { sops: true }): SiteSnapshot {
  const site = getSite(ctx, siteId);
  const matrix = ownerMatrix(ctx, siteId);
  // Owners' and backup owners' contact details in one read.
  const personIds = [
    ...new Set(matrix.rows.flatMap((r) => (r.assignment ? [r.assignment.ownerId, ...(r.assignment.backupOwnerId ? [r.assignment.backupOwnerId] : [])] : []))),
  ];
  const contacts = new Map(
    personIds.length
      ? ctx.db
          .all<{ id: string; email: string | null; phone: string | null }>(sql`SELECT id, email, phone FROM people WHERE id IN ${inList(personIds)}`)
          .map((p) => [p.id, p])
      : [],
  );
  const readiness = getReadiness(ctx, siteId);
  const facts = getFacts(ctx, siteId);
  const runbook = siteRunbook(ctx, siteId, site.clientId);
  const settings = getSettings(ctx);
  const operators = listOperators(ctx, siteId);
  const reviews = reviewsForSite(ctx, siteId);
  // Who did something, by name; a bare login from before people were actors reads as a device login.
  const who = whoReader(ctx);
  const overrides = listOverrides(ctx, siteId);
  const access = getAccessModel(ctx, siteId);
  // The SOPs of the roles at work on the site: its operators' roles and the roles its access model maps.
  const siteRoles = new Set([...operators.map((o) => o.role), ...access.roles.map((r) => r.role)]);
  const roles = siteRoles.size ? [...siteRoles] : null;
  const sops = !parts.sops
    ? []
    : currentSopRows(ctx)
        .filter((r) => !roles || roles.includes(r.role as OperatorRole))
        .map((r) => ({
          role: r.role as OperatorRole,
          workflow: r.workflow as Workflow,
          sop: getSop(ctx, { workflow: r.workflow as Workflow, role: r.role as OperatorRole }).sop,
          overrides: overrides.filter((o) => o.workflow === r.workflow && o.role === r.role).map((o) => ({ kind: o.kind, text: o.text })),
        }))
        .sort((a, b) => ROLE_LABEL[a.role].localeCompare(ROLE_LABEL[b.role]) || a.workflow.localeCompare(b.workflow));
  const branding = getBranding(ctx);
  const texts = Object.fromEntries(Object.entries(branding.texts).filter(([, v]) => typeof v === 'string' && v.trim())) as Partial<
    Record<DocumentKind, string>
  >;
  return {
    generatedAt: ctx.clock.now().toISOString(),
    branding: { agencyName: branding.agencyName, footer: branding.footer, logo: branding.logo, texts },
    site: {
      id: site.id,
      name: site.name,
      clientName: site.clientName,
      stage: site.stage,
      productionUrl: site.productionUrl,
      stagingUrl: site.stagingUrl,
      sophmateVersion: site.sophmateVersion,
      wordpressVersion: site.wordpressVersion,
      phpVersion: site.phpVersion,
      woocommerceVersion: site.woocommerceVersion,
      activeTheme: site.activeTheme,
      host: site.host,
      aiProvider: site.aiProvider,
      notes: site.notes,
      missingSetup: site.missingSetup,
    },
    owners: RESPONSIBILITIES.map((r) => {
      const a = matrix.rows.find((x) => x.responsibility === r)?.assignment ?? null;
      return {
        responsibility: r,
        name: a?.ownerName ?? null,
        email: a?.ownerEmail ?? null,
        phone: a ? (contacts.get(a.ownerId)?.phone ?? null) : null,
        backupName: a?.backupOwnerName ?? null,
        backupEmail: a?.backupOwnerId ? (contacts.get(a.backupOwnerId)?.email ?? null) : null,
        backupPhone: a?.backupOwnerId ? (contacts.get(a.backupOwnerId)?.phone ?? null) : null,
        verifiedAt: a?.verifiedAt ?? null,
        active: a?.ownerActive ?? false,
      };
    }),
    runbook: {
      knownGood: facts.knownGood,
      values: runbook.values,
      lists: runbook.lists,
      lastBackupOn: lastBackupOn(ctx, siteId),
      rehearsals: rehearsalsOf(ctx, siteId, 5).map((r) => ({
        rehearsedOn: r.rehearsedOn,
        outcome: r.outcome,
        durationMinutes: r.durationMinutes,
        performedBy: r.performedBy,
        notes: r.notes,
      })),
      limits: { maxBackupAgeDays: settings.maxBackupAgeDays, maxRehearsalAgeDays: settings.maxRehearsalAgeDays },
    },
    documentVersions: documentVersions(ctx, siteId),
    operators: operators.map((o) => ({
      name: o.personName,
      role: o.role,
      status: o.status,
      access: o.access,
      workflows: o.accessWorkflows,
      overrideReason: o.accessOverrideReason,
    })),
    accessModel: {
      recorded: access.recorded,
      enabledWorkflows: access.enabledWorkflows,
      roles: access.roles,
      providerTier: access.providerTier,
      bulkApprovalRisk: access.bulkApprovalRisk,
      firstRunCompletedOn: access.firstRunCompletedOn,
      firstRunCompletedByName: access.firstRunCompletedByName,
    },
    checklist: readiness.checklist.map((c) => ({ title: c.title, status: c.status, why: c.why })),
    acceptance: readiness.acceptance.map((c) => ({ title: c.title, status: c.status, why: c.why })),
    gates: readiness.gates.map((g) => ({ label: g.label, ok: g.ok, reasons: g.reasons })),
    gateOverrides: readiness.overrides.map((o) => ({
      gate: o.gate,
      action: o.action,
      reasons: o.reasons,
      overrideReason: o.overrideReason,
      actor: who(o.actor),
      at: o.at,
    })),
    pause: readiness.pause
      ? { reason: readiness.pause.reason, pausedBy: who(readiness.pause.pausedBy), pausedAt: readiness.pause.pausedAt, workflows: readiness.pause.workflows }
      : null,
    reviews: {
      cadence: describeRrule(reviews.schedule.rrule),
      open: reviews.reviews
        .filter((r) => r.state !== 'done' && r.state !== 'skipped')
        .map((r) => ({ kind: r.kind, dueOn: r.dueOn, ownerName: r.ownerName, reason: r.reason })),
      lastDone: reviews.reviews
        .filter((r) => r.state === 'done')
        .slice(0, 5)
        .map((r) => ({ kind: r.kind, doneAt: r.doneAt!, doneBy: r.doneBy === null ? '' : who(r.doneBy), findings: r.findings })),
    },
    incidents: ctx.db
      .all<{ title: string; severity: string; occurredAt: string; affectedWorkflow: string | null; openedBy: string }>(
        sql`SELECT title, severity, occurred_at AS occurredAt, affected_workflow AS affectedWorkflow, opened_by AS openedBy FROM incidents WHERE site_id = ${siteId} AND status = 'open' ORDER BY occurred_at DESC`,
      )
      .map((i) => ({ ...i, openedBy: who(i.openedBy) })),
    sops,
    changes: ctx.db
      .all<{ at: string; actor: string; summary: string }>(
        sql`SELECT at, actor, summary FROM change_log WHERE site_id = ${siteId} AND action <> 'document' ORDER BY at DESC, id DESC LIMIT 20`,
      )
      .map((c) => ({ ...c, actor: who(c.actor) })),
    firstWeek: firstWeekFacts(ctx, siteId),
  };
}
