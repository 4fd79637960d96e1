import { z } from 'zod';
import { isValidTimeZone } from '../domain/cadence';
import { ROLLOUT_STAGES } from '../domain/stages';
import { WORKFLOWS } from '../playbook/schema';
import { Id, optionalNote, overrideReasonField, requiredNote, Timestamp } from './fields';

const ItemStatus = z.enum(['open', 'done', 'not_applicable', 'blocked'], { error: 'Status must be open, done, not applicable or blocked.' });

export const ChecklistEntry = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  computed: z.boolean(),
  status: ItemStatus,
  why: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: Timestamp.nullable(),
});

export const GateState = z.object({ gate: z.enum(['invite_wider_team', 'enable_write_workflows']), label: z.string(), ok: z.boolean(), reasons: z.array(z.string()) });

export const Pause = z.object({
  id: Id,
  reason: z.string(),
  pausedBy: z.string(),
  pausedAt: Timestamp,
  workflows: z.array(z.enum(WORKFLOWS)),
});
export type Pause = z.infer<typeof Pause>;

export const GateOverride = z.object({ id: Id, gate: z.string(), action: z.string(), reasons: z.string(), overrideReason: z.string(), actor: z.string(), at: Timestamp });

export const Readiness = z.object({
  siteId: Id,
  checklist: z.array(ChecklistEntry),
  acceptance: z.array(ChecklistEntry),
  gates: z.array(GateState),
  /** The next forward stage and what blocks it; null when the site is in adoption, paused or retired. */
  next: z.object({ stage: z.enum(ROLLOUT_STAGES), ok: z.boolean(), reasons: z.array(z.string()) }).nullable(),
  pause: Pause.nullable(),
  overrides: z.array(GateOverride),
});
export type Readiness = z.infer<typeof Readiness>;

const Clock = (label: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} must be a time such as 09:00 (24-hour clock).` });

const SettingsFields = z.object({
  verificationMaxAgeDays: z
    .number({ error: 'Verification age must be a number of days.' })
    .int({ error: 'Verification age must be a whole number of days.' })
    .min(1, { error: 'Verification age must be at least 1 day.' })
    .max(3650, { error: 'Verification age must be at most 3650 days.' }),
  /** IANA zone whose calendar days reviews are due on, e.g. Europe/London. */
  timeZone: z.string().refine(isValidTimeZone, { error: 'Time zone must be an IANA zone such as Europe/London or America/New_York.' }),
  /** When on its due day a review is announced (desktop reminder, calendar alarm). */
  reminderTime: Clock('Reminder time'),
  /** No desktop notification between these times (the badge still updates); null = none. */
  quietHoursStart: Clock('Quiet hours start').nullable(),
  quietHoursEnd: Clock('Quiet hours end').nullable(),
  desktopNotifications: z.boolean(),
  /** The person using this workspace, for the "Mine" filter. */
  mePersonId: z.string().min(1).max(64).nullable(),
});

function quietHoursBoth(v: { quietHoursStart?: string | null | undefined; quietHoursEnd?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (v.quietHoursStart === undefined && v.quietHoursEnd === undefined) return;
  if (Boolean(v.quietHoursStart) !== Boolean(v.quietHoursEnd)) {
    ctx.addIssue({ code: 'custom', path: [v.quietHoursStart ? 'quietHoursEnd' : 'quietHoursStart'], message: 'Set both the start and the end of quiet hours, or neither.' });
  } else if (v.quietHoursStart && v.quietHoursStart === v.quietHoursEnd) {
    ctx.addIssue({ code: 'custom', path: ['quietHoursEnd'], message: 'Quiet hours must end at another time than they start.' });
  }
}

export const Settings = SettingsFields;
export type Settings = z.infer<typeof Settings>;
/** An update names only the settings it changes. */
export const SettingsUpdate = SettingsFields.partial().superRefine(quietHoursBoth);

export const readinessContract = {
  'readiness.get': { input: z.object({ siteId: Id }), output: Readiness },
  'readiness.setItem': {
    input: z
      .object({
        siteId: Id,
        kind: z.enum(['checklist', 'acceptance']),
        itemId: z.string().min(1).max(80),
        status: ItemStatus,
        evidence: optionalNote('Evidence', 2000),
        reason: optionalNote('Reason', 1000),
      })
      .superRefine((v, ctx) => {
        if ((v.status === 'not_applicable' || v.status === 'blocked') && !v.reason) {
          ctx.addIssue({ code: 'custom', path: ['reason'], message: `Say why the item is ${v.status === 'blocked' ? 'blocked' : 'not applicable'}.` });
        }
        if (v.status === 'done' && !v.evidence) {
          ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'Say what shows it is done (a link, a screenshot name, who confirmed it and when).' });
        }
      }),
    output: Readiness,
  },
  'sites.changeStage': {
    input: z.object({
      siteId: Id,
      version: z.number().int(),
      to: z.enum(ROLLOUT_STAGES, { error: `Stage must be one of: ${ROLLOUT_STAGES.join(', ')}.` }),
      overrideReason: overrideReasonField(),
    }),
    output: Readiness,
  },
  'pauses.pause': {
    input: z.object({
      siteId: Id,
      reason: requiredNote('Reason', 1000),
      workflows: z.array(z.enum(WORKFLOWS)).min(1, { error: 'Choose at least one workflow to pause.' }),
    }),
    output: Readiness,
  },
  'pauses.resume': { input: z.object({ siteId: Id, note: requiredNote('Resume note', 1000) }), output: Readiness },
  'settings.get': { input: z.object({}).default({}), output: Settings },
  'settings.update': { input: SettingsUpdate, output: Settings },
} as const;
