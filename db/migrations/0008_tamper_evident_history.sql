ALTER TABLE `change_log` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `change_log` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `change_log` ADD `hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `change_log_seq_idx` ON `change_log` (`seq`);--> statement-breakpoint
ALTER TABLE `review_schedules` ADD `archived_at` text;--> statement-breakpoint
-- History is appended, never replaced: an INSERT that meets an existing row (INSERT OR REPLACE, REPLACE,
-- INSERT ... ON CONFLICT DO UPDATE) is refused before SQLite resolves the conflict, so it holds on every
-- connection whatever its recursive_triggers setting. A new row comes after the last one.
CREATE TRIGGER `change_log_no_replace` BEFORE INSERT ON `change_log`
WHEN EXISTS (SELECT 1 FROM `change_log` WHERE `id` = NEW.`id` OR `seq` >= NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only: a history row cannot be replaced');
END;
--> statement-breakpoint
-- Every new row is sealed into the hash chain when it is written (rows from before the chain are sealed
-- once by the app right after this migration).
CREATE TRIGGER `change_log_sealed_rows_only` BEFORE INSERT ON `change_log`
WHEN NEW.`seq` IS NULL OR NEW.`content_hash` IS NULL OR NEW.`hash` IS NULL
BEGIN
  SELECT RAISE(ABORT, 'change_log rows must be sealed: seq, content_hash and hash are required');
END;
