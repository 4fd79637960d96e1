CREATE TABLE `rollback_rehearsals` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`site_id` text NOT NULL,
	`rehearsed_on` text NOT NULL,
	`outcome` text NOT NULL,
	`duration_minutes` integer,
	`performed_by_id` text,
	`notes` text,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`performed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rollback_rehearsals_outcome_valid" CHECK("rollback_rehearsals"."outcome" in ('passed', 'failed', 'unknown')),
	CONSTRAINT "rollback_rehearsals_failed_noted" CHECK("rollback_rehearsals"."outcome" <> 'failed' or "rollback_rehearsals"."notes" is not null)
);
--> statement-breakpoint
CREATE INDEX `rollback_rehearsals_site` ON `rollback_rehearsals` (`site_id`,`rehearsed_on`);--> statement-breakpoint
CREATE TABLE `runbook_escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text,
	`site_id` text,
	`archived_at` text,
	`position` integer NOT NULL,
	`after_minutes` integer NOT NULL,
	`action` text NOT NULL,
	`responsibility` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runbook_escalations_one_scope" CHECK("runbook_escalations"."client_id" is null or "runbook_escalations"."site_id" is null),
	CONSTRAINT "runbook_escalations_after_positive" CHECK("runbook_escalations"."after_minutes" >= 1),
	CONSTRAINT "runbook_escalations_responsibility_valid" CHECK("runbook_escalations"."responsibility" is null or "runbook_escalations"."responsibility" in ('setup', 'primary', 'provider_key_billing', 'diagnostics', 'permissions', 'rollback_restore', 'backups', 'hosting', 'support_routing', 'incident_escalation'))
);
--> statement-breakpoint
CREATE INDEX `runbook_escalations_scope` ON `runbook_escalations` (`site_id`,`client_id`,`position`) WHERE "runbook_escalations"."archived_at" is null;--> statement-breakpoint
CREATE TABLE `runbook_severities` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text,
	`site_id` text,
	`archived_at` text,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`meaning` text NOT NULL,
	`response_minutes` integer NOT NULL,
	`update_minutes` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runbook_severities_one_scope" CHECK("runbook_severities"."client_id" is null or "runbook_severities"."site_id" is null),
	CONSTRAINT "runbook_severities_times_positive" CHECK("runbook_severities"."response_minutes" >= 1 and "runbook_severities"."update_minutes" >= 1)
);
--> statement-breakpoint
CREATE INDEX `runbook_severities_scope` ON `runbook_severities` (`site_id`,`client_id`,`position`) WHERE "runbook_severities"."archived_at" is null;--> statement-breakpoint
CREATE TABLE `runbook_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text,
	`site_id` text,
	`archived_at` text,
	`list` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`applies` text DEFAULT 'always' NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runbook_steps_one_scope" CHECK("runbook_steps"."client_id" is null or "runbook_steps"."site_id" is null),
	CONSTRAINT "runbook_steps_list_valid" CHECK("runbook_steps"."list" in ('triggers', 'reversals', 'restore', 'checks', 'afterwards')),
	CONSTRAINT "runbook_steps_applies_valid" CHECK("runbook_steps"."applies" in ('always', 'woocommerce', 'no_woocommerce'))
);
--> statement-breakpoint
CREATE INDEX `runbook_steps_scope` ON `runbook_steps` (`site_id`,`client_id`,`list`,`position`) WHERE "runbook_steps"."archived_at" is null;--> statement-breakpoint
CREATE TABLE `runbook_triage` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text,
	`site_id` text,
	`archived_at` text,
	`position` integer NOT NULL,
	`symptom` text NOT NULL,
	`first_check` text NOT NULL,
	`responsibility` text NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runbook_triage_one_scope" CHECK("runbook_triage"."client_id" is null or "runbook_triage"."site_id" is null),
	CONSTRAINT "runbook_triage_responsibility_valid" CHECK("runbook_triage"."responsibility" in ('setup', 'primary', 'provider_key_billing', 'diagnostics', 'permissions', 'rollback_restore', 'backups', 'hosting', 'support_routing', 'incident_escalation'))
);
--> statement-breakpoint
CREATE INDEX `runbook_triage_scope` ON `runbook_triage` (`site_id`,`client_id`,`position`) WHERE "runbook_triage"."archived_at" is null;--> statement-breakpoint
CREATE TABLE `runbook_values` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text,
	`site_id` text,
	`archived_at` text,
	`key` text NOT NULL,
	`value` text NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runbook_values_one_scope" CHECK("runbook_values"."client_id" is null or "runbook_values"."site_id" is null),
	CONSTRAINT "runbook_values_key_valid" CHECK("runbook_values"."key" in ('rollbackDecider', 'fixForwardGuidance', 'restoreTimeTargetMinutes', 'dataLossTargetHours', 'backupSchedule', 'backupScope', 'backupLocation', 'backupContactHours', 'hostingPanelAccess', 'wordpressAdminAccess', 'sftpAccess', 'pluginPackageLocation', 'licenceLocation', 'pauseInstructions', 'clientMessenger', 'staffMessenger', 'customerMessenger', 'clientMessage', 'staffMessage', 'customerMessage', 'diagnosticsLocation', 'supportBundleSteps', 'incidentLocation', 'unknownRoute', 'supportHours'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runbook_values_site_key` ON `runbook_values` (`site_id`,`key`) WHERE "runbook_values"."site_id" is not null and "runbook_values"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `runbook_values_client_key` ON `runbook_values` (`client_id`,`key`) WHERE "runbook_values"."client_id" is not null and "runbook_values"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `runbook_values_template_key` ON `runbook_values` (`key`) WHERE "runbook_values"."client_id" is null and "runbook_values"."site_id" is null and "runbook_values"."archived_at" is null;--> statement-breakpoint
