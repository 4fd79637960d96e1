CREATE TABLE `scenario_draw_items` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`draw_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`draw_id`) REFERENCES `scenario_draws`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_draw_items_once` ON `scenario_draw_items` (`draw_id`,`scenario_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_draw_items_position` ON `scenario_draw_items` (`draw_id`,`position`);--> statement-breakpoint
CREATE TABLE `scenario_draws` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`operator_id` text NOT NULL,
	`drawn_at` text NOT NULL,
	`check_id` text,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`check_id`) REFERENCES `scenario_checks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scenario_draws_operator` ON `scenario_draws` (`operator_id`,`drawn_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_draws_one_open` ON `scenario_draws` (`operator_id`) WHERE "scenario_draws"."check_id" is null;--> statement-breakpoint
CREATE TABLE `playbook_cadence_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`kind` text NOT NULL,
	`cadence_version` integer NOT NULL,
	`description` text NOT NULL,
	`rrule` text,
	`offset_days` integer,
	`change_summary` text NOT NULL,
	`published_by` text NOT NULL,
	CONSTRAINT "playbook_cadence_versions_kind_valid" CHECK("playbook_cadence_versions"."kind" in ('initial_setup', 'first_week', 'hosting_change', 'before_new_users', 'periodic')),
	CONSTRAINT "playbook_cadence_versions_offset" CHECK("playbook_cadence_versions"."offset_days" is null or "playbook_cadence_versions"."offset_days" between 0 and 365)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playbook_cadence_versions_once` ON `playbook_cadence_versions` (`kind`,`cadence_version`);--> statement-breakpoint
CREATE TABLE `playbook_item_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`item_version` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`computed` text,
	`retired` integer DEFAULT false NOT NULL,
	`change_summary` text NOT NULL,
	`published_by` text NOT NULL,
	CONSTRAINT "playbook_item_versions_kind_valid" CHECK("playbook_item_versions"."kind" in ('checklist', 'acceptance')),
	CONSTRAINT "playbook_item_versions_version_positive" CHECK("playbook_item_versions"."item_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playbook_item_versions_once` ON `playbook_item_versions` (`kind`,`item_id`,`item_version`);--> statement-breakpoint
CREATE TABLE `operator_access_workflows` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`operator_id` text NOT NULL,
	`workflow` text NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operator_access_workflows_once` ON `operator_access_workflows` (`operator_id`,`workflow`);--> statement-breakpoint
CREATE TABLE `site_access_models` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`read_only_copilot` integer DEFAULT false NOT NULL,
	`support_drafts` integer DEFAULT false NOT NULL,
	`product_copy` integer DEFAULT false NOT NULL,
	`theme_assistant_review` integer DEFAULT false NOT NULL,
	`workflow_approvals` integer DEFAULT false NOT NULL,
	`incident_escalation` integer DEFAULT false NOT NULL,
	`provider_tier` text,
	`bulk_approval_risk` text,
	`first_run_completed_on` text,
	`first_run_completed_by_id` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`first_run_completed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "site_access_models_bulk_low_only" CHECK("site_access_models"."bulk_approval_risk" is null or "site_access_models"."bulk_approval_risk" = 'low'),
	CONSTRAINT "site_access_models_first_run_day" CHECK("site_access_models"."first_run_completed_on" is null or "site_access_models"."first_run_completed_on" glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "site_access_models_first_run_both" CHECK(("site_access_models"."first_run_completed_on" is null) = ("site_access_models"."first_run_completed_by_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_access_models_site` ON `site_access_models` (`site_id`);--> statement-breakpoint
CREATE TABLE `site_role_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`role` text NOT NULL,
	`wordpress_role` text NOT NULL,
	`max_approve_risk` text DEFAULT 'none' NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "site_role_mappings_risk_valid" CHECK("site_role_mappings"."max_approve_risk" in ('none', 'low', 'medium', 'high')),
	CONSTRAINT "site_role_mappings_wp_role_not_blank" CHECK(length(trim("site_role_mappings"."wordpress_role")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_role_mappings_once` ON `site_role_mappings` (`site_id`,`role`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sop_items` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`sop_version_id` text NOT NULL,
	`kind` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`why` text,
	FOREIGN KEY (`sop_version_id`) REFERENCES `sop_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sop_items_kind_valid" CHECK("__new_sop_items"."kind" in ('good_example', 'bad_example', 'refusal_rule', 'when_to_ask', 'escalation_trigger', 'when_to_stop'))
);
--> statement-breakpoint
INSERT INTO `__new_sop_items`("id", "created_at", "updated_at", "version", "sop_version_id", "kind", "position", "text", "why") SELECT "id", "created_at", "updated_at", "version", "sop_version_id", "kind", "position", "text", "why" FROM `sop_items`;--> statement-breakpoint
DROP TABLE `sop_items`;--> statement-breakpoint
ALTER TABLE `__new_sop_items` RENAME TO `sop_items`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `sop_items_position` ON `sop_items` (`sop_version_id`,`kind`,`position`);--> statement-breakpoint
ALTER TABLE `scenarios` ADD `basis_kind` text;--> statement-breakpoint
ALTER TABLE `scenarios` ADD `basis_index` integer;--> statement-breakpoint
ALTER TABLE `scenarios` ADD `risk` text;--> statement-breakpoint
CREATE TABLE `__new_site_checklist_items` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`status` text NOT NULL,
	`evidence` text,
	`reason` text,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "site_checklist_items_status_valid" CHECK("__new_site_checklist_items"."status" in ('open', 'done', 'not_applicable', 'blocked')),
	CONSTRAINT "site_checklist_items_reason_needed" CHECK("__new_site_checklist_items"."status" not in ('not_applicable', 'blocked') or "__new_site_checklist_items"."reason" is not null),
	CONSTRAINT "site_checklist_items_done_has_evidence" CHECK("__new_site_checklist_items"."status" <> 'done' or "__new_site_checklist_items"."evidence" is not null)
);
--> statement-breakpoint
INSERT INTO `__new_site_checklist_items`("id", "created_at", "updated_at", "version", "site_id", "kind", "item_id", "status", "evidence", "reason", "recorded_by") SELECT "id", "created_at", "updated_at", "version", "site_id", "kind", "item_id", "status", coalesce("evidence", CASE WHEN "status" = 'done' THEN '(no evidence was recorded: marked done before evidence was required)' END), "reason", "recorded_by" FROM `site_checklist_items`;--> statement-breakpoint
DROP TABLE `site_checklist_items`;--> statement-breakpoint
ALTER TABLE `__new_site_checklist_items` RENAME TO `site_checklist_items`;--> statement-breakpoint
CREATE UNIQUE INDEX `site_checklist_items_once` ON `site_checklist_items` (`site_id`,`kind`,`item_id`);