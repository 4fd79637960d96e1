CREATE TABLE `review_operators` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`review_id` text NOT NULL,
	`operator_id` text NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_operators_once` ON `review_operators` (`review_id`,`operator_id`);--> statement-breakpoint
CREATE INDEX `review_operators_operator` ON `review_operators` (`operator_id`);--> statement-breakpoint
CREATE TABLE `review_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`rrule` text NOT NULL,
	`start_on` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_schedules_one_per_site` ON `review_schedules` (`site_id`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`due_on` text NOT NULL,
	`owner_id` text,
	`snoozed_until` text,
	`done_at` text,
	`done_by` text,
	`notes` text,
	`findings` text,
	`skipped_at` text,
	`skipped_by` text,
	`skip_reason` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reviews_kind_valid" CHECK("reviews"."kind" in ('initial_setup', 'first_week', 'hosting_change', 'before_new_users', 'periodic')),
	CONSTRAINT "reviews_due_on_is_a_date" CHECK("reviews"."due_on" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "reviews_snooze_is_a_date" CHECK("reviews"."snoozed_until" is null or "reviews"."snoozed_until" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "reviews_done_or_skipped" CHECK("reviews"."done_at" is null or "reviews"."skipped_at" is null),
	CONSTRAINT "reviews_done_has_notes" CHECK("reviews"."done_at" is null or ("reviews"."notes" is not null and "reviews"."done_by" is not null)),
	CONSTRAINT "reviews_skip_has_reason" CHECK("reviews"."skipped_at" is null or ("reviews"."skip_reason" is not null and "reviews"."skipped_by" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_one_open_per_kind` ON `reviews` (`site_id`,`kind`) WHERE "reviews"."done_at" is null and "reviews"."skipped_at" is null;--> statement-breakpoint
CREATE INDEX `reviews_open_due` ON `reviews` (`due_on`) WHERE "reviews"."done_at" is null and "reviews"."skipped_at" is null;--> statement-breakpoint
CREATE INDEX `reviews_site` ON `reviews` (`site_id`,`due_on`);