CREATE TABLE `runbook_vendors` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`client_id` text,
	`site_id` text,
	`archived_at` text,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`url` text,
	`status_url` text,
	`hours` text,
	`licence_location` text,
	`support_expires_on` text,
	`account_ref` text,
	`notes` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runbook_vendors_one_scope" CHECK("runbook_vendors"."client_id" is null or "runbook_vendors"."site_id" is null),
	CONSTRAINT "runbook_vendors_kind_valid" CHECK("runbook_vendors"."kind" in ('host', 'ai_provider', 'sophmate', 'other'))
);
--> statement-breakpoint
CREATE INDEX `runbook_vendors_scope` ON `runbook_vendors` (`site_id`,`client_id`,`position`) WHERE "runbook_vendors"."archived_at" is null;--> statement-breakpoint
ALTER TABLE `site_runbook_facts` ADD `known_good_woocommerce` text;--> statement-breakpoint
-- The facts that moved to runbook_values keep their values, set on their own site.
INSERT INTO `runbook_values` (`id`, `created_at`, `updated_at`, `version`, `site_id`, `key`, `value`)
SELECT `id` || '-backup-location', `created_at`, `updated_at`, 1, `site_id`, 'backupLocation', `backup_location`
FROM `site_runbook_facts` WHERE `backup_location` IS NOT NULL AND trim(`backup_location`) <> '';--> statement-breakpoint
INSERT INTO `runbook_values` (`id`, `created_at`, `updated_at`, `version`, `site_id`, `key`, `value`)
SELECT `id` || '-diagnostics-location', `created_at`, `updated_at`, 1, `site_id`, 'diagnosticsLocation', `diagnostics_location`
FROM `site_runbook_facts` WHERE `diagnostics_location` IS NOT NULL AND trim(`diagnostics_location`) <> '';--> statement-breakpoint
INSERT INTO `runbook_values` (`id`, `created_at`, `updated_at`, `version`, `site_id`, `key`, `value`)
SELECT `id` || '-pause-instructions', `created_at`, `updated_at`, 1, `site_id`, 'pauseInstructions', `pause_instructions`
FROM `site_runbook_facts` WHERE `pause_instructions` IS NOT NULL AND trim(`pause_instructions`) <> '';--> statement-breakpoint
-- The free-text vendor support becomes the site's vendor contact, its text kept whole as the notes.
INSERT INTO `runbook_vendors` (`id`, `created_at`, `updated_at`, `version`, `site_id`, `position`, `kind`, `name`, `notes`)
SELECT `id` || '-vendor', `created_at`, `updated_at`, 1, `site_id`, 0, 'sophmate', 'Vendor support', `vendor_support`
FROM `site_runbook_facts` WHERE `vendor_support` IS NOT NULL AND trim(`vendor_support`) <> '';--> statement-breakpoint
-- A rehearsal recorded before outcomes were keeps its day; its outcome is unknown, so it does not count as passed.
INSERT INTO `rollback_rehearsals` (`id`, `created_at`, `updated_at`, `version`, `site_id`, `rehearsed_on`, `outcome`, `recorded_by`)
SELECT `id` || '-rehearsal', `created_at`, `updated_at`, 1, `site_id`, `last_rehearsal_on`, 'unknown', 'workspace upgrade'
FROM `site_runbook_facts` WHERE `last_rehearsal_on` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `site_runbook_facts` DROP COLUMN `backup_location`;--> statement-breakpoint
ALTER TABLE `site_runbook_facts` DROP COLUMN `last_rehearsal_on`;--> statement-breakpoint
ALTER TABLE `site_runbook_facts` DROP COLUMN `diagnostics_location`;--> statement-breakpoint
ALTER TABLE `site_runbook_facts` DROP COLUMN `vendor_support`;--> statement-breakpoint
ALTER TABLE `site_runbook_facts` DROP COLUMN `pause_instructions`;--> statement-breakpoint
-- "Rollback plan current" now reads the last backup day and the rehearsals (core/domain/readiness.ts).
CREATE TRIGGER `site_readiness_facts_insert` AFTER INSERT ON `site_runbook_facts` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_facts_update` AFTER UPDATE ON `site_runbook_facts` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` IN (OLD.`site_id`, NEW.`site_id`) AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_facts_delete` AFTER DELETE ON `site_runbook_facts` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = OLD.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_rehearsal_insert` AFTER INSERT ON `rollback_rehearsals` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_rehearsal_update` AFTER UPDATE ON `rollback_rehearsals` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` IN (OLD.`site_id`, NEW.`site_id`) AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_rehearsal_delete` AFTER DELETE ON `rollback_rehearsals` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = OLD.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
-- The backup and rehearsal age limits are workspace-wide facts, like the verification age.
DROP TRIGGER `site_readiness_setting_insert`;--> statement-breakpoint
DROP TRIGGER `site_readiness_setting_update`;--> statement-breakpoint
DROP TRIGGER `site_readiness_setting_delete`;--> statement-breakpoint
CREATE TRIGGER `site_readiness_setting_insert` AFTER INSERT ON `workspace_meta`
WHEN NEW.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays', 'setting.maxBackupAgeDays', 'setting.maxRehearsalAgeDays') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_setting_update` AFTER UPDATE ON `workspace_meta`
WHEN NEW.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays', 'setting.maxBackupAgeDays', 'setting.maxRehearsalAgeDays')
  OR OLD.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays', 'setting.maxBackupAgeDays', 'setting.maxRehearsalAgeDays') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_setting_delete` AFTER DELETE ON `workspace_meta`
WHEN OLD.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays', 'setting.maxBackupAgeDays', 'setting.maxRehearsalAgeDays') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
-- A client's or the agency template's runbook edit changes what every site inheriting it prints, so
-- their final rollback plans are out of date (main/services/readiness.ts rollbackDocFacts).
CREATE TRIGGER `site_readiness_client_runbook` AFTER INSERT ON `change_log`
WHEN NEW.`entity` = 'client' AND NEW.`action` IN ('runbook-values', 'runbook-list') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0 AND `site_id` IN (SELECT `id` FROM `sites` WHERE `client_id` = NEW.`entity_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_template_runbook` AFTER INSERT ON `change_log`
WHEN NEW.`entity` = 'settings' AND NEW.`entity_id` = 'runbook' AND NEW.`action` IN ('runbook-values', 'runbook-list') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
-- Every site is recomputed once under the new rule.
UPDATE `site_readiness` SET `dirty` = 1;
