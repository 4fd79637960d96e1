-- Who acts on each device. A workspace file may be opened from several machines (a copy, a share), so
-- the person the user is belongs to the device (OS login and host name, "login@host"), not to the
-- workspace: one row per device that chose who it is; `person_id` is null once the choice is cleared.
CREATE TABLE `device_identities` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`person_id` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `device_identities_person_idx` ON `device_identities` (`person_id`);
--> statement-breakpoint
-- Until now every change was recorded under the operating-system login of the machine that made it.
-- History cannot be edited, so those names stay as written; they are listed here once, so that the
-- app shows them as device logins rather than as people.
INSERT INTO `workspace_meta` (`key`, `value`, `updated_at`)
SELECT 'history.deviceLogins', json_group_array(`actor`), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM (SELECT DISTINCT `actor` FROM `change_log` ORDER BY `actor`);
