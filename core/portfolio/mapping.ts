/**
 * Column mappings of a portfolio spreadsheet: suggestions from the header names, the presets for the
 * exports of common WordPress management dashboards and for the workbench's own export, and the
 * problems of a mapping (a required field with no column, a column used twice).
 */
import { COMPUTED_COLUMNS, FIELDS_OF, IMPORT_KINDS, headerKey, isCredentialHeader, type ImportKind } from './fields';

/** Field key -> the column (header as the file writes it) it is read from; null: not imported. */
export type ColumnMap = Record<string, string | null>;

export interface Preset {
  id: string;
  label: string;
  kind: ImportKind;
  /** Header as the dashboard writes it -> field key. */
  headers: Readonly<Record<string, string>>;
  /** Where the column names come from, shown beside the preset. */
  source: string;
}

/**
 * MainWP: the columns of its Sites table export and of its "Import sites" CSV (Site Name, Site URL,
 * Admin Name, Tag, Security ID, HTTP Username, HTTP Password, Verify Certificate, SSL Version). The
 * connection columns are credentials and are never imported. ManageWP: the columns of its website
 * list export (Website name, URL, WordPress and PHP versions, client, tags).
 */
export const PRESETS: readonly Preset[] = [
  {
    id: 'mainwp',
    label: 'MainWP sites export',
    kind: 'sites',
    source: 'MainWP Dashboard: Sites table export and the “Import sites” CSV',
    headers: {
      'Site Name': 'name',
      Site: 'name',
      'Site URL': 'productionUrl',
      URL: 'productionUrl',
      Client: 'client',
      'Client Name': 'client',
      'WP Version': 'wordpressVersion',
      'WordPress Version': 'wordpressVersion',
      'PHP Version': 'phpVersion',
      PHP: 'phpVersion',
      Notes: 'notes',
    },
  },
  {
    id: 'managewp',
    label: 'ManageWP websites export',
    kind: 'sites',
    source: 'ManageWP: website list export',
    headers: {
      'Website Name': 'name',
      Website: 'name',
      'Website URL': 'productionUrl',
      URL: 'productionUrl',
      'WordPress Version': 'wordpressVersion',
      'WP Version': 'wordpressVersion',
      'PHP Version': 'phpVersion',
      Client: 'client',
      'Client Name': 'client',
      Host: 'host',
      'Hosting Provider': 'host',
      'Active Theme': 'activeTheme',
      Theme: 'activeTheme',
      Notes: 'notes',
    },
  },
  ...IMPORT_KINDS.map((kind): Preset => ({
    id: `workbench-${kind}`,
    label: `Rollout Workbench ${kind === 'owners' ? 'owner matrix' : kind} export`,
    kind,
    source: 'an export of this app',
    headers: Object.fromEntries(FIELDS_OF[kind].map((f) => [f.label, f.key])),
  })),
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The mapping a preset gives for these columns (each header compared after folding). */
export function presetMapping(preset: Preset, columns: readonly string[]): ColumnMap {
  const byKey = new Map(columns.map((c) => [headerKey(c), c] as const));
  const out: ColumnMap = Object.fromEntries(FIELDS_OF[preset.kind].map((f) => [f.key, null]));
  for (const [header, field] of Object.entries(preset.headers)) {
    const column = byKey.get(headerKey(header));
    if (column && !isCredentialHeader(column) && out[field] === null) out[field] = column;
  }
  return out;
}

/** How many of a preset's headers the file has: a preset is recognised when most of the file's mapped columns are its own. */
function presetScore(preset: Preset, columns: readonly string[]): number {
  const keys = new Set(columns.map(headerKey));
  const matched = new Set<string>();
  for (const [header, field] of Object.entries(preset.headers)) if (keys.has(headerKey(header))) matched.add(field);
  const required = FIELDS_OF[preset.kind].filter((f) => f.required).every((f) => matched.has(f.key) || (preset.kind === 'sites' && f.key === 'client'));
  return required ? matched.size : 0;
}

/**
 * The preset this file looks like (the workbench's own first, then the dashboards), or null. A
 * workbench export is recognised by every one of its required headers; a dashboard's by its site
 * name and URL columns (their exports carry no client column: the import then asks for one).
 */
export function detectPreset(columns: readonly string[]): Preset | null {
  let best: { preset: Preset; score: number } | null = null;
  for (const preset of PRESETS) {
    const score = presetScore(preset, columns) + (preset.id.startsWith('workbench-') ? 0.5 : 0);
    if (score >= 2 && (!best || score > best.score)) best = { preset, score };
  }
  return best?.preset ?? null;
}

/** A mapping suggested from the header names: the label, then each synonym; a column is used once. */
export function suggestMapping(kind: ImportKind, columns: readonly string[]): ColumnMap {
  const free = new Map(columns.filter((c) => !isCredentialHeader(c)).map((c) => [headerKey(c), c] as const));
  const out: ColumnMap = {};
  const fields = FIELDS_OF[kind];
  // Exact labels first, so "Host" is never taken by a synonym of another field before its own.
  for (const f of fields) {
    const column = free.get(headerKey(f.label));
    out[f.key] = column ?? null;
    if (column) free.delete(headerKey(f.label));
  }
  for (const f of fields) {
    if (out[f.key]) continue;
    for (const word of f.synonyms) {
      const column = free.get(headerKey(word));
      if (column) {
        out[f.key] = column;
        free.delete(headerKey(word));
        break;
      }
    }
  }
  return out;
}

/** The kind of record a file most likely holds: the one whose required fields its headers cover best. */
export function suggestKind(columns: readonly string[]): ImportKind {
  let best: { kind: ImportKind; score: number } = { kind: 'sites', score: -1 };
  for (const kind of IMPORT_KINDS) {
    const map = suggestMapping(kind, columns);
    const fields = FIELDS_OF[kind];
    const required = fields.filter((f) => f.required);
    const found = required.filter((f) => map[f.key]).length;
    // Every required field found counts most; then how many columns the kind would read.
    const score = (found === required.length ? 1000 : 0) + found * 10 + fields.filter((f) => map[f.key]).length;
    if (score > best.score) best = { kind, score };
  }
  return best.kind;
}

export interface MappingProblem {
  field: string;
  message: string;
}

/** What stops a mapping from being used: a required field without a column, a column mapped twice, a credential column. */
export function mappingProblems(kind: ImportKind, columns: ColumnMap, fileColumns: readonly string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const known = new Set(fileColumns);
  const used = new Map<string, string>();
  for (const f of FIELDS_OF[kind]) {
    const column = columns[f.key] ?? null;
    if (!column) {
      if (f.required) problems.push({ field: f.key, message: `${f.label} is required: choose the column that holds it.` });
      continue;
    }
    if (!known.has(column)) problems.push({ field: f.key, message: `${f.label}: the file has no column “${column}”. Choose one of its columns.` });
    else if (isCredentialHeader(column))
      problems.push({ field: f.key, message: `${f.label}: “${column}” holds credentials, which are never imported. Choose another column or none.` });
    const other = used.get(column);
    if (other) problems.push({ field: f.key, message: `${f.label}: the column “${column}” is already mapped to ${other}. Map each column once.` });
    else used.set(column, f.label);
  }
  for (const key of Object.keys(columns)) {
    if (!FIELDS_OF[kind].some((f) => f.key === key)) problems.push({ field: key, message: `“${key}” is not a field of ${kind}: remove it from the mapping.` });
  }
  return problems;
}

/** Columns of the file no field reads, each with why: credentials, figures the workbench works out, or not mapped. */
export function unmappedColumns(
  kind: ImportKind,
  columns: ColumnMap,
  fileColumns: readonly string[],
): { column: string; why: 'credentials' | 'computed' | 'unmapped' }[] {
  const mapped = new Set(Object.values(columns).filter((c): c is string => !!c));
  const computed = new Set(COMPUTED_COLUMNS[kind].map(headerKey));
  return fileColumns
    .filter((c) => !mapped.has(c))
    .map((column) => ({ column, why: isCredentialHeader(column) ? 'credentials' : computed.has(headerKey(column)) ? 'computed' : 'unmapped' }));
}
