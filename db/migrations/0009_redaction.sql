-- Redaction is the one sanctioned change to written history: it may replace a secret in a history row's
-- summary, before and after with a marker, and nothing else. The redact action writes a grant row here
-- and removes it again inside its own transaction, so no other connection ever sees one; at rest the
-- table is empty and history refuses every UPDATE as before. The rewritten rows are named by the
-- redaction's own history entry, so verification tells a redaction from tampering.
CREATE TABLE `redaction_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP TRIGGER `change_log_no_update`;
--> statement-breakpoint
CREATE TRIGGER `change_log_no_update` BEFORE UPDATE ON `change_log`
WHEN NOT EXISTS (SELECT 1 FROM `redaction_grants`)
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`entity` IS NOT OLD.`entity` OR NEW.`entity_id` IS NOT OLD.`entity_id`
  OR NEW.`site_id` IS NOT OLD.`site_id` OR NEW.`action` IS NOT OLD.`action` OR NEW.`actor` IS NOT OLD.`actor`
  OR NEW.`device` IS NOT OLD.`device` OR NEW.`at` IS NOT OLD.`at` OR NEW.`seq` IS NOT OLD.`seq`
  OR NEW.`content_hash` IS NOT OLD.`content_hash` OR NEW.`hash` IS NOT OLD.`hash`
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;
