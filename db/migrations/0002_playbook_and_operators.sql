CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`person_id` text NOT NULL,
	`role` text NOT NULL,
	`access` text DEFAULT 'none' NOT NULL,
	`access_changed_at` text,
	`access_override_reason` text,
	`revoke_reason` text,
	`archived_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "operators_access_valid" CHECK("operators"."access" in ('none', 'granted', 'revoked'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_one_role_per_person_site` ON `operators` (`site_id`,`person_id`,`role`) WHERE "operators"."archived_at" is null;--> statement-breakpoint
CREATE INDEX `operators_person` ON `operators` (`person_id`);--> statement-breakpoint
CREATE TABLE `scenario_check_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`check_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`answer` text NOT NULL,
	`correct` integer NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `scenario_checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_check_answers_once` ON `scenario_check_answers` (`check_id`,`scenario_id`);--> statement-breakpoint
CREATE TABLE `scenario_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`operator_id` text NOT NULL,
	`taken_at` text NOT NULL,
	`correct` integer NOT NULL,
	`total` integer NOT NULL,
	`passed` integer NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "scenario_checks_score" CHECK("scenario_checks"."correct" between 0 and "scenario_checks"."total")
);
--> statement-breakpoint
CREATE INDEX `scenario_checks_operator` ON `scenario_checks` (`operator_id`,`taken_at`);--> statement-breakpoint
CREATE TABLE `training_signoffs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`operator_id` text NOT NULL,
	`sop_version_id` text NOT NULL,
	`signed_at` text NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sop_version_id`) REFERENCES `sop_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_signoffs_once` ON `training_signoffs` (`operator_id`,`sop_version_id`);--> statement-breakpoint
CREATE TABLE `scenarios` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`slug` text NOT NULL,
	`role` text NOT NULL,
	`workflow` text NOT NULL,
	`situation` text NOT NULL,
	`answer` text NOT NULL,
	`explanation` text NOT NULL,
	`archived_at` text,
	CONSTRAINT "scenarios_answer_valid" CHECK("scenarios"."answer" in ('ask', 'approve', 'reject', 'escalate', 'stop'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenarios_slug` ON `scenarios` (`slug`);--> statement-breakpoint
CREATE INDEX `scenarios_role` ON `scenarios` (`role`);--> statement-breakpoint
CREATE TABLE `site_sop_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`workflow` text NOT NULL,
	`role` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`archived_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "site_sop_overrides_kind_valid" CHECK("site_sop_overrides"."kind" in ('refusal_rule', 'escalation_contact'))
);
--> statement-breakpoint
CREATE INDEX `site_sop_overrides_site` ON `site_sop_overrides` (`site_id`,`workflow`,`role`);--> statement-breakpoint
CREATE TABLE `sop_items` (
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
	CONSTRAINT "sop_items_kind_valid" CHECK("sop_items"."kind" in ('good_example', 'bad_example', 'refusal_rule', 'escalation_trigger', 'when_to_stop'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sop_items_position` ON `sop_items` (`sop_version_id`,`kind`,`position`);--> statement-breakpoint
CREATE TABLE `sop_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`workflow` text NOT NULL,
	`role` text NOT NULL,
	`sop_version` integer NOT NULL,
	`purpose` text NOT NULL,
	`when_to_use` text NOT NULL,
	`may_approve_low` integer NOT NULL,
	`may_approve_medium` integer NOT NULL,
	`may_approve_high` integer NOT NULL,
	`bulk_approve_low_risk` integer NOT NULL,
	`approval_notes` text NOT NULL,
	`escalation_responsibility` text NOT NULL,
	`change_summary` text NOT NULL,
	`published_by` text NOT NULL,
	CONSTRAINT "sop_versions_version_positive" CHECK("sop_versions"."sop_version" >= 1),
	CONSTRAINT "sop_versions_bulk_needs_low" CHECK("sop_versions"."bulk_approve_low_risk" = 0 or "sop_versions"."may_approve_low" = 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sop_versions_cell_version` ON `sop_versions` (`workflow`,`role`,`sop_version`);