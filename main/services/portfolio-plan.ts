/**
 * A portfolio spreadsheet's rows turned into the changes an import would make, without writing: the
 * dry run shows this plan, the import plans again (the workspace may have changed since) and applies
 * it (portfolio-apply.ts).
 *
 * - Every row is checked BY CONSTRUCTION: the row becomes the input of the channel a user would call
 *   for it (`clients.create`, `sites.update`, `people.create`, `owners.assign`…), parsed by that
 *   channel's own contract schema and scanned by the one secret scan of every input
 *   (`findInputSecrets`). A row the form would refuse is a bad row here, with the form's message under
 *   the column's label; the services then apply every rule again when the import writes.
 * - Records found are updated field by field: only mapped columns with a non-empty cell count; an
 *   empty cell never clears a field. A row that changes nothing is "unchanged" and writes nothing, so
 *   importing the same file again writes nothing.
 * - A row for the same record as an earlier row of the file (same production URL, client name, email,
 *   or site and responsibility) is left out: counted in `duplicates` (not in `bad`), listed as a
 *   problem naming the earlier line. So `rows` = `good` + `bad` + `duplicates`.
 * - The rules of each kind of sheet are in portfolio-plan-sites.ts and portfolio-plan-records.ts.
 */
import { contract, type Channel, type ParsedInputOf } from '@core/contract/index';
import type { ImportChange, ImportProblem, ImportReport, PortfolioMapping } from '@core/contract/portfolio';
import { hasSecret } from '@core/domain/secret-scanner';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { fieldOf, type ImportKind } from '@core/portfolio/fields';
import { mappingProblems, unmappedColumns } from '@core/portfolio/mapping';
import { ReadAborted } from '../portfolio/read';
import type { OpenedSheet, SheetRow } from '../portfolio/sheet';
import { findInputSecrets } from '../rpc/input-secrets';
import type { HandlerContext } from '../rpc/context';
import { loadWorld, type World } from './portfolio-world';

/** One write of a planned row, through the service of the channel whose input it is. Ids may be placeholders (`new:…`). */
export type Op =
  | { kind: 'createClient'; ref: string; input: ParsedInputOf<'clients.create'> }
  | { kind: 'updateClient'; input: ParsedInputOf<'clients.update'> }
  | { kind: 'createSite'; ref: string; input: ParsedInputOf<'sites.create'> }
  | { kind: 'updateSite'; input: ParsedInputOf<'sites.update'> }
  | { kind: 'createPerson'; ref: string; input: ParsedInputOf<'people.create'> }
  | { kind: 'updatePerson'; input: ParsedInputOf<'people.update'> }
  | { kind: 'assign'; input: ParsedInputOf<'owners.assign'> };

type Entity = 'clients' | 'sites' | 'people' | 'owners';
type Counted = { entity: Entity; action: 'add' | 'update' | 'unchanged' };

/** A good row's writes, and what it adds to the counts (taken back when the row fails on import). */
export interface RowPlan {
  line: number;
  ops: Op[];
  counted: Counted[];
  changes: number;
}

export interface Plan {
  report: ImportReport;
  /** The good rows that write something, in file order. */
  rows: RowPlan[];
  /** Records the plan adds, by placeholder id, with the line adding each. */
  planned: World['planned'];
}

export const MAX_PROBLEMS = 200;
export const MAX_CHANGES = 200;
export const FIRST_ROWS = 20;

/** Shows a cell in a message, unless it holds a secret, which a message never repeats. */
export function shown(cell: string): string {
  if (hasSecret(cell)) return 'the value';
  const text = cell.length > 80 ? `${cell.slice(0, 77)}…` : cell;
  return `“${text}”`;
}

/** One row being planned: its problems, writes and changes; merged into the plan only when it is good. */
export class RowDraft {
  readonly problems: ImportProblem[] = [];
  /** What of a good row is left as it was, and why (see ImportReport.notes). */
  readonly notes: ImportProblem[] = [];
  readonly ops: Op[] = [];
  readonly changes: ImportChange[] = [];
  readonly counted: Counted[] = [];
  /** Field key -> the value as it will be stored (for the preview of the first rows). */
  readonly stored = new Map<string, string | null>();
  /** Run when the row turns out good: records it adds become visible to later rows. */
  readonly commits: (() => void)[] = [];
  /** People this row adds, by email, so an owner and a backup naming the same new email add one person. */
  readonly newPeople = new Map<string, string>();
  duplicateOf: number | null = null;

  constructor(
    readonly kind: ImportKind,
    readonly line: number,
    /** Strings the secret scan has already found clean in this file (see `validate`). */
    readonly clean: Set<string> = new Set(),
  ) {}

