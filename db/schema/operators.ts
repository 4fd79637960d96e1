import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { OPERATOR_ACCESS } from '@core/domain/access-gate';
import { OPERATOR_ROLES } from '@core/playbook/schema';
import { sqlValues, syncColumns } from './common';
import { people } from './people';
import { scenarios, sopVersions } from './playbook';
import { sites } from './sites';

/** A person with a SophMate role on a site. Access is granted only through the access gate. */
export const operators = sqliteTable(
  'operators',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role', { enum: OPERATOR_ROLES }).notNull(),
    access: text('access', { enum: OPERATOR_ACCESS }).notNull().default('none'),
    accessChangedAt: text('access_changed_at'),
    /** Written reason when access was granted although the gate was not met. */
    accessOverrideReason: text('access_override_reason'),
    revokeReason: text('revoke_reason'),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('operators_one_role_per_person_site')
      .on(t.siteId, t.personId, t.role)
      .where(sql`${t.archivedAt} is null`),
    index('operators_person').on(t.personId),
    check('operators_access_valid', sql`${t.access} in (${sqlValues(OPERATOR_ACCESS)})`),
  ],
);

/** The operator acknowledged exactly this SOP version. */
export const trainingSignoffs = sqliteTable(
  'training_signoffs',
  {
    ...syncColumns(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
    sopVersionId: text('sop_version_id')
      .notNull()
      .references(() => sopVersions.id),
    signedAt: text('signed_at').notNull(),
  },
  (t) => [uniqueIndex('training_signoffs_once').on(t.operatorId, t.sopVersionId)],
);

export const scenarioChecks = sqliteTable(
  'scenario_checks',
  {
    ...syncColumns(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
    takenAt: text('taken_at').notNull(),
    correct: integer('correct').notNull(),
    total: integer('total').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('scenario_checks_operator').on(t.operatorId, t.takenAt), check('scenario_checks_score', sql`${t.correct} between 0 and ${t.total}`)],
);

export const scenarioCheckAnswers = sqliteTable(
  'scenario_check_answers',
  {
    ...syncColumns(),
    checkId: text('check_id')
      .notNull()
      .references(() => scenarioChecks.id),
    scenarioId: text('scenario_id')
      .notNull()
      .references(() => scenarios.id),
    answer: text('answer').notNull(),
    correct: integer('correct', { mode: 'boolean' }).notNull(),
  },
  (t) => [uniqueIndex('scenario_check_answers_once').on(t.checkId, t.scenarioId)],
);

/**
 * The situations drawn for one attempt at an operator's scenario check. Each attempt draws its own set
 * (different from the last attempt), so a retake tests reading rather than memory; the answers are
 * submitted against the draw, and `check_id` links it to its result.
 */
export const scenarioDraws = sqliteTable(
  'scenario_draws',
  {
    ...syncColumns(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
    drawnAt: text('drawn_at').notNull(),
    checkId: text('check_id').references(() => scenarioChecks.id),
  },
  (t) => [
    index('scenario_draws_operator').on(t.operatorId, t.drawnAt),
    // One unanswered attempt per operator at a time.
    uniqueIndex('scenario_draws_one_open')
      .on(t.operatorId)
      .where(sql`${t.checkId} is null`),
  ],
);

export const scenarioDrawItems = sqliteTable(
  'scenario_draw_items',
  {
    ...syncColumns(),
    drawId: text('draw_id')
      .notNull()
      .references(() => scenarioDraws.id),
    scenarioId: text('scenario_id')
      .notNull()
      .references(() => scenarios.id),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('scenario_draw_items_once').on(t.drawId, t.scenarioId), uniqueIndex('scenario_draw_items_position').on(t.drawId, t.position)],
);
