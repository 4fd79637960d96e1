-- The change log is the history users rely on: refuse edits and deletions at the database level.
CREATE TRIGGER `change_log_no_update` BEFORE UPDATE ON `change_log`
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `change_log_no_delete` BEFORE DELETE ON `change_log`
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;
