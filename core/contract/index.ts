/**
 * The whole RPC contract: every channel with its input and output schema. Main, preload and the
 * renderer all type themselves against this one object.
 */
import type { z } from 'zod';
import { accessContract } from './access';
import { activityContract } from './activity';
import { backupsContract } from './backups';
import { bundlesContract } from './bundles';
import { brandingContract } from './branding';
import { bulkContract } from './bulk';
import { clientsContract } from './clients';
import { dashboardContract } from './dashboard';
import { documentsContract } from './documents';
import { findingsContract } from './findings';
import { historyContract } from './history';
import { identityContract } from './identity';
import { incidentsContract } from './incidents';
import { jobsContract } from './jobs';
import { operatorsContract } from './operators';
import { overridesContract } from './overrides';
import { ownersContract } from './owners';
import { pausesContract } from './pauses';
import { peopleContract } from './people';
import { playbookContract } from './playbook';
import { portfolioContract } from './portfolio';
import { readinessContract } from './readiness';
import { remindersContract, type ReminderState } from './reminders';
import { reviewsContract } from './reviews';
import { runbookContract } from './runbook';
import { searchContract } from './search';
import { settingsContract } from './settings';
import { sitesContract } from './sites';
import { sopsContract } from './sops';
import { viewsContract } from './views';
import { uploadsContract } from './uploads';
import { updatesContract, type UpdateState } from './updates';
import { workspaceContract } from './workspace';

export const contract = {
  ...clientsContract,
  ...sitesContract,
  ...accessContract,
  ...peopleContract,
  ...ownersContract,
  ...historyContract,
  ...identityContract,
  ...playbookContract,
  ...sopsContract,
  ...overridesContract,
  ...operatorsContract,
  ...readinessContract,
  ...pausesContract,
  ...settingsContract,
  ...reviewsContract,
  ...incidentsContract,
  ...dashboardContract,
  ...viewsContract,
  ...documentsContract,
  ...runbookContract,
  ...jobsContract,
  ...brandingContract,
  ...workspaceContract,
  ...searchContract,
  ...uploadsContract,
  ...activityContract,
  ...findingsContract,
  ...backupsContract,
  ...bundlesContract,
  ...portfolioContract,
  ...bulkContract,
  ...updatesContract,
  ...remindersContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller passes (before defaults and transforms). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from main to the renderer over the single event channel. */
export interface WorkbenchEvents {
  /** Records changed; `count` when a long job tells its writes once, at its end. */
  'data.changed': { entity: string; id: string; count?: number };
  /** An application-menu command the renderer carries out (navigation, theme). */
  'menu.command': { command: 'new-site' | 'new-client' | 'new-person' | 'toggle-theme' | 'command-palette' };
  /** A reminder check found reviews due or overdue (one coalesced summary). */
  'reminders.due': { overdue: number; due: number; title: string; body: string };
  /** The tray count, pause, live calendar or e-mail delivery changed: `reminders.state`'s answer. */
  'reminders.state': ReminderState;
  /** Open a route in the renderer (e.g. after a click on a notification). */
  navigate: { to: string };
  /** Progress of a long job (bulk document export): as each site starts, `done` sites complete before it and `files` written so far. */
  'job.progress': { jobId: string; done: number; total: number; current: string; files: number };
  /** Progress of an activity or portfolio dry run or import (`activity.*`, `portfolio.*`): rows read so far and how far into the file. */
  'import.progress': { jobId: string; phase: 'reading' | 'writing'; rows: number; bytes: number; totalBytes: number };
  /** Another workspace file is open now (switched, created, restored or left recovery): nothing of the old one may stay on screen. */
  'workspace.changed': { file: string };
  /** The application menu asks the page for a workspace dialog it shows itself (the name of a new workspace). */
  'workspace.command': { command: 'new-workspace' };
  /** Progress of a backup being written (`backups.create`): pages copied of the workspace's pages. */
  'backup.progress': { done: number; total: number };
  /** Progress of a handover bundle import (`bundles.import`): the backup taken first, then the write. */
  'bundle.progress': { jobId: string; phase: 'backup' | 'writing' | 'documents'; done: number; total: number };
  /** Progress of a bulk change to many sites (`bulk.preview`, `bulk.apply`): sites done of the total. */
  'bulk.progress': { jobId: string; done: number; total: number };
  /** The app's update state changed (a check, download progress, a version ready to install): `updates.state`'s answer. */
  'updates.state': UpdateState;
  /** A long job ended: finished, cancelled or failed. */
  'job.done': {
    jobId: string;
    folder: string;
    sites: number;
    files: number;
    drafts: number;
    refused: { site: string; document: string; missing: string[] }[];
    cancelled: boolean;
    error: string | null;
  };
}
export type EventName = keyof WorkbenchEvents;
