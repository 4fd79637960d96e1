import { z } from 'zod';
import { ITEM_STATUSES } from '../domain/readiness';
import { ROLLOUT_STAGES } from '../domain/stages';
import { WORKFLOWS } from '../playbook/schema';
import { Id, optionalNote, Timestamp } from './fields';

const ItemStatus = z.enum(ITEM_STATUSES, { error: 'Status must be open, done, not applicable or blocked.' });

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

export const GateState = z.object({
  gate: z.enum(['invite_wider_team', 'enable_write_workflows']),
  label: z.string(),
  ok: z.boolean(),
  reasons: z.array(z.string()),
});

export const Pause = z.object({
  id: Id,
  reason: z.string(),
  pausedBy: z.string(),
  pausedAt: Timestamp,
  workflows: z.array(z.enum(WORKFLOWS)),
});
export type Pause = z.infer<typeof Pause>;

export const GateOverride = z.object({
  id: Id,
  gate: z.string(),
  action: z.string(),
  reasons: z.string(),
  overrideReason: z.string(),
  actor: z.string(),
  at: Timestamp,
});

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
} as const;