  problem(field: string | null, reason: string): void {
    const label = field ? (fieldOf(this.kind, field)?.label ?? field) : null;
    // One message per field: the first says what to fix; the schema's echo of it adds nothing.
    if (this.problems.some((p) => p.field === label)) return;
    this.problems.push({ line: this.line, field: label, reason });
  }

  note(field: string | null, reason: string): void {
    const label = field ? (fieldOf(this.kind, field)?.label ?? field) : null;
    this.notes.push({ line: this.line, field: label, reason });
  }

  count(entity: Entity, action: Counted['action']): void {
    this.counted.push({ entity, action });
  }
}

/**
 * Parses `raw` with `channel`'s contract schema and scans it for secrets, as the registry does for a
 * call of that channel; answers the parsed input, or null after adding each issue to the row under the
 * column it came from (`fieldFor` maps the input's first path segment to a field key of the sheet).
 */
export function validate<C extends Channel>(
  d: RowDraft,
  channel: C,
  raw: Record<string, unknown>,
  fieldFor: (path: string) => string | null,
): ParsedInputOf<C> | null {
  const parsed = contract[channel].input.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) d.problem(fieldFor(String(issue.path[0] ?? '')), issue.message);
    return null;
  }
  // The scan looks at each string (and each key) on its own, so a string it found clean in an earlier
  // row (a client name, a host, a version, an owner's id repeated on thousands of rows) is clean here
  // too: only the strings not seen yet are scanned again, at their own paths.
  const secret = findInputSecrets(channel, unseen(d.clean, parsed.data), unseen(d.clean, raw));
  if (!secret) {
    for (const [key, value] of [...Object.entries(parsed.data as object), ...Object.entries(raw)]) {
      if (d.clean.size >= MAX_CLEAN) break;
      d.clean.add(key);
      if (typeof value === 'string') d.clean.add(value);
    }
  }
  if (secret) {
    for (const issue of secret.issues) d.problem(fieldFor(issue.path.split('.')[0] ?? ''), issue.message);
    if (secret.issues.length === 0) d.problem(null, secret.message);
    return null;
  }
  return parsed.data as ParsedInputOf<C>;
}

const MAX_CLEAN = 200_000;

/**
 * A flat input without the entries the scan has nothing new to find in: strings already found clean,
 * and values that are not text (their keys, the schema's own field names, were scanned with the
 * first input). Only flat inputs reach the scan here.
 */
function unseen(clean: Set<string>, input: unknown): unknown {
  if (clean.size === 0 || typeof input !== 'object' || input === null) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (typeof value === 'string' && !clean.has(value)) out[key] = value;
  return out;
}

/** What a kind's planner gets for a row: its cells by field key (trimmed; null when empty or not mapped). */
export type Cells = (field: string) => string | null;

export interface Planner {
  world: World;
  mapping: PortfolioMapping;
  /** Records already met in the file: key -> the first line. */
  seen: Map<string, number>;
  /** Registers `key` for this row; answers the earlier line with the same key, or null. */
  firstLine(d: RowDraft, key: string): number | null;
}

export type RowPlanner = (p: Planner, d: RowDraft, cells: Cells) => void;

export function emptyReport(): ImportReport {
  const zero = () => ({ add: 0, update: 0, unchanged: 0 });
  return {
    rows: 0,
    good: 0,
    bad: 0,
    unchanged: 0,
    problems: [],
    notes: [],
    noted: 0,
    duplicates: 0,
    counts: { clients: zero(), sites: zero(), people: zero(), owners: zero() },
    changes: [],
    firstRows: [],
    ignoredColumns: [],
    cancelled: false,
  };
}

/** A mapping that cannot be used: INVALID_INPUT naming `mapping.columns.<field>` for each problem. */
export function assertMappingUsable(mapping: PortfolioMapping, columns: readonly string[]): void {
  const problems = mappingProblems(mapping.kind, mapping.columns, columns);
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new WorkbenchError(
    ErrorCode.INVALID_INPUT,
    problems.length === 1 ? first.message : `${first.message} (and ${problems.length - 1} more problems with the mapping)`,
    {
      issues: problems.map((p) => ({ path: `mapping.columns.${p.field}`, message: p.message })),
    },
  );
}

export interface PlanOptions {
  signal?: AbortSignal;
  /** Rows read so far and bytes into the file, at most a few times a second. */
  onProgress?: (rows: number, bytes: number) => void;
}

