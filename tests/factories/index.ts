/**
 * Test factories: `build<Thing>(overrides)` creates one record through the channels, as a user would,
 * with sensible unique defaults, and creates what it needs first (a site needs a client, an owner
 * assignment a site and a person). Pass what the test is about; leave the rest to the defaults.
 *
 *   const { buildSite, buildOperator } = factories(ws.call);          // db and rpc tests
 *   test('…', async ({ factories: { buildSite } }) => { … });       // E2E tests (tests/e2e/fixtures.ts)
 *
 * Written once against `Call` (./call.ts), so db, rpc and E2E tests build records the same way.
 * Defaults are numbered per workspace (each `factories(...)` counts from 1) and named so they do not
 * meet a seeded portfolio's names or URLs.
 */
import { REVIEW_AREA_LABEL, REVIEW_AREAS } from '@core/activity/vocabulary';
import type { InputOf, OutputOf } from '@core/contract/index';
import type { Operator } from '@core/contract/operators';
import { OPERATOR_ROLES, type Workflow } from '@core/playbook/schema';
import type { Call } from './call';
import { RUNBOOK_EXAMPLE } from '../../scripts/seed/runbook-data';

export type { Call } from './call';
export { callOver } from './call';

type Site = OutputOf<'sites.create'>;
type Person = OutputOf<'people.create'>;
type Review = OutputOf<'reviews.forSite'>['reviews'][number];

/**
 * What was found in each of the five things a first-week review looks at, as `reviews.completeFirstWeek`
 * takes it (a first-week review is completed only through it): `found` prefixed by the area's name.
 */
export function firstWeekAreas(found = 'looked at every event of the week, nothing to change'): InputOf<'reviews.completeFirstWeek'>['areas'] {
  return REVIEW_AREAS.map((area) => ({ area, found: `${REVIEW_AREA_LABEL[area]}: ${found}` }));
}

