CREATE TABLE `reminder_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`day` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`next_attempt_at` text,
	`reviews` integer DEFAULT 0 NOT NULL,
	`message_id` text,
	`sent_at` text,
	CONSTRAINT "reminder_deliveries_kind_valid" CHECK("reminder_deliveries"."kind" in ('digest', 'test')),
	CONSTRAINT "reminder_deliveries_status_valid" CHECK("reminder_deliveries"."status" in ('sending', 'sent', 'failed', 'gave-up')),
	CONSTRAINT "reminder_deliveries_attempts_valid" CHECK("reminder_deliveries"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_deliveries_digest_once` ON `reminder_deliveries` (`day`,`recipient`) WHERE "reminder_deliveries"."kind" = 'digest';--> statement-breakpoint
CREATE INDEX `reminder_deliveries_updated` ON `reminder_deliveries` (`updated_at`);--> statement-breakpoint
ALTER TABLE `people` ADD `reminder_channel` text DEFAULT 'desktop' NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `quiet_hours_start` text;--> statement-breakpoint
ALTER TABLE `people` ADD `quiet_hours_end` text;