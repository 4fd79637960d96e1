/**
 * Rows of the raw reads whose columns are renamed or computed (joined names, counts, flags), as SQLite
 * returns them: column names as selected, booleans as 0/1. A read that selects plain columns of one
 * table types its row from the schema instead (`typeof table.$inferSelect`, picked). Each row is turned
 * into its contract shape by the service that reads it (docs/ARCHITECTURE.md, "Reading data").
 */
import type { Incident } from '@core/contract/incidents';
import type { ChangeEntry } from '@core/contract/history';
import type { Site } from '@core/contract/sites';
import type { Responsibility } from '@core/domain/responsibilities';
import type { Workflow } from '@core/playbook/schema';
import type { ORGANISATIONS } from '@core/contract/people';
import type { REMINDER_CHANNELS } from '@core/domain/reminders';

/** main/services/sites-list.ts: a site with its client's name and owner statistics. */
export interface SiteRow {
  id: string;
  client_id: string;
  client_name: string;
  name: string;
  production_url: string;
  staging_url: string | null;
  sophmate_version: string | null;
  wordpress_version: string | null;
  php_version: string | null;
  woocommerce_version: string | null;
  active_theme: string | null;
  host: string | null;
  ai_provider: string | null;
  stage: Site['stage'];
  notes: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  assigned: number;
  unverified: number;
  has_setup_owner: number;
  paused: number;
}

/** main/services/clients.ts: a client with its live site count. */
export interface ClientRow {
  id: string;
  name: string;
  notes: string | null;
  site_count: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** main/services/people.ts: a person with their client's name, assignments and operator roles. */
export interface PersonRow {
  id: string;
  name: string;
  email: string;
  organisation: (typeof ORGANISATIONS)[number];
  client_id: string | null;
  client_name: string | null;
  phone: string | null;
  active: number;
  reminder_channel: (typeof REMINDER_CHANNELS)[number];
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  assignment_count: number;
  operator_roles: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** main/services/owners.ts: an owner assignment with the names of its owner, backup and verifier. */
export interface AssignmentRow {
  id: string;
  site_id: string;
  responsibility: Responsibility;
  owner_id: string;
  owner_name: string;
  owner_email: string;
  owner_active: number;
  owner_archived: string | null;
  backup_owner_id: string | null;
  backup_owner_name: string | null;
  verified_at: string | null;
  verified_by_id: string | null;
  verified_by_name: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** main/services/incidents.ts: an incident with its site's and prevention owner's names. */
export interface IncidentRow {
  id: string;
  site_id: string;
  site_name: string;
  severity: Incident['severity'];
  title: string;
  what_happened: string;
  affected_workflow: Workflow;
  occurred_at: string;
  affected_user: string | null;
  screen: string | null;
  prompt: string | null;
  approval_state: string | null;
  affected_records: string | null;
  status: 'open' | 'resolved';
  opened_by: string;
  prevention_owner_id: string | null;
  prevention_owner_name: string | null;
  regression_check: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  created_at: string;
  version: number;
}

/** main/services/history.ts: a change-log row, before and after as stored JSON. */
export interface ChangeRow {
  id: string;
  entity: ChangeEntry['entity'];
  entity_id: string;
  site_id: string | null;
  action: string;
  summary: string;
  before: string | null;
  after: string | null;
  actor: string;
  device: string;
  at: string;
}

/** main/services/access.ts: a site's access model, workflow flags as 0/1, with the first-run person's name. */
export interface AccessModelRow {
  id: string;
  read_only_copilot: number;
  support_drafts: number;
  product_copy: number;
  theme_assistant_review: number;
  workflow_approvals: number;
  incident_escalation: number;
  provider_tier: string | null;
  bulk_approval_risk: 'low' | null;
  first_run_completed_on: string | null;
  first_run_completed_by_id: string | null;
  first_run_name: string | null;
  updated_at: string;
  version: number;
}
