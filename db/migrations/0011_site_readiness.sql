-- Stored readiness: per site, what the Dashboard and the Sites list's "Blocked only" filter need
-- (blocked or not, the reasons as the Dashboard groups them, owner gaps, an incomplete setup record),
-- so they read a few thousand narrow rows instead of evaluating every gate of every site per call.
-- It is derived data, rebuilt from the records, never edited and never synced: the triggers below mark
-- `dirty` the sites whose facts a write can change, whoever writes (the app, the CLI, a script, another
-- window, a migration), and the app recomputes the dirty rows inside the write's own transaction
-- (main/services/readiness-store.ts). A row also stops holding once the clock leaves
-- (valid_from, valid_until]: an owner verification that becomes too old there.
CREATE TABLE `site_readiness` (
	`site_id` text PRIMARY KEY NOT NULL,
	`active` integer DEFAULT 0 NOT NULL,
	`stage` text,
	`blocked` integer DEFAULT 0 NOT NULL,
	`sole_reason` text,
	`owner_gaps` integer DEFAULT 0 NOT NULL,
	`incomplete` integer DEFAULT 0 NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`dirty` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE cascade ON DELETE cascade,
	CONSTRAINT "site_readiness_flags" CHECK("site_readiness"."active" in (0, 1) and "site_readiness"."blocked" in (0, 1) and "site_readiness"."incomplete" in (0, 1) and "site_readiness"."dirty" in (0, 1))
);
--> statement-breakpoint
CREATE INDEX `site_readiness_totals_idx` ON `site_readiness` (`active`,`stage`,`blocked`,`incomplete`,`owner_gaps`);
--> statement-breakpoint
CREATE INDEX `site_readiness_dirty_idx` ON `site_readiness` (`site_id`) WHERE "site_readiness"."dirty" = 1;
--> statement-breakpoint
CREATE INDEX `site_readiness_blocked_idx` ON `site_readiness` (`site_id`) WHERE "site_readiness"."blocked" = 1;
--> statement-breakpoint
CREATE INDEX `site_readiness_sole_idx` ON `site_readiness` (`sole_reason`) WHERE "site_readiness"."sole_reason" is not null;
--> statement-breakpoint
CREATE INDEX `site_readiness_valid_from_idx` ON `site_readiness` (`valid_from`) WHERE "site_readiness"."valid_from" is not null;
--> statement-breakpoint
CREATE INDEX `site_readiness_valid_until_idx` ON `site_readiness` (`valid_until`) WHERE "site_readiness"."valid_until" is not null;
--> statement-breakpoint
-- Each blocked active site's reasons as the Dashboard groups them (one row per reason), so a reason's
-- count and its click-through ("the sites this blocks") are index reads.
CREATE TABLE `site_blocking_reasons` (
	`site_id` text NOT NULL,
	`reason_key` text NOT NULL,
	PRIMARY KEY(`site_id`, `reason_key`),
	FOREIGN KEY (`site_id`) REFERENCES `site_readiness`(`site_id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `site_blocking_reasons_key_idx` ON `site_blocking_reasons` (`reason_key`);
--> statement-breakpoint
-- How many sites each reason blocks, kept by the triggers below as reasons are stored and removed, so
-- the Dashboard reads a few dozen rows rather than counting every stored reason.
CREATE TABLE `site_blocking_reason_counts` (
	`reason_key` text PRIMARY KEY NOT NULL,
	`sites` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `site_blocking_reasons_count_insert` AFTER INSERT ON `site_blocking_reasons` BEGIN
  INSERT INTO `site_blocking_reason_counts` (`reason_key`, `sites`) VALUES (NEW.`reason_key`, 1)
    ON CONFLICT (`reason_key`) DO UPDATE SET `sites` = `sites` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `site_blocking_reasons_count_delete` AFTER DELETE ON `site_blocking_reasons` BEGIN
  UPDATE `site_blocking_reason_counts` SET `sites` = `sites` - 1 WHERE `reason_key` = OLD.`reason_key`;
  DELETE FROM `site_blocking_reason_counts` WHERE `reason_key` = OLD.`reason_key` AND `sites` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_blocking_reasons_count_update` AFTER UPDATE OF `reason_key` ON `site_blocking_reasons` BEGIN
  UPDATE `site_blocking_reason_counts` SET `sites` = `sites` - 1 WHERE `reason_key` = OLD.`reason_key`;
  DELETE FROM `site_blocking_reason_counts` WHERE `reason_key` = OLD.`reason_key` AND `sites` <= 0;
  INSERT INTO `site_blocking_reason_counts` (`reason_key`, `sites`) VALUES (NEW.`reason_key`, 1)
    ON CONFLICT (`reason_key`) DO UPDATE SET `sites` = `sites` + 1;
END;
--> statement-breakpoint
-- Every existing site gets its row, dirty: the first open recomputes them.
INSERT INTO `site_readiness` (`site_id`) SELECT `id` FROM `sites`;
--> statement-breakpoint
-- A site's own facts: its record, its owners, its checklist, its reviews, its documents and its history
-- (the rollback plan is current only if nothing it says changed after its last final export).
CREATE TRIGGER `site_readiness_site_insert` AFTER INSERT ON `sites` BEGIN
  INSERT INTO `site_readiness` (`site_id`) VALUES (NEW.`id`) ON CONFLICT (`site_id`) DO UPDATE SET `dirty` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_site_update` AFTER UPDATE ON `sites` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_owner_insert` AFTER INSERT ON `owner_assignments` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_owner_update` AFTER UPDATE ON `owner_assignments` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` IN (OLD.`site_id`, NEW.`site_id`) AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_owner_delete` AFTER DELETE ON `owner_assignments` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = OLD.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
-- A person's name, activity or archiving shows in the gates of every site they own.
CREATE TRIGGER `site_readiness_person_update` AFTER UPDATE ON `people` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0
    AND `site_id` IN (SELECT `site_id` FROM `owner_assignments` WHERE `owner_id` IN (OLD.`id`, NEW.`id`));
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_checklist_insert` AFTER INSERT ON `site_checklist_items` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_checklist_update` AFTER UPDATE ON `site_checklist_items` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` IN (OLD.`site_id`, NEW.`site_id`) AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_checklist_delete` AFTER DELETE ON `site_checklist_items` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = OLD.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_review_insert` AFTER INSERT ON `reviews` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_review_update` AFTER UPDATE ON `reviews` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` IN (OLD.`site_id`, NEW.`site_id`) AND `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_review_delete` AFTER DELETE ON `reviews` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = OLD.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
-- Only a final document counts for "Rollback plan current"; drafts (thousands in a bulk export) change no fact.
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
--> statement-breakpoint
-- History rows feed the rollback-plan facts; the row that records a generated document is not one of them.
CREATE TRIGGER `site_readiness_history_insert` AFTER INSERT ON `change_log` WHEN NEW.`site_id` IS NOT NULL AND NEW.`action` <> 'document' BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `site_id` = NEW.`site_id` AND `dirty` = 0;
END;
--> statement-breakpoint
-- Workspace-wide facts mark every site: the verification age (either key the settings read), the
-- checklist of the playbook (its titles are in the reasons), and whether every SOP cell has a version
-- (only the first version of a cell, or removing its last, can change that).
CREATE TRIGGER `site_readiness_setting_insert` AFTER INSERT ON `workspace_meta`
WHEN NEW.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_setting_update` AFTER UPDATE ON `workspace_meta`
WHEN NEW.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays') OR OLD.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_setting_delete` AFTER DELETE ON `workspace_meta`
WHEN OLD.`key` IN ('verificationMaxAgeDays', 'setting.verificationMaxAgeDays') BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_playbook_insert` AFTER INSERT ON `playbook_item_versions` WHEN NEW.`kind` = 'checklist' BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_playbook_update` AFTER UPDATE ON `playbook_item_versions` WHEN NEW.`kind` = 'checklist' OR OLD.`kind` = 'checklist' BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_playbook_delete` AFTER DELETE ON `playbook_item_versions` WHEN OLD.`kind` = 'checklist' BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_sop_insert` AFTER INSERT ON `sop_versions`
WHEN NOT EXISTS (SELECT 1 FROM `sop_versions` WHERE `workflow` = NEW.`workflow` AND `role` = NEW.`role` AND `id` <> NEW.`id`) BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_sop_update` AFTER UPDATE OF `workflow`, `role` ON `sop_versions` BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `site_readiness_sop_delete` AFTER DELETE ON `sop_versions`
WHEN NOT EXISTS (SELECT 1 FROM `sop_versions` WHERE `workflow` = OLD.`workflow` AND `role` = OLD.`role`) BEGIN
  UPDATE `site_readiness` SET `dirty` = 1 WHERE `dirty` = 0;
END;
