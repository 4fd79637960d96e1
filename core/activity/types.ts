/**
 * The shapes the first-week rules work on: an activity row after mapping (`NormalizedActivity`), the
 * same row once stored (`RuleEvent`), what the rules need to know about the site (`RuleSite`) and what
 * they report (`DetectedFinding`). Pure data, shared by the import (main) and the rules (core).
 */
import type { Responsibility } from '../domain/responsibilities';
import type { OperatorRole, RiskLevel, Workflow } from '../playbook/vocabulary';
import type { ActivityKind, FindingCategory, FindingRule, MaskKind } from './vocabulary';

/** One row of an export after mapping, validation and masking, before it is stored. */
export interface NormalizedActivity {
  /** Line (CSV, JSON Lines) or item number (JSON array), from 1. */
  line: number;
  /** ISO-8601 UTC, milliseconds included. */
  occurredAt: string;
  actor: string;
  actorName: string | null;
  role: OperatorRole | null;
  eventType: string;
  kind: ActivityKind;
  workflow: Workflow | null;
  planId: string | null;
  risk: RiskLevel | null;
  status: string | null;
  text: string | null;
  affectedRecords: string | null;
  reviewerNote: string | null;
  escalatedTo: string | null;
}

/** A raw row as read from a file: column (header or key) -> cell text (null: empty or absent). */
export type RawRow = Readonly<Record<string, string | null>>;

export type NormalizeResult =
  | { ok: true; row: NormalizedActivity; masked: Record<MaskKind, number> }
  | { ok: false; reason: string }
  /** The row's site column names another site: skipped, not an error. */
  | { ok: 'other-site' };

/** A stored activity row as the rules read it. */
export interface RuleEvent extends Omit<NormalizedActivity, 'line'> {
  id: string;
  /** The actor as written, case-folded (core/activity/actors.ts `actorKey`). */
  actorKey: string;
  operatorId: string | null;
  /** The operator's name when matched, else the actor as written. */
  who: string;
}

/** What an operator of a role may approve at the site: its access model, else its SOP's approval boundary. */
export interface ApprovalLimit {
  mayApprove: readonly RiskLevel[];
  bulkLowRisk: boolean;
}

/** What the rules need to know about the site and its playbook. */
export interface RuleSite {
  /** The approval limit of each role (roles absent approve nothing). */
  approval: Partial<Record<OperatorRole, ApprovalLimit>>;
  /**
   * Who an escalation in each workflow should go to: the responsibility its SOP names and the site's
   * owner of it (name and email, as recorded; null when nobody is assigned).
   */
  escalation: Record<Workflow, { responsibility: Responsibility; name: string | null; email: string | null }>;
  /** Longest time (minutes) from a failure or incident to its escalation. */
  escalationLimitMinutes: number;
}

export interface DetectedFinding {
  rule: FindingRule;
  category: FindingCategory;
  /** The rows behind it (RuleEvent ids), in time order. */
  eventIds: string[];
  /** Who it is about: the actor of the row that shows the mistake. */
  actorKey: string;
  operatorId: string | null;
  who: string;
  role: OperatorRole | null;
  /** The SOP it concerns. */
  workflow: Workflow;
  occurredAt: string;
  /** What was seen, in plain words (quotes masked text only). */
  summary: string;
  /** Rule and rows: the same finding found again has the same fingerprint. */
  fingerprint: string;
}
