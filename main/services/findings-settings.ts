/**
 * `findings.settings` / `findings.updateSettings`: the playbook's finding-rule settings (repeats, their
 * window, the escalation limit), versioned like the playbook's cadences: each update publishes the next
 * version with its change summary and a history row. None published yet: the shipped defaults.
 */
import { sql } from 'drizzle-orm';
import { DEFAULT_FINDING_RULE_SETTINGS } from '@core/activity/finding-settings';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import type { FindingRuleSettings } from '@core/contract/findings';
import { newId } from '@db/ids';
import { playbookFindingRuleVersions } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';

interface VersionRow {
  id: string;
  rulesVersion: number;
  repeatThreshold: number;
  repeatWindowDays: number;
  escalationLimitMinutes: number;
}

function latest(ctx: Pick<HandlerContext, 'db'>): VersionRow | undefined {
  return ctx.db.get<VersionRow>(sql`SELECT id, rules_version AS rulesVersion, repeat_threshold AS repeatThreshold,
    repeat_window_days AS repeatWindowDays, escalation_limit_minutes AS escalationLimitMinutes
    FROM playbook_finding_rule_versions ORDER BY rules_version DESC LIMIT 1`);
}

/** The finding-rule settings in force: the latest published version, else the playbook's defaults. */
export function findingRuleSettings(ctx: Pick<HandlerContext, 'db'>): FindingRuleSettings {
  const row = latest(ctx);
  if (!row) return { ...DEFAULT_FINDING_RULE_SETTINGS };
  return { repeatThreshold: row.repeatThreshold, repeatWindowDays: row.repeatWindowDays, escalationLimitMinutes: row.escalationLimitMinutes };
}

export function getFindingSettings(ctx: HandlerContext): OutputOf<'findings.settings'> {
  return findingRuleSettings(ctx);
}

export function updateFindingSettings(ctx: WriteContext, input: ParsedInputOf<'findings.updateSettings'>): OutputOf<'findings.updateSettings'> {
  const { changeSummary, ...changes } = input;
  const before = findingRuleSettings(ctx);
  const after: FindingRuleSettings = {
    repeatThreshold: changes.repeatThreshold ?? before.repeatThreshold,
    repeatWindowDays: changes.repeatWindowDays ?? before.repeatWindowDays,
    escalationLimitMinutes: changes.escalationLimitMinutes ?? before.escalationLimitMinutes,
  };
  const version = (latest(ctx)?.rulesVersion ?? 0) + 1;
  mutate(ctx, 'finding_rules', (tx, at) => {
    const id = newId();
    tx.insert(playbookFindingRuleVersions)
      .values({ id, createdAt: at, updatedAt: at, rulesVersion: version, ...after, changeSummary, publishedBy: ctx.actor })
      .run();
    recordChange(tx, ctx, at, {
      entity: 'finding_rules',
      entityId: id,
      action: 'publish',
      summary: `Published finding rules version ${version}: ${changeSummary}`,
      before,
      after,
    });
    return { id };
  });
  return after;
}
