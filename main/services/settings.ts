import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { Settings } from '../../core/contract/readiness';
import { isValidTimeZone } from '../../core/domain/cadence';
import { workspaceMeta } from '../../db/schema/index';
import type { HandlerContext } from '../rpc/context';
import { recordChange } from './change-log';
import { notFound } from './errors';

/** The machine's zone: the default until the workspace names one. */
export function machineTimeZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && isValidTimeZone(tz) ? tz : 'UTC';
}

const DEFAULTS = (): Settings => ({
  verificationMaxAgeDays: 90,
  timeZone: machineTimeZone(),
  reminderTime: '09:00',
  quietHoursStart: null,
  quietHoursEnd: null,
  desktopNotifications: true,
  mePersonId: null,
});

const LABELS: Record<keyof Settings, string> = {
  verificationMaxAgeDays: 'Owner verifications count for (days)',
  timeZone: 'Time zone',
  reminderTime: 'Reminder time',
  quietHoursStart: 'Quiet hours start',
  quietHoursEnd: 'Quiet hours end',
  desktopNotifications: 'Desktop notifications',
  mePersonId: 'You are',
};

/** Each setting is one row of workspace_meta, its value JSON-encoded (one editable fact per row). */
export function getSettings(ctx: Pick<HandlerContext, 'db'>): Settings {
  const rows = ctx.db.all<{ key: string; value: string }>(sql`SELECT key, value FROM workspace_meta WHERE key LIKE 'setting.%' OR key = 'verificationMaxAgeDays'`);
  const out = DEFAULTS();
  for (const r of rows) {
    const key = (r.key === 'verificationMaxAgeDays' ? r.key : r.key.slice('setting.'.length)) as keyof Settings;
    if (!(key in out)) continue;
    try {
      (out as Record<string, unknown>)[key] = key === 'verificationMaxAgeDays' ? Number(r.value) : JSON.parse(r.value);
    } catch {
      // A value this version cannot read keeps its default.
    }
  }
  if (!isValidTimeZone(out.timeZone)) out.timeZone = machineTimeZone();
  return out;
}

const show = (v: unknown) => (v === null ? 'none' : typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));

export function updateSettings(ctx: HandlerContext, input: ParsedInputOf<'settings.update'>): Settings {
  const at = ctx.clock.now().toISOString();
  const before = getSettings(ctx);
  if (input.mePersonId) {
    const p = ctx.db.get<{ id: string }>(sql`SELECT id FROM people WHERE id = ${input.mePersonId}`);
    if (!p) throw notFound('Person', input.mePersonId);
  }
  const changed = (Object.keys(input) as (keyof Settings)[]).filter((k) => input[k] !== undefined && input[k] !== before[k]);
  if (changed.length === 0) return before;
  ctx.db.$client.transaction(() => {
    for (const key of changed) {
      const value = key === 'verificationMaxAgeDays' ? String(input[key]) : JSON.stringify(input[key]);
      const metaKey = key === 'verificationMaxAgeDays' ? key : `setting.${key}`;
      ctx.db.insert(workspaceMeta).values({ key: metaKey, value, updatedAt: at }).onConflictDoUpdate({ target: workspaceMeta.key, set: { value, updatedAt: at } }).run();
    }
    recordChange(ctx.db, ctx, at, {
      entity: 'site',
      entityId: 'settings',
      action: 'settings',
      summary: `Settings changed: ${changed
        .map((k) => (k === 'verificationMaxAgeDays' ? `owner verifications now count for ${input[k]} days (was ${before[k]})` : `${LABELS[k]} ${show(input[k])} (was ${show(before[k])})`))
        .join('; ')}`,
    });
  })();
  return getSettings(ctx);
}
