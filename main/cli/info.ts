/**
 * `rollout-workbench info`: the workspace at a glance for a lead. The file (size, schema version,
 * read-only or not, time zone), records active and archived, sites by stage and what needs attention
 * (high-risk activity paused, blocked at a gate, incomplete, owner gaps), reviews overdue and due,
 * open incidents and the last change. The portfolio numbers come from the Dashboard's own query
 * (dashboard.portfolio) and the review counts from the Reviews page's (reviews.summary), so the
 * three always agree.
 */
import fs from 'node:fs';
import type { OutputOf } from '@core/contract/index';
import { lastChange } from '../services/history';
import { whoReader } from '../services/identity';
import { getSettings } from '../services/settings';
import { recordCounts } from '../services/workspace';
import type { Session } from '../session';
import { call, type CliIo } from './common';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileBytes(file: string): { file: number; log: number } {
  const of = (f: string) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  };
  return { file: of(file), log: of(`${file}-wal`) };
}

/** Everything `info` reports, as `info --json` prints it. */
export async function workspaceGlance(session: Session) {
  const info = (await call(session, 'workspace.info', {})) as OutputOf<'workspace.info'>;
  const records = recordCounts(session.ctx);
  const portfolio = (await call(session, 'dashboard.portfolio', {})) as OutputOf<'dashboard.portfolio'>;
  const reviews = (await call(session, 'reviews.summary', {})) as OutputOf<'reviews.summary'>;
  const last = lastChange(session.ctx);
  return {
    ...info,
    bytes: fileBytes(info.path),
    timeZone: getSettings(session.ctx).timeZone,
    records,
    stages: Object.fromEntries(portfolio.byStage.map((s) => [s.stage, s.count])),
    attention: {
      highRiskPaused: portfolio.pausedSites,
      blocked: portfolio.blocked,
      incomplete: portfolio.incomplete,
      ownerGaps: portfolio.ownerGaps,
      openIncidents: portfolio.openIncidentCount,
      incidentSites: portfolio.incidentSites,
    },
    reviews,
    lastChange: last ? { ...last, actor: whoReader(session.ctx)(last.actor) } : null,
  };
}

export async function runInfo(session: Session, json: boolean, io: CliIo): Promise<number> {
  const g = await workspaceGlance(session);
  if (json) {
    io.out(JSON.stringify(g, null, 2));
    return 0;
  }
  const counted = (n: { active: number; archived: number }) => `${n.active} active, ${n.archived} archived`;
  io.out(`Workspace: ${g.path} (${size(g.bytes.file)}${g.bytes.log ? `, write-ahead log ${size(g.bytes.log)}` : ''})`);
  io.out(`Schema version: ${g.schemaVersion}`);
  if (g.readOnly) io.out(`Read-only: ${g.readOnlyReason ?? 'yes'} (changes cannot be saved)`);
  io.out(`Time zone: ${g.timeZone} (today is ${g.reviews.today})`);
  io.out(`Sites: ${counted(g.records.sites)}`);
  io.out(
    `  by stage: ${Object.entries(g.stages)
      .map(([stage, n]) => `${stage} ${n}`)
      .join(', ')}`,
  );
  io.out(`Clients: ${counted(g.records.clients)}`);
  io.out(`People: ${counted(g.records.people)}`);
  io.out(
    `Needs attention: ${g.attention.highRiskPaused} with high-risk activity paused, ${g.attention.blocked} blocked at a gate, ` +
      `${g.attention.incomplete} with an incomplete setup record, ${g.attention.ownerGaps} with owner gaps`,
  );
  io.out(`Reviews: ${g.reviews.overdue} overdue, ${g.reviews.due} due today, ${g.reviews.upcoming} upcoming within 7 days`);
  io.out(`Open incidents: ${g.attention.openIncidents}${g.attention.openIncidents ? ` on ${g.attention.incidentSites} site(s)` : ''}`);
  if (g.lastChange) io.out(`Last change: ${g.lastChange.at.slice(0, 16).replace('T', ' ')} UTC by ${g.lastChange.actor}: ${g.lastChange.summary}`);
  return 0;
}