/** Reads every row of `sheet` through `mapping` and plans it against the workspace as it is now. */
export async function planImport(
  ctx: Pick<HandlerContext, 'db'>,
  sheet: OpenedSheet,
  mapping: PortfolioMapping,
  planRow: RowPlanner,
  opts: PlanOptions = {},
): Promise<Plan> {
  assertMappingUsable(mapping, sheet.columns);
  const report = emptyReport();
  report.ignoredColumns = unmappedColumns(mapping.kind, mapping.columns, sheet.columns);
  const world = loadWorld(ctx, { assignments: mapping.kind === 'owners' || Object.keys(mapping.columns).some((k) => k.includes('.') && mapping.columns[k]) });
  const index = new Map<string, number>();
  for (const [field, column] of Object.entries(mapping.columns)) if (column) index.set(field, sheet.columns.indexOf(column));
  const planner: Planner = {
    world,
    mapping,
    seen: new Map(),
    firstLine(d, key) {
      const earlier = this.seen.get(key);
      if (earlier !== undefined) return earlier;
      this.seen.set(key, d.line);
      return null;
    },
  };
  const rows: RowPlan[] = [];
  const clean = new Set<string>();
  const addProblem = (p: ImportProblem) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(p);
  };
  let bytes = 0;
  let lastProgress = 0;
  // A row with cells the reader could not trust (a formula never calculated, #N/A, bytes that are not
  // UTF-8) is bad only when one of those cells is in a mapped column; otherwise it is read as any row.
  const mapped = new Map<string, string>();
  for (const [field, column] of Object.entries(mapping.columns)) if (column) mapped.set(column, fieldOf(mapping.kind, field)?.label ?? field);
  const badLines = new Set<number>();
  const generator = sheet.rows({
    signal: opts.signal,
    partialRows: true,
    onBytes: (b) => (bytes = b),
    onProblem: (p) => {
      const hit = p.columns?.filter((c) => mapped.has(c));
      if (hit && hit.length === 0) return;
      if (p.columns) badLines.add(p.line);
      report.rows++;
      report.bad++;
      addProblem({ line: p.line, field: hit && hit.length === 1 ? mapped.get(hit[0]!)! : null, reason: p.reason });
    },
  });
  try {
    for await (const row of generator) {
      if (opts.signal?.aborted) break;
      if (!badLines.has(row.line)) planOne(row);
    }
  } catch (e) {
    // A cancel while the reader waits for the file ends the read; the report says it was cancelled.
    if (!(e instanceof ReadAborted)) throw e;
  }
  if (opts.signal?.aborted) report.cancelled = true;
  opts.onProgress?.(report.rows, bytes);
  return { report, rows, planned: world.planned };

  function planOne(row: SheetRow): void {
    report.rows++;
    const d = new RowDraft(mapping.kind, row.line, clean);
    const cells: Cells = (field) => {
      const i = index.get(field);
      if (i === undefined || i < 0) return null;
      const v = (row.cells[i] ?? '').trim();
      return v === '' ? null : v;
    };
    planRow(planner, d, cells);
    if (d.duplicateOf !== null) {
      report.duplicates++;
      addProblem({
        line: row.line,
        field: null,
        reason: `Duplicate of line ${d.duplicateOf}: an earlier row is for the same record, and only the first row for a record is read.`,
      });
    } else if (d.problems.length > 0) {
      report.bad++;
      for (const p of d.problems) addProblem(p);
    } else {
      report.good++;
      for (const commit of d.commits) commit();
      if (d.notes.length > 0) report.noted++;
      for (const n of d.notes) if (report.notes.length < MAX_PROBLEMS) report.notes.push(n);
      for (const c of d.counted) report.counts[c.entity][c.action]++;
      if (d.ops.length === 0) report.unchanged++;
      for (const change of d.changes) if (report.changes.length < MAX_CHANGES) report.changes.push(change);
      if (d.ops.length > 0) rows.push({ line: row.line, ops: d.ops, counted: d.counted, changes: d.changes.length });
    }
    if (report.firstRows.length < FIRST_ROWS) report.firstRows.push({ line: row.line, values: storedValues(mapping, d, cells) });
    const now = Date.now();
    if (opts.onProgress && now - lastProgress >= 100) {
      lastProgress = now;
      opts.onProgress(report.rows, bytes);
    }
  }
}

/** A row as it will be stored: each mapped field's label -> its value after the checks (null: left as it is). */
function storedValues(mapping: PortfolioMapping, d: RowDraft, cells: Cells): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const [field, column] of Object.entries(mapping.columns)) {
    if (!column) continue;
    const label = fieldOf(mapping.kind, field)?.label ?? field;
    const cell = cells(field);
    values[label] = cell === null ? null : d.stored.has(field) ? (d.stored.get(field) ?? null) : hasSecret(cell) ? null : cell;
  }
  return values;
}
