import { z } from 'zod';
import { FIX_PLACES } from '../domain/blocker-fix';
import { ROLLOUT_STAGES } from '../domain/stages';
import { Id, Timestamp } from './fields';
import { RepeatFlag } from './findings';

export const Portfolio = z.object({
  byStage: z.array(z.object({ stage: z.enum(ROLLOUT_STAGES), count: z.number().int() })),
  /** Active sites whose next stage is blocked by a readiness gate. */
  blocked: z.number().int(),
  /**
   * Every reason that blocks a next stage, most sites first (owner names and figures removed so
   * reasons group; the text is what the Sites list's `reason` filter takes), with the sites it is the
   * only reason for and where it is fixed.
   */
  topReasons: z.array(z.object({ reason: z.string(), sites: z.number().int(), onlyReasonSites: z.number().int(), fix: z.enum(FIX_PLACES) })),
  ownerGaps: z.number().int(),
  incomplete: z.number().int(),
  /** Active sites with high-risk activity paused by a pause record (not the rollout stage Paused). */
  pausedSites: z.number().int(),
  /** The latest of those pauses (at most 50). */
  paused: z.array(z.object({ siteId: Id, siteName: z.string(), reason: z.string(), pausedAt: Timestamp })),
  /** Active sites with at least one open incident, and how many open incidents they have. */
  incidentSites: z.number().int(),
  openIncidentCount: z.number().int(),
  /** The most severe and latest of those incidents (at most 50). */
  openIncidents: z.array(z.object({ id: Id, siteId: Id, siteName: z.string(), title: z.string(), severity: z.string(), occurredAt: Timestamp })),
  /** Operators to escalate: repeat flags over active sites, how many, and the most pressing (at most 20). */
  repeatFlagCount: z.number().int(),
  repeatFlags: z.array(RepeatFlag),
});

export const dashboardContract = {
  'dashboard.portfolio': { input: z.object({}).default({}), output: Portfolio },
} as const;
