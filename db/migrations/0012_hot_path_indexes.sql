-- Reading fast at agency scale (docs/ARCHITECTURE.md, "Reading fast"): the indexes the hot reads need
-- (the Sites list's filters, sorts and pages, due reviews, the review owner matrix, a person named as
-- the actor), and each site's owner figures kept by triggers, so the Sites list filters and sorts
-- 10,000 sites by owner gaps without counting every site's owners on each call.
--
-- `site_owner_stats` is derived data, never edited and never synced: one row per site with its live
-- owner assignments counted (`assigned`; owner gaps are the responsibilities minus this), those not
-- yet verified (`unverified`) and whether one of them is the setup owner (`setup_owner`). The triggers
-- recount a site whenever one of its owner assignments is written, whoever writes (the app, the CLI, a
-- script, another window), so the row always equals a count made now.
CREATE TABLE `site_owner_stats` (
	`site_id` text PRIMARY KEY NOT NULL,
	`assigned` integer DEFAULT 0 NOT NULL,
	`unverified` integer DEFAULT 0 NOT NULL,
	`setup_owner` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `site_owner_stats_assigned_idx` ON `site_owner_stats` (`assigned`,`site_id`);
--> statement-breakpoint
INSERT INTO `site_owner_stats` (`site_id`, `assigned`, `unverified`, `setup_owner`)
SELECT s.`id`,
  (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL),
  (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`verified_at` IS NULL),
  EXISTS (SELECT 1 FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`responsibility` = 'setup')
FROM `sites` s;
--> statement-breakpoint
CREATE TRIGGER `site_owner_stats_site_insert` AFTER INSERT ON `sites` BEGIN
  INSERT INTO `site_owner_stats` (`site_id`) VALUES (NEW.`id`) ON CONFLICT (`site_id`) DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `site_owner_stats_owner_insert` AFTER INSERT ON `owner_assignments` BEGIN
  INSERT INTO `site_owner_stats` (`site_id`, `assigned`, `unverified`, `setup_owner`)
  SELECT s.`id`,
    (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL),
    (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`verified_at` IS NULL),
    EXISTS (SELECT 1 FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`responsibility` = 'setup')
  FROM `sites` s WHERE s.`id` = NEW.`site_id`
  ON CONFLICT (`site_id`) DO UPDATE SET `assigned` = excluded.`assigned`, `unverified` = excluded.`unverified`, `setup_owner` = excluded.`setup_owner`;
END;
--> statement-breakpoint
CREATE TRIGGER `site_owner_stats_owner_update` AFTER UPDATE OF `site_id`, `responsibility`, `verified_at`, `archived_at` ON `owner_assignments` BEGIN
  INSERT INTO `site_owner_stats` (`site_id`, `assigned`, `unverified`, `setup_owner`)
  SELECT s.`id`,
    (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL),
    (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`verified_at` IS NULL),
    EXISTS (SELECT 1 FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`responsibility` = 'setup')
  FROM `sites` s WHERE s.`id` IN (OLD.`site_id`, NEW.`site_id`)
  ON CONFLICT (`site_id`) DO UPDATE SET `assigned` = excluded.`assigned`, `unverified` = excluded.`unverified`, `setup_owner` = excluded.`setup_owner`;
END;
--> statement-breakpoint
CREATE TRIGGER `site_owner_stats_owner_delete` AFTER DELETE ON `owner_assignments` BEGIN
  INSERT INTO `site_owner_stats` (`site_id`, `assigned`, `unverified`, `setup_owner`)
  SELECT s.`id`,
    (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL),
    (SELECT count(*) FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`verified_at` IS NULL),
    EXISTS (SELECT 1 FROM `owner_assignments` oa WHERE oa.`site_id` = s.`id` AND oa.`archived_at` IS NULL AND oa.`responsibility` = 'setup')
  FROM `sites` s WHERE s.`id` = OLD.`site_id`
  ON CONFLICT (`site_id`) DO UPDATE SET `assigned` = excluded.`assigned`, `unverified` = excluded.`unverified`, `setup_owner` = excluded.`setup_owner`;
END;
--> statement-breakpoint
-- The Sites list's pages: live sites in name order and by last change (a deep page walks the index),
-- archived sites in name order, and the live sites of given stages (counted from the index alone).
CREATE INDEX `sites_live_name_idx` ON `sites` ("name" collate nocase,`id`) WHERE "sites"."archived_at" is null;
--> statement-breakpoint
CREATE INDEX `sites_live_updated_idx` ON `sites` (`updated_at`,"name" collate nocase,`id`) WHERE "sites"."archived_at" is null;
--> statement-breakpoint
CREATE INDEX `sites_archived_name_idx` ON `sites` ("name" collate nocase,`id`) WHERE "sites"."archived_at" is not null;
--> statement-breakpoint
CREATE INDEX `sites_live_stage_idx` ON `sites` (`stage`) WHERE "sites"."archived_at" is null;
--> statement-breakpoint
-- A site's owner assignments, live or not (a document's owner facts, a site's history of owners).
CREATE INDEX `owner_assignments_site_idx` ON `owner_assignments` (`site_id`);
--> statement-breakpoint
-- Sorting sites by client walks the clients in name order.
CREATE INDEX `clients_name_nocase_idx` ON `clients` ("name" collate nocase,`id`);
--> statement-breakpoint
-- A person named by name (`--as "Ann Lee"`, the actor of a script) is found without reading everyone.
CREATE INDEX `people_name_lower_idx` ON `people` (lower("name"));
