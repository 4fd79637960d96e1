CREATE TABLE `activity_actor_matches` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`actor_key` text NOT NULL,
	`operator_id` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_actor_matches_once` ON `activity_actor_matches` (`site_id`,`actor_key`);--> statement-breakpoint
CREATE TABLE `activity_events` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`import_id` text NOT NULL,
	`line` integer NOT NULL,
	`row_key` text NOT NULL,
	`occurred_at` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`operator_id` text,
	`role` text,
	`event_type` text NOT NULL,
	`kind` text NOT NULL,
	`workflow` text,
	`plan_id` text,
	`risk` text,
	`status` text,
	`text` text,
	`affected_records` text,
	`reviewer_note` text,
	`escalated_to` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `activity_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "activity_events_kind_valid" CHECK("activity_events"."kind" in ('prompt', 'draft', 'plan_proposed', 'plan_approved', 'plan_rejected', 'plan_executed', 'plan_failed', 'escalation', 'incident', 'other')),
	CONSTRAINT "activity_events_risk_valid" CHECK("activity_events"."risk" is null or "activity_events"."risk" in ('low', 'medium', 'high'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_events_row_once` ON `activity_events` (`site_id`,`row_key`);--> statement-breakpoint
CREATE INDEX `activity_events_site_time` ON `activity_events` (`site_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activity_events_import` ON `activity_events` (`import_id`);--> statement-breakpoint
CREATE INDEX `activity_events_operator` ON `activity_events` (`operator_id`);--> statement-breakpoint
CREATE TABLE `activity_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`source_id` text,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`imported` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`bad` integer NOT NULL,
	`masked` integer NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `activity_sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activity_imports_site` ON `activity_imports` (`site_id`,`imported_at`);--> statement-breakpoint
CREATE TABLE `activity_source_event_types` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`source_id` text NOT NULL,
	`raw` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `activity_sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "activity_source_event_types_kind_valid" CHECK("activity_source_event_types"."kind" in ('prompt', 'draft', 'plan_proposed', 'plan_approved', 'plan_rejected', 'plan_executed', 'plan_failed', 'escalation', 'incident', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_source_event_types_once` ON `activity_source_event_types` (`source_id`,`raw`);--> statement-breakpoint
CREATE TABLE `activity_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`format` text NOT NULL,
	`delimiter` text,
	`time_zone` text NOT NULL,
	`date_order` text NOT NULL,
	`columns_signature` text NOT NULL,
	`column_names` text NOT NULL,
	`col_time` text NOT NULL,
	`col_actor` text NOT NULL,
	`col_event_type` text NOT NULL,
	`col_actor_name` text,
	`col_role` text,
	`col_plan_id` text,
	`col_risk` text,
	`col_status` text,
	`col_text` text,
	`col_affected_records` text,
	`col_reviewer_note` text,
	`col_escalated_to` text,
	`col_site` text,
	`archived_at` text,
	CONSTRAINT "activity_sources_format_valid" CHECK("activity_sources"."format" in ('csv', 'json', 'jsonl')),
	CONSTRAINT "activity_sources_date_order_valid" CHECK("activity_sources"."date_order" in ('ymd', 'dmy', 'mdy'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_sources_name` ON `activity_sources` (`name`) WHERE "activity_sources"."archived_at" is null;--> statement-breakpoint
CREATE INDEX `activity_sources_signature` ON `activity_sources` (`columns_signature`);--> statement-breakpoint
CREATE TABLE `finding_events` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`finding_id` text NOT NULL,
	`event_id` text NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `activity_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `finding_events_once` ON `finding_events` (`finding_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `finding_events_event` ON `finding_events` (`event_id`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`operator_id` text,
	`actor` text NOT NULL,
	`role` text,
	`category` text NOT NULL,
	`rule` text NOT NULL,
	`summary` text NOT NULL,
	`workflow` text NOT NULL,
	`occurred_at` text NOT NULL,
	`source` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`decision_note` text,
	`decided_at` text,
	`decided_by` text,
	`fingerprint` text,
	`sop_version_id` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sop_version_id`) REFERENCES `sop_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "findings_category_valid" CHECK("findings"."category" in ('unsafe_prompt', 'skipped_context', 'approval_misunderstanding', 'late_escalation', 'support_path_confusion')),
	CONSTRAINT "findings_rule_valid" CHECK("findings"."rule" in ('unsafe_prompt.credentials', 'unsafe_prompt.personal_data', 'unsafe_prompt.destructive_bulk', 'unsafe_prompt.bypass_approval', 'skipped_context.missing_context', 'approval_misunderstanding.self_approval', 'approval_misunderstanding.above_risk_limit', 'approval_misunderstanding.bulk_not_allowed', 'approval_misunderstanding.resubmitted_unchanged', 'late_escalation.beyond_limit', 'support_path_confusion.wrong_owner', 'support_path_confusion.nobody', 'manual')),
	CONSTRAINT "findings_source_valid" CHECK("findings"."source" in ('imported', 'manual')),
	CONSTRAINT "findings_status_valid" CHECK("findings"."status" in ('open', 'confirmed', 'dismissed')),
	CONSTRAINT "findings_decided_has_note" CHECK("findings"."status" = 'open' or ("findings"."decision_note" is not null and "findings"."decided_at" is not null and "findings"."decided_by" is not null)),
	CONSTRAINT "findings_imported_has_fingerprint" CHECK("findings"."source" = 'manual' or "findings"."fingerprint" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `findings_fingerprint_once` ON `findings` (`site_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `findings_site` ON `findings` (`site_id`,`status`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `findings_operator` ON `findings` (`operator_id`,`category`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `playbook_finding_rule_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`rules_version` integer NOT NULL,
	`repeat_threshold` integer NOT NULL,
	`repeat_window_days` integer NOT NULL,
	`escalation_limit_minutes` integer NOT NULL,
	`change_summary` text NOT NULL,
	`published_by` text NOT NULL,
	CONSTRAINT "playbook_finding_rule_versions_threshold" CHECK("playbook_finding_rule_versions"."repeat_threshold" between 2 and 50),
	CONSTRAINT "playbook_finding_rule_versions_window" CHECK("playbook_finding_rule_versions"."repeat_window_days" between 1 and 90),
	CONSTRAINT "playbook_finding_rule_versions_limit" CHECK("playbook_finding_rule_versions"."escalation_limit_minutes" between 5 and 10080)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playbook_finding_rule_versions_once` ON `playbook_finding_rule_versions` (`rules_version`);--> statement-breakpoint
CREATE TABLE `review_area_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`review_id` text NOT NULL,
	`area` text NOT NULL,
	`found` text NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_area_notes_area_valid" CHECK("review_area_notes"."area" in ('prompts', 'rejected_plans', 'support_drafts', 'approvals', 'audit_records'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_area_notes_once` ON `review_area_notes` (`review_id`,`area`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_generated_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`format` text NOT NULL,
	`final` integer NOT NULL,
	`content_hash` text NOT NULL,
	`outline` text NOT NULL,
	`missing_count` integer NOT NULL,
	`file_name` text NOT NULL,
	`generated_at` text NOT NULL,
	`generated_by` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "generated_documents_kind_valid" CHECK("__new_generated_documents"."kind" in ('rollback_plan', 'support_path', 'sop_pack', 'handover_runbook', 'first_week_review')),
	CONSTRAINT "generated_documents_format_valid" CHECK("__new_generated_documents"."format" in ('md', 'html', 'pdf')),
	CONSTRAINT "generated_documents_final_complete" CHECK("__new_generated_documents"."final" = 0 or "__new_generated_documents"."missing_count" = 0)
);
--> statement-breakpoint
INSERT INTO `__new_generated_documents`("id", "created_at", "updated_at", "version", "site_id", "kind", "format", "final", "content_hash", "outline", "missing_count", "file_name", "generated_at", "generated_by") SELECT "id", "created_at", "updated_at", "version", "site_id", "kind", "format", "final", "content_hash", "outline", "missing_count", "file_name", "generated_at", "generated_by" FROM `generated_documents`;--> statement-breakpoint
DROP TABLE `generated_documents`;--> statement-breakpoint
ALTER TABLE `__new_generated_documents` RENAME TO `generated_documents`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `generated_documents_site` ON `generated_documents` (`site_id`,`kind`,`generated_at`);--> statement-breakpoint
-- Rebuilding generated_documents (for the new document kind) dropped its readiness triggers: the same three again (as in 0011).
CREATE TRIGGER `site_readiness_document_insert` AFTER INSERT ON `generated_documents` WHEN NEW.`final` = 1 BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_document_update` AFTER UPDATE ON `generated_documents` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` IN (OLD.`site_id`, NEW.`site_id`) AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_document_delete` AFTER DELETE ON `generated_documents` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = OLD.`site_id` AND `dirty` = 0;
END;
