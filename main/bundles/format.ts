/**
 * The handover bundle format, version 1 (docs/ARCHITECTURE.md, "Handover bundles"). A bundle is a zip:
 *
 * - `manifest.json`: what made it (app, its version, the workspace's schema version), when, what it
 *   holds (scope, rows per table) and every other file with its size and sha256.
 * - `data/<table>.json`: the table's rows, an array of objects keyed by SQL column name.
 * - `history/change_log.json`: the history rows of the records in the bundle, oldest first, without
 *   `seq`, `content_hash` and `hash` (those seal a row into one workspace's chain; the importing
 *   workspace seals the rows into its own).
 * - `documents/<site>/<document>.md|.html`: each site's documents as they read when it was exported,
 *   for a reader without the app. They are never imported.
 */
import { z } from 'zod';

export const BUNDLE_FORMAT = 1;
export const BUNDLE_APP = 'rollout-workbench';
export const MANIFEST_PATH = 'manifest.json';
export const HISTORY_PATH = 'history/change_log.json';
export const BUNDLE_EXTENSION = '.rwbundle.zip';

export const dataPath = (table: string) => `data/${table}.json`;

export const ScopeKind = z.enum(['site', 'client', 'all']);
export type ScopeKind = z.infer<typeof ScopeKind>;

export const Manifest = z.object({
  format: z.number().int(),
  app: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  scope: z.object({ kind: ScopeKind, id: z.string().optional(), name: z.string().optional() }),
  tables: z.record(z.string(), z.number().int().min(0)),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof Manifest>;

/** A row as a bundle carries it: SQL column name -> value. */
export type BundleRow = Record<string, unknown>;

/** The columns of a change-log row a bundle carries (the content its seal covers). */
export const HISTORY_COLUMNS = ['id', 'entity', 'entity_id', 'site_id', 'action', 'summary', 'before', 'after', 'actor', 'device', 'at'] as const;

/**
 * How much a bundle may inflate to. Checked while inflating, never from the sizes the zip declares: an
 * entry stops being read the moment it passes its limit.
 */
export interface ZipLimits {
  /** Largest uncompressed entry (bytes). */
  maxEntryBytes: number;
  /** Largest sum of uncompressed entries (bytes). */
  maxTotalBytes: number;
  /** Largest ratio of uncompressed to compressed bytes, past `ratioFloorBytes` (small entries compress well). */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Most entries a bundle may have. */
  maxEntries: number;
}

/**
 * Data and history entries are held in memory and parsed (a row costs several times its bytes as
 * objects), so one entry stays at 64 MiB and a bundle at 256 MiB inflated; documents are hashed as
 * they stream and never held. The 10,000-site seed's bundle inflates to well under these.
 */
export const DEFAULT_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 200_000,
};

/** One thing wrong with a bundle: the entry (or record) it is about, and what is wrong in words. */
export interface BundleProblem {
  path: string;
  message: string;
}
