CREATE TABLE `incident_events` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`incident_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_events_incident` ON `incident_events` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`severity` text NOT NULL,
	`title` text NOT NULL,
	`what_happened` text NOT NULL,
	`affected_workflow` text NOT NULL,
	`occurred_at` text NOT NULL,
	`affected_user` text,
	`screen` text,
	`prompt` text,
	`approval_state` text,
	`affected_records` text,
	`status` text DEFAULT 'open' NOT NULL,
	`opened_by` text NOT NULL,
	`prevention_owner_id` text,
	`regression_check` text,
	`resolved_at` text,
	`resolved_by` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prevention_owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "incidents_severity_valid" CHECK("incidents"."severity" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "incidents_status_valid" CHECK("incidents"."status" in ('open', 'resolved')),
	CONSTRAINT "incidents_resolved_needs_prevention" CHECK("incidents"."status" = 'open' or ("incidents"."prevention_owner_id" is not null and "incidents"."regression_check" is not null and "incidents"."resolved_at" is not null))
);
--> statement-breakpoint
CREATE INDEX `incidents_site` ON `incidents` (`site_id`,`status`);--> statement-breakpoint
CREATE TABLE `saved_views` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`archived_at` text,
	CONSTRAINT "saved_views_name_not_blank" CHECK(length(trim("saved_views"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_views_name` ON `saved_views` (lower("name")) WHERE "saved_views"."archived_at" is null;