CREATE TABLE `generated_documents` (
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
	CONSTRAINT "generated_documents_kind_valid" CHECK("generated_documents"."kind" in ('rollback_plan', 'support_path', 'sop_pack', 'handover_runbook')),
	CONSTRAINT "generated_documents_format_valid" CHECK("generated_documents"."format" in ('md', 'html', 'pdf')),
	CONSTRAINT "generated_documents_final_complete" CHECK("generated_documents"."final" = 0 or "generated_documents"."missing_count" = 0)
);
--> statement-breakpoint
CREATE INDEX `generated_documents_site` ON `generated_documents` (`site_id`,`kind`,`generated_at`);--> statement-breakpoint
CREATE TABLE `site_runbook_facts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`known_good_sophmate` text,
	`known_good_wordpress` text,
	`known_good_php` text,
	`known_good_theme` text,
	`known_good_host` text,
	`known_good_recorded_on` text,
	`backup_location` text,
	`last_backup_on` text,
	`last_rehearsal_on` text,
	`diagnostics_location` text,
	`vendor_support` text,
	`pause_instructions` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_runbook_facts_one_per_site` ON `site_runbook_facts` (`site_id`);