export function factories(call: Call) {
  let n = 0;
  const next = () => ++n;

  async function buildClient(overrides: Partial<InputOf<'clients.create'>> = {}) {
    return call('clients.create', { name: `Test Client ${next()}`, ...overrides });
  }

  /** A site of a new client (or of `clientId`), in planning unless `stage` says otherwise. */
  async function buildSite(overrides: Partial<InputOf<'sites.create'>> = {}): Promise<Site> {
    const clientId = overrides.clientId ?? (await buildClient()).id;
    const i = next();
    return call('sites.create', { name: `Test Site ${i}`, productionUrl: `https://shop-${i}.factory.test`, ...overrides, clientId });
  }

  /** An agency person unless `organisation: 'client'` (then of a new client, or of `clientId`). */
  async function buildPerson(overrides: Partial<InputOf<'people.create'>> = {}): Promise<Person> {
    const i = next();
    const organisation = overrides.organisation ?? 'agency';
    const clientId = organisation === 'client' ? (overrides.clientId ?? (await buildClient()).id) : null;
    return call('people.create', { name: `Test Person ${i}`, email: `person-${i}@factory.test`, ...overrides, organisation, clientId });
  }

  /**
   * Assigns an owner for one responsibility (hosting unless named) on a new site or `siteId`, to a new
   * person or `ownerId`. `verifiedById` (or `verified: true`, a new agency person verifying) also
   * records that someone else confirmed the owner can do it. Returns the site's owner matrix.
   */
  async function buildOwnerAssignment(
    overrides: Partial<InputOf<'owners.assign'>> & { verifiedById?: string; verified?: boolean } = {},
  ): Promise<OutputOf<'owners.assign'>> {
    const { verifiedById, verified, ...assign } = overrides;
    const siteId = assign.siteId ?? (await buildSite()).id;
    const ownerId = assign.ownerId ?? (await buildPerson()).id;
    const responsibility = assign.responsibility ?? 'hosting';
    const matrix = await call('owners.assign', { ...assign, siteId, responsibility, ownerId });
    const verifier = verifiedById ?? (verified ? (await buildPerson()).id : undefined);
    if (!verifier) return matrix;
    return call('owners.verify', { siteId, responsibility, verifiedById: verifier });
  }

  /**
   * Records a site's access model: the given workflows enabled (Read-only Copilot unless named), every
   * operator role mapped (store managers and administrators may approve), and the First-Run Checklist
   * completed by `completedById` (a new agency person unless given).
   */
  async function buildAccessModel(
    overrides: { siteId?: string; enabledWorkflows?: Workflow[]; completedById?: string; version?: number } & Partial<InputOf<'access.update'>> = {},
  ): Promise<OutputOf<'access.update'>> {
    const { enabledWorkflows = ['read_only_copilot'], completedById, version = 0, ...rest } = overrides;
    const siteId = rest.siteId ?? (await buildSite()).id;
    const firstRunCompletedById = rest.firstRunCompletedById ?? completedById ?? (await buildPerson()).id;
    return call('access.update', {
      version,
      enabledWorkflows,
      roles: OPERATOR_ROLES.map((role) => ({
        role,
        wordpressRole: `${role.replace(/_/g, ' ')} + SophMate`,
        maxApproveRisk: role === 'administrator' ? 'high' : role === 'store_manager' ? 'medium' : role === 'editor' ? 'low' : 'none',
      })),
      providerTier: 'Business',
      bulkApprovalRisk: null,
      firstRunCompletedOn: '2026-02-27',
      ...rest,
      siteId,
      firstRunCompletedById,
    });
  }

  /**
   * Passes the operator's scenario check with the right answers, found in the exported playbook
   * (attempts carry database ids and the playbook its slugs: both carry the situation, unique within
   * a role). `wrong` answers the first few wrong on purpose.
   */
  async function passScenarioCheck(op: Pick<Operator, 'id' | 'role'>, wrong = 0): Promise<OutputOf<'operators.submitScenarioCheck'>> {
    const attempt = await call('operators.startScenarioCheck', { operatorId: op.id });
    const { scenarios } = await call('playbook.export', {});
    const answers: Record<string, OutputOf<'playbook.export'>['scenarios'][number]['answer']> = {};
    attempt.questions.forEach((q, i) => {
      const right = scenarios.find((s) => s.role === op.role && s.situation === q.situation)!.answer;
      answers[q.id] = i < wrong ? (right === 'stop' ? 'approve' : 'stop') : right;
    });
    return call('operators.submitScenarioCheck', { operatorId: op.id, attemptId: attempt.attemptId, answers });
  }

  /**
   * An operator (support agent unless `role` says otherwise) on a new site or `siteId`, for a new
   * client person of the site's client or `personId`. `trained: true` signs off every SOP of the role
   * and passes the scenario check; the operator returned is as it stands after that.
   */
  async function buildOperator(overrides: Partial<InputOf<'operators.add'>> & { trained?: boolean } = {}): Promise<Operator> {
    const { trained = false, ...add } = overrides;
    const site = add.siteId ? await call('sites.get', { id: add.siteId }) : await buildSite();
    const personId = add.personId ?? (await buildPerson({ organisation: 'client', clientId: site.clientId })).id;
    const op = await call('operators.add', { role: 'support_agent', ...add, siteId: site.id, personId });
    if (!trained) return op;
    await call('operators.signOff', { operatorId: op.id });
    const result = await passScenarioCheck(op);
    if (!result.passed) throw new Error(`buildOperator: the scenario check of ${op.id} did not pass with the playbook's answers.`);
    return result.operator;
  }

  /** An open incident on a new site or `siteId`, happened at 2026-03-01 09:00 UTC unless said. */
  async function buildIncident(overrides: Partial<InputOf<'incidents.open'>> = {}): Promise<OutputOf<'incidents.open'>> {
    const siteId = overrides.siteId ?? (await buildSite()).id;
    return call('incidents.open', {
      severity: 'medium',
      title: `Test incident ${next()}`,
      whatHappened: 'A product-copy plan changed size charts on 12 products.',
      affectedWorkflow: 'product_copy',
      occurredAt: '2026-03-01T09:00:00.000Z',
      ...overrides,
      siteId,
    });
  }

  /**
   * A planned review of a site (a new site's initial-setup review unless `kind` names another the site
   * has open). Reviews are planned by the app, never created by hand: this finds the one planned.
   * `done` completes it with notes (the next review it plans is in `next`); a first-week review is
   * completed as its screen does, with a note on each of its five areas (`overrideReason` to finish it
   * before its week is over).
   */
  async function buildReview(
    overrides: { siteId?: string; kind?: Review['kind']; done?: boolean; notes?: string; overrideReason?: string } = {},
  ): Promise<{ review: Review; next: Review | null }> {
    const siteId = overrides.siteId ?? (await buildSite()).id;
    const kind = overrides.kind ?? 'initial_setup';
    const { reviews } = await call('reviews.forSite', { siteId });
    const review = reviews.find((r) => r.kind === kind && (r.state === 'due' || r.state === 'overdue' || r.state === 'upcoming'));
    if (!review)
      throw new Error(`buildReview: the site has no open ${kind} review (it has: ${reviews.map((r) => `${r.kind} ${r.state}`).join(', ') || 'none'}).`);
    if (!overrides.done) return { review, next: null };
    const notes = overrides.notes ?? 'Walked through with the team';
    if (kind === 'first_week')
      return call('reviews.completeFirstWeek', {
        id: review.id,
        version: review.version,
        areas: firstWeekAreas(),
        notes,
        overrideReason: overrides.overrideReason,
      });
    return call('reviews.complete', { id: review.id, version: review.version, notes });
  }

  /**
   * Completes a site's runbook and exports its final rollback plan, which makes the "Rollback plan
   * current" checklist item pass: records the known-good state, sets at the site every runbook fact
   * that resolves to nothing and every list that is empty at every level (RUNBOOK_EXAMPLE), and
   * records a backup and a passed restore rehearsal on the workspace clock's day (the day the
   * known-good state is recorded on). The site needs its rollback, backups and hosting owners first.
   */
  async function buildFinalRollbackPlan(siteId: string): Promise<OutputOf<'documents.generate'>> {
    await completeRunbook(siteId);
    return call('documents.generate', { siteId, kind: 'rollback_plan', format: 'md', final: true });
  }

  /**
   * Everything a final rollback plan and support path need that the site's runbook lacks (see
   * buildFinalRollbackPlan), and a backup and a passed rehearsal today. Returns the site's runbook.
   */
  async function completeRunbook(siteId: string): Promise<OutputOf<'runbook.get'>> {
    const branding = await call('branding.get', {});
    if (!branding.agencyName) await call('branding.update', { agencyName: 'Brightpath Agency', footer: '', logo: null, texts: {} });
    const facts = await call('documents.markKnownGood', { siteId });
    const today = facts.knownGood!.recordedOn;
    const scope = { siteId };
    let view = await call('runbook.get', { scope });
    const missing = view.fields.filter((f) => f.value === null).map((f) => f.key);
    if (missing.length)
      view = await call('runbook.setValues', {
        scope,
        revision: view.revision,
        values: Object.fromEntries(missing.map((k) => [k, RUNBOOK_EXAMPLE.values[k]])),
      });
    for (const list of view.lists.filter((l) => l.items.length === 0)) {
      const items = RUNBOOK_EXAMPLE.lists[list.list];
      if (items) view = await call('runbook.setList', { scope, list: list.list, items, revision: list.revision } as InputOf<'runbook.setList'>);
    }
    await call('runbook.recordBackup', { siteId, takenOn: today });
    const performer = await buildPerson();
    return call('runbook.recordRehearsal', {
      siteId,
      rehearsedOn: today,
      outcome: 'passed',
      durationMinutes: 45,
      performedById: performer.id,
      notes: 'Restored last night’s backup on staging; checkout and Diagnostics passed.',
    });
  }

  return {
    buildClient,
    buildSite,
    buildPerson,
    buildOwnerAssignment,
    buildAccessModel,
    buildOperator,
    passScenarioCheck,
    buildIncident,
    buildReview,
    buildFinalRollbackPlan,
    completeRunbook,
  };
}

export type Factories = ReturnType<typeof factories>;
