CREATE TABLE `import_mapping_columns` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`mapping_id` text NOT NULL,
	`field` text NOT NULL,
	`column_name` text NOT NULL,
	FOREIGN KEY (`mapping_id`) REFERENCES `import_mappings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mapping_columns_once` ON `import_mapping_columns` (`mapping_id`,`field`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`sheet` text,
	`header_row` integer,
	`delimiter` text,
	`new_people` text DEFAULT 'agency' NOT NULL,
	`columns_signature` text NOT NULL,
	`column_names` text NOT NULL,
	`archived_at` text,
	CONSTRAINT "import_mappings_kind_valid" CHECK("import_mappings"."kind" in ('sites', 'clients', 'people', 'owners')),
	CONSTRAINT "import_mappings_new_people_valid" CHECK("import_mappings"."new_people" in ('agency', 'client')),
	CONSTRAINT "import_mappings_header_row_valid" CHECK("import_mappings"."header_row" is null or "import_mappings"."header_row" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_name` ON `import_mappings` (`name`) WHERE "import_mappings"."archived_at" is null;--> statement-breakpoint
CREATE INDEX `import_mappings_signature` ON `import_mappings` (`columns_signature`);