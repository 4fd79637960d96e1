/**
 * What the scale profile's steps share: the workspace's playbook and settings read once through the
 * services, the writer, the random source, the seed's clock, and each site as it stands so far (its
 * owners and open reviews), so a step writes what the service would without reading it back.
 */
import { sql } from 'drizzle-orm';
import { REVIEW_KINDS, type ReviewKind } from '@core/domain/cadence';
import type { RehearsalFact } from '@core/domain/rollback-currency';
import type { ChecklistItem } from '@core/playbook/schema';
import { OPERATOR_ROLES, type OperatorRole, type Workflow } from '@core/playbook/vocabulary';
import type { RoleMapping } from '@core/contract/access';
import type { DrawableScenario } from '@core/playbook/scenario-draw';
import type { FirstWeekFact } from '@core/domain/readiness';
import type { Responsibility } from '@core/domain/responsibilities';
import type { RolloutStage } from '@core/domain/stages';
import type { HandlerContext } from '@main/rpc/context';
import { currentChecklist } from '@main/services/playbook-items';
import { allSopsPublished } from '@main/services/readiness';
import { cadence, defaultRrule } from '@main/services/reviews';
import { getSettings } from '@main/services/settings';
import { currentSopRows, type SopRow } from '@main/services/sops';
import type { randomSource } from './portfolio-data';
import type { ScaleWriter } from './scale-writer';

/** The playbook and settings every site's records follow, read once. */
export interface ScaleRefs {
  timeZone: string;
  maxVerificationAgeDays: number;
  /** Settings: how long a backup and a passed restore rehearsal count for. */
  maxBackupAgeDays: number;
  maxRehearsalAgeDays: number;
  offsets: Record<ReviewKind, number>;
  rrule: string;
  sops: Map<OperatorRole, SopRow[]>;
  scenarios: Map<OperatorRole, DrawableScenario[]>;
  checklist: ChecklistItem[];
  sopsComplete: boolean;
}

export function readRefs(ctx: HandlerContext): ScaleRefs {
  const settings = getSettings(ctx);
  const offsets = Object.fromEntries(REVIEW_KINDS.map((k) => [k, cadence(ctx, k).offsetDays ?? 0])) as Record<ReviewKind, number>;
  const scenarios = new Map<OperatorRole, DrawableScenario[]>();
  const sops = new Map<OperatorRole, SopRow[]>();
  for (const role of OPERATOR_ROLES) {
    sops.set(role, currentSopRows(ctx, role));
    scenarios.set(
      role,
      ctx.db.all<DrawableScenario>(sql`SELECT id, workflow, answer FROM scenarios WHERE role = ${role} AND archived_at IS NULL ORDER BY slug`),
    );
  }
  return {
    timeZone: settings.timeZone,
    maxVerificationAgeDays: settings.verificationMaxAgeDays,
    maxBackupAgeDays: settings.maxBackupAgeDays,
    maxRehearsalAgeDays: settings.maxRehearsalAgeDays,
    offsets,
    rrule: defaultRrule(ctx),
    sops,
    scenarios,
    checklist: currentChecklist(ctx),
    sopsComplete: allSopsPublished(ctx),
  };
}

export interface ScalePerson {
  id: string;
  name: string;
  email: string;
}

export interface ScaleClient {
  id: string;
  name: string;
  slug: string;
  /** Active client people, who own some responsibilities and work as operators. */
  staff: ScalePerson[];
}

export interface OpenReview {
  id: string;
  kind: ReviewKind;
  reason: string;
  dueOn: string;
  version: number;
  createdAt: string;
  /** Operators waiting for this review (before-new-users). */
  operators: string[];
}

export interface OwnerState {
  id: string;
  owner: ScalePerson;
  backup: ScalePerson | null;
  verifiedAt: string | null;
  verifiedBy: ScalePerson | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A site as the seed has written it so far. */
export interface ScaleSite {
  id: string;
  client: ScaleClient;
  name: string;
  productionUrl: string;
  stagingUrl: string | null;
  sophmateVersion: string | null;
  wordpressVersion: string | null;
  phpVersion: string | null;
  woocommerceVersion: string | null;
  activeTheme: string | null;
  host: string | null;
  aiProvider: string | null;
  stage: RolloutStage;
  notes: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  owners: Map<Responsibility, OwnerState>;
  open: Map<ReviewKind, OpenReview>;
  firstWeek: FirstWeekFact | null;
  /** The last change to what a rollback plan says (owner assignments, edits): the "Rollback plan current" item. */
  rollbackChangedAt: string | null;
  /** The last backup day and the restore rehearsals as recorded (scale-runbook.ts). */
  backups: { lastBackupOn: string | null; latestRehearsal: RehearsalFact | null; lastPassedRehearsalOn: string | null };
  manual: Record<string, { status: 'done'; evidence: string; reason: null }>;
  /** When the pilot began (the first week the activity export covers); null before any pilot. */
  pilotAt: string | null;
  /** The access model once recorded (Setup → Access model). */
  access: { enabled: Workflow[]; roles: RoleMapping[]; firstRunDone: boolean } | null;
  /** The site's operators, who act in its activity export. */
  team: { person: ScalePerson; role: OperatorRole }[];
}

export interface ScaleCounts {
  clients: number;
  sites: number;
  people: number;
  operators: number;
}

export type ScaleEnv = ReturnType<typeof randomSource> & {
  w: ScaleWriter;
  refs: ScaleRefs;
  actor: string;
  /** The seed's clock in ms; `next()` moves it a second on and answers the time of the next change. */
  time: { tick: number };
  next(): string;
  end: number;
  endDay: string;
  firstSiteAt: number;
  agency: ScalePerson[];
  counts: ScaleCounts;
};
