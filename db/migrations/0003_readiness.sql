CREATE TABLE `gate_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`gate` text NOT NULL,
	`action` text NOT NULL,
	`reasons` text NOT NULL,
	`override_reason` text NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gate_overrides_site` ON `gate_overrides` (`site_id`,`at`);--> statement-breakpoint
CREATE TABLE `site_checklist_items` (
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
	CONSTRAINT "site_checklist_items_status_valid" CHECK("site_checklist_items"."status" in ('open', 'done', 'not_applicable', 'blocked')),
	CONSTRAINT "site_checklist_items_reason_needed" CHECK("site_checklist_items"."status" not in ('not_applicable', 'blocked') or "site_checklist_items"."reason" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_checklist_items_once` ON `site_checklist_items` (`site_id`,`kind`,`item_id`);--> statement-breakpoint
CREATE TABLE `site_pause_workflows` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`pause_id` text NOT NULL,
	`workflow` text NOT NULL,
	FOREIGN KEY (`pause_id`) REFERENCES `site_pauses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_pause_workflows_once` ON `site_pause_workflows` (`pause_id`,`workflow`);--> statement-breakpoint
CREATE TABLE `site_pauses` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`paused_by` text NOT NULL,
	`reason` text NOT NULL,
	`paused_at` text NOT NULL,
	`resumed_at` text,
	`resumed_by` text,
	`resume_note` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "site_pauses_resume_note" CHECK("site_pauses"."resumed_at" is null or "site_pauses"."resume_note" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_pauses_one_open` ON `site_pauses` (`site_id`) WHERE "site_pauses"."resumed_at" is null;