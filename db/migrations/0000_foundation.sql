CREATE TABLE `change_log` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`site_id` text,
	`action` text NOT NULL,
	`summary` text NOT NULL,
	`before` text,
	`after` text,
	`actor` text NOT NULL,
	`device` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_log_entity_idx` ON `change_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `change_log_site_idx` ON `change_log` (`site_id`,`at`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`notes` text,
	`archived_at` text,
	CONSTRAINT "clients_name_not_blank" CHECK(length(trim("clients"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_name_unique` ON `clients` (lower("name"));--> statement-breakpoint
CREATE INDEX `clients_archived_idx` ON `clients` (`archived_at`);--> statement-breakpoint
CREATE TABLE `workspace_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `owner_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`responsibility` text NOT NULL,
	`owner_id` text NOT NULL,
	`backup_owner_id` text,
	`verified_at` text,
	`verified_by_id` text,
	`note` text,
	`archived_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`backup_owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "owner_assignments_responsibility_valid" CHECK("owner_assignments"."responsibility" in ('setup','primary','provider_key_billing','diagnostics','permissions','rollback_restore','backups','hosting','support_routing','incident_escalation')),
	CONSTRAINT "owner_assignments_backup_differs" CHECK("owner_assignments"."backup_owner_id" is null or "owner_assignments"."backup_owner_id" <> "owner_assignments"."owner_id"),
	CONSTRAINT "owner_assignments_verified_pair" CHECK(("owner_assignments"."verified_at" is null) = ("owner_assignments"."verified_by_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `owner_assignments_one_per_responsibility` ON `owner_assignments` (`site_id`,`responsibility`) WHERE "owner_assignments"."archived_at" is null;--> statement-breakpoint
CREATE INDEX `owner_assignments_owner_idx` ON `owner_assignments` (`owner_id`);--> statement-breakpoint
CREATE INDEX `owner_assignments_backup_idx` ON `owner_assignments` (`backup_owner_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`organisation` text NOT NULL,
	`client_id` text,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	`archived_at` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "people_organisation_valid" CHECK("people"."organisation" in ('agency', 'client')),
	CONSTRAINT "people_client_matches_organisation" CHECK(("people"."organisation" = 'client' and "people"."client_id" is not null) or ("people"."organisation" = 'agency' and "people"."client_id" is null)),
	CONSTRAINT "people_active_bool" CHECK("people"."active" in (0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (lower("email"));--> statement-breakpoint
CREATE INDEX `people_client_idx` ON `people` (`client_id`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`production_url` text NOT NULL,
	`staging_url` text,
	`sophmate_version` text,
	`wordpress_version` text,
	`php_version` text,
	`woocommerce_version` text,
	`active_theme` text,
	`host` text,
	`ai_provider` text,
	`stage` text DEFAULT 'planning' NOT NULL,
	`notes` text,
	`archived_at` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sites_stage_valid" CHECK("sites"."stage" in ('planning', 'setup', 'pilot', 'adoption', 'paused', 'retired')),
	CONSTRAINT "sites_production_https" CHECK("sites"."production_url" like 'https://%'),
	CONSTRAINT "sites_name_not_blank" CHECK(length(trim("sites"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_production_url_unique` ON `sites` (lower("production_url")) WHERE "sites"."archived_at" is null;--> statement-breakpoint
CREATE INDEX `sites_client_idx` ON `sites` (`client_id`);--> statement-breakpoint
CREATE INDEX `sites_name_idx` ON `sites` ("name" collate nocase);--> statement-breakpoint
CREATE INDEX `sites_stage_idx` ON `sites` (`stage`);