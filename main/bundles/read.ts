/**
 * A bundle read and checked as a file: its manifest (format, app, schema version), every entry against
 * the manifest (listed, same size, same sha256), and each data file parsed as rows. What the rows say
 * is checked against this workspace in plan.ts.
 */
import { BUNDLE_APP, BUNDLE_FORMAT, dataPath, HISTORY_PATH, Manifest, MANIFEST_PATH, type BundleProblem, type BundleRow, type ZipLimits } from './format';
import { NOT_BUNDLED, tableSpec } from './tables';
import { readZip } from './zip-read';

export interface ParsedBundle {
  manifest: Manifest | null;
  /** Rows per table as the bundle has them. */
  tables: Map<string, BundleRow[]>;
  history: BundleRow[];
  problems: BundleProblem[];
}

function parseRows(path: string, bytes: Buffer, problems: BundleProblem[]): BundleRow[] | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    problems.push({ path, message: `Not valid JSON: ${(e as Error).message}.` });
    return null;
  }
  if (!Array.isArray(value)) {
    problems.push({ path, message: 'Expected a list of rows.' });
    return null;
  }
  const bad = value.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0) {
    problems.push({ path, message: `Row ${bad + 1} is not an object of column values.` });
    return null;
  }
  return value as BundleRow[];
}

export async function readBundle(file: string, opts: { limits: ZipLimits; schemaVersion: number; signal?: AbortSignal }): Promise<ParsedBundle> {
  // Documents are for a reader without the app: checked against the manifest as they stream, never held.
  const { entries, problems } = await readZip(file, opts.limits, opts.signal, (name) => !name.startsWith('documents/'));
  const out: ParsedBundle = { manifest: null, tables: new Map(), history: [], problems };
  const manifestBytes = entries.get(MANIFEST_PATH)?.bytes;
  if (!manifestBytes) {
    // A file that is not a zip at all has said so already: a missing manifest would only repeat it.
    if (!problems.some((p) => p.path === MANIFEST_PATH || p.path === '(the file)'))
      problems.push({ path: MANIFEST_PATH, message: 'The bundle has no manifest: it was not written by Rollout Workbench, or it is damaged.' });
    return out;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(manifestBytes.toString('utf8'));
  } catch (e) {
    problems.push({ path: MANIFEST_PATH, message: `The manifest is not valid JSON: ${(e as Error).message}.` });
    return out;
  }
  const head = raw as Partial<Manifest> | null;
  if (head?.app !== BUNDLE_APP) {
    problems.push({ path: MANIFEST_PATH, message: `The bundle was made by “${String(head?.app)}”, not by Rollout Workbench.` });
    return out;
  }
  if (head.format !== BUNDLE_FORMAT) {
    problems.push({
      path: MANIFEST_PATH,
      message: `The bundle is in format version ${String(head.format)}; this app reads version ${BUNDLE_FORMAT}. Export it again from an app of the same version.`,
    });
    return out;
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    problems.push({
      path: MANIFEST_PATH,
      message: `The manifest is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
    });
    return out;
  }
  const manifest = parsed.data;
  out.manifest = manifest;
  if (manifest.schemaVersion > opts.schemaVersion)
    problems.push({
      path: MANIFEST_PATH,
      message: `The bundle was made by Rollout Workbench ${manifest.appVersion} with schema version ${manifest.schemaVersion}; this app is at ${opts.schemaVersion}. Update this app, then import it.`,
    });
  else if (manifest.schemaVersion < opts.schemaVersion)
    problems.push({
      path: MANIFEST_PATH,
      message: `The bundle was made by Rollout Workbench ${manifest.appVersion} with schema version ${manifest.schemaVersion}; this app is at ${opts.schemaVersion}. Open it in that version's app, update that workspace to this version, and export it again.`,
    });

  const listed = new Map<string, { bytes: number; sha256: string }>();
  for (const f of manifest.files) {
    if (listed.has(f.path)) problems.push({ path: f.path, message: 'The manifest lists this file twice.' });
    listed.set(f.path, f);
  }
  for (const [path, entry] of entries) {
    if (path === MANIFEST_PATH) continue;
    const f = listed.get(path);
    if (!f) problems.push({ path, message: 'This file is not listed in the manifest.' });
    else if (f.bytes !== entry.size) problems.push({ path, message: `Its size (${entry.size} bytes) differs from the manifest's (${f.bytes}).` });
    else if (f.sha256 !== entry.sha256) problems.push({ path, message: 'Its checksum (sha256) differs from the manifest’s: the file was changed or damaged.' });
  }
  for (const path of listed.keys())
    if (!entries.has(path) && !problems.some((p) => p.path === path))
      problems.push({ path, message: 'The manifest lists this file but the bundle does not hold it.' });

  for (const [path, entry] of entries) {
    const m = /^data\/([^/]+)\.json$/.exec(path);
    const bytes = entry.bytes;
    if (!m || !bytes) continue;
    const table = m[1]!;
    if (!tableSpec(table)) {
      problems.push({
        path,
        message: NOT_BUNDLED[table] ? `The table ${table} is never imported (${NOT_BUNDLED[table]}).` : `This app has no table named ${table}.`,
      });
      continue;
    }
    const rows = parseRows(path, bytes, problems);
    if (!rows) continue;
    if (manifest.tables[table] !== undefined && manifest.tables[table] !== rows.length)
      problems.push({ path, message: `It holds ${rows.length} rows; the manifest says ${manifest.tables[table]}.` });
    out.tables.set(table, rows);
  }
  for (const table of Object.keys(manifest.tables))
    if (!out.tables.has(table) && !entries.has(dataPath(table)) && !problems.some((p) => p.path === dataPath(table)))
      problems.push({ path: dataPath(table), message: 'The manifest counts rows of this table but the bundle does not hold them.' });
  const history = entries.get(HISTORY_PATH)?.bytes;
  if (history) out.history = parseRows(HISTORY_PATH, history, problems) ?? [];
  return out;
}
