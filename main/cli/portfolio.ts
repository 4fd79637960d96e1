/**
 * `rollout-workbench export` and `import`: the portfolio to and from spreadsheets from a terminal
 * (main/services/portfolio-export.ts, main/services/portfolio.ts), with the same rules as the app.
 *
 *   export --workspace F --what sites|clients|people|owners --format csv|xlsx|json --out FILE|DIR [--force]
 *          [the `sites` command's filters, for sites and owners] [--site ID: one site's owners]
 *   import --workspace F --file X [--mapping NAME|FILE.json] [--kind K] [--sheet S] [--header-row N] [--dry-run] [--json]
 *
 * Exit codes as every command: 0 done, 1 needs attention (the file has bad rows, which were left out,
 * or the import was cancelled), 2 error (bad arguments, a mapping that does not fit, a workspace that
 * cannot be opened or written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { contract } from '@core/contract/index';
import { EXPORT_FORMATS, EXPORT_KINDS, PortfolioMapping, type ImportReport } from '@core/contract/portfolio';
import { WorkbenchError } from '@core/errors';
import { IMPORT_KINDS, type ImportKind } from '@core/portfolio/fields';
import { mappingProblems } from '@core/portfolio/mapping';
import { WorkspaceOpenError } from '@db/client';
import { ensureOutputFolder, OutputFolderError } from '../output-folder';
import { silentLogger, writerOf, type Clock } from '../rpc/context';
import { classifyFault } from '../rpc/faults';
import { writePortfolioExport, writePortfolioExportFile } from '../services/portfolio-export';
import { dryRunPortfolioFile, importPortfolioFile, inspectPortfolioFile, type PortfolioFile } from '../services/portfolio';
import { findMappingByName, listMappings } from '../services/portfolio-mappings';
import { openSession, type Session } from '../session';
import { CLI_CREATE_RULE } from '../workspace-create';
import { actAs } from './actor';
import { UsageError, type CliIo } from './common';
import { filtersOf, type SitesArgs } from './sites';

export interface PortfolioArgs extends SitesArgs {
  what?: string;
  format?: string[];
  out?: string;
  force?: boolean;
  site?: string[];
  file?: string;
  mapping?: string;
  kind?: string[];
  sheet?: string;
  'header-row'?: string;
  'dry-run'?: boolean;
  'read-only'?: boolean;
  as?: string;
}

/** The `sites` filters, which narrow a sites or owners export. */
const FILTER_FLAGS: [keyof SitesArgs, string][] = [
  ['search', '--search'],
  ['stage', '--stage'],
  ['client', '--client'],
  ['client-id', '--client-id'],
  ['owner', '--owner'],
  ['owner-role', '--owner-role'],
  ['host', '--host'],
  ['provider', '--provider'],
  ['reason', '--reason'],
  ['incomplete', '--incomplete'],
  ['owner-gaps', '--owner-gaps'],
  ['paused', '--paused'],
  ['blocked', '--blocked'],
  ['open-incidents', '--open-incidents'],
  ['archived', '--archived'],
];

function openOrFail(file: string, readonly: boolean, env: NodeJS.ProcessEnv, io: CliIo, clock?: Clock): Session | null {
  try {
    const s = openSession(path.resolve(file), { log: silentLogger, ...CLI_CREATE_RULE, readonly, env, ...(clock ? { clock } : {}) });
    for (const notice of s.workspace.notices) io.err(notice);
    return s;
  } catch (e) {
    io.err(e instanceof WorkspaceOpenError ? e.message : (classifyFault(e)?.message ?? `Cannot open ${file}: ${(e as Error).message}`));
    return null;
  }
}

/** One value of a flag parsed as repeatable elsewhere (--format, --kind), refusing several. */
function single(flag: string, values: string[] | undefined): string | undefined {
  const all = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (all.length > 1) throw new UsageError(`${flag}: give one value, not ${all.join(' and ')}.`);
  return all[0];
}

/* ---------- export ---------- */

export async function runExport(file: string, args: PortfolioArgs, io: CliIo, env: NodeJS.ProcessEnv, clock?: Clock): Promise<number> {
  const what = args.what?.trim().toLowerCase();
  if (!what || !(EXPORT_KINDS as readonly string[]).includes(what)) throw new UsageError(`--what ${EXPORT_KINDS.join('|')} is required: what to export.`);
  if (!args.out) throw new UsageError('--out FILE is required: the file to write (or a folder, where the file gets its own name).');
  const target = path.resolve(args.out);
  const isFolder = fs.existsSync(target) && fs.statSync(target).isDirectory();
  const fromName = path.extname(target).slice(1).toLowerCase();
  const format = single('--format', args.format) ?? (!isFolder && (EXPORT_FORMATS as readonly string[]).includes(fromName) ? fromName : undefined);
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format ${EXPORT_FORMATS.join('|')} is required: the file's format.`);
  if (!isFolder && (EXPORT_FORMATS as readonly string[]).includes(fromName) && fromName !== format)
    throw new UsageError(`--out ${args.out} ends in .${fromName} but --format is ${format}: make them agree.`);
  if (!isFolder && fs.existsSync(target) && !args.force)
    throw new UsageError(`--out: ${target} already exists. Pass --force to replace it, or name another file.`);
  const filterGiven = FILTER_FLAGS.filter(([key]) => args[key] !== undefined && args[key] !== false && !(Array.isArray(args[key]) && args[key].length === 0));
  if (filterGiven.length && what !== 'sites' && what !== 'owners')
    throw new UsageError(
      `${filterGiven.map(([, flag]) => flag).join(', ')}: filters narrow a sites or owners export; ${what} are exported in full (the active ones).`,
    );
  if (args.limit !== undefined || args.offset !== undefined)
    throw new UsageError('--limit and --offset page the sites command; an export writes every matching record (narrow it with the filters).');
  if (args.site?.length && what !== 'owners') throw new UsageError('--site is for one site’s owners: use it with --what owners.');
  if ((args.site?.length ?? 0) > 1) throw new UsageError('--site: give one site (its owners), or use the filters for several.');
  if (args.site?.length && filterGiven.length) throw new UsageError('Use --site or the filters, not both.');
  try {
    if (!isFolder) ensureOutputFolder(path.dirname(target), '--out');
  } catch (e) {
    throw e instanceof OutputFolderError ? new UsageError(e.message) : e;
  }
  const session = openOrFail(file, true, env, io, clock);
  if (!session) return 2;
  try {
    const filter = what === 'sites' || what === 'owners' ? filtersOf(session, args) : undefined;
    const parsed = contract['portfolio.export'].input.safeParse({
      what,
      format,
      ...(filter ? { filter } : {}),
      ...(args.site?.length ? { siteId: args.site[0] } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${issue.path[0] === 'format' ? '--format: ' : issue.path[0] === 'siteId' ? '--site: ' : ''}${issue.message}`);
    }
    let r;
    try {
      r = isFolder ? await writePortfolioExport(session.ctx, parsed.data, target) : await writePortfolioExportFile(session.ctx, parsed.data, target);
    } catch (e) {
      const fault = classifyFault(e);
      if (fault) throw new UsageError(`--out: ${fault.message}`);
      throw e;
    }
    if (args.json) io.out(JSON.stringify(r, null, 2));
    else io.out(`Wrote ${r.rows} row${r.rows === 1 ? '' : 's'} to ${r.file}`);
    return 0;
  } finally {
    session.close();
  }
}

/* ---------- import ---------- */

function headerRowOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 1000)
    throw new UsageError(`--header-row must be a row number from 1 to 1000 (the row holding the column names); got "${text}".`);
  return n;
}

/** The mapping --mapping names: a JSON file holding one, or a saved mapping's name. */
function namedMapping(session: Session, text: string): PortfolioMapping {
  const asFile = path.resolve(text);
  if (fs.existsSync(asFile) && fs.statSync(asFile).isFile()) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(asFile, 'utf8'));
    } catch (e) {
      throw new UsageError(`--mapping ${text}: not a JSON file (${(e as Error).message}).`);
    }
    // A saved mapping as `portfolio.mappings` lists it holds the mapping under `mapping`.
    const candidate = raw && typeof raw === 'object' && 'mapping' in raw ? (raw as { mapping: unknown }).mapping : raw;
    const parsed = PortfolioMapping.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--mapping ${text}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
    }
    return parsed.data;
  }
  const saved = findMappingByName(session.ctx, text);
  if (saved) return saved.mapping;
  const names = listMappings(session.ctx).map((m) => m.name);
  throw new UsageError(
    `--mapping ${text}: no such file, and no saved mapping has that name. ${names.length ? `Saved mappings: ${names.join(', ')}.` : 'This workspace has no saved mappings (the app saves them on import).'}`,
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function printReport(r: ImportReport, io: CliIo): void {
  io.out(
    `${plural(r.rows, 'row')} read: ${r.good} good, ${r.bad} bad, ${r.unchanged} unchanged${r.duplicates ? `, ${r.duplicates} repeating an earlier row` : ''}.`,
  );
  for (const [label, c] of Object.entries(r.counts))
    if (c.add + c.update + c.unchanged)
      io.out(`  ${label.padEnd(8)} ${String(c.add).padStart(6)} to add ${String(c.update).padStart(6)} to update ${String(c.unchanged).padStart(6)} unchanged`);
  for (const p of r.problems) io.out(`LINE ${p.line}  ${p.field ? `${p.field}: ` : ''}${p.reason}`);
  if (r.bad > r.problems.length) io.out(`…and ${r.bad - r.problems.length} more bad rows.`);
  for (const n of r.notes) io.out(`NOTE line ${n.line}  ${n.field ? `${n.field}: ` : ''}${n.reason}`);
  if (r.noted > r.notes.length) io.out(`…and ${r.noted - r.notes.length} more rows with a note.`);
  for (const c of r.changes.slice(0, 20)) {
    io.out(`${c.action === 'add' ? 'ADD   ' : 'UPDATE'} line ${c.line}: ${c.label}`);
    for (const f of c.fields) io.out(`    ${f.label}: ${f.before ?? '(empty)'} → ${f.after ?? '(empty)'}`);
  }
  if (r.changes.length > 20) io.out(`…and more changes (the first 20 are shown).`);
  for (const c of r.ignoredColumns) if (c.why === 'credentials') io.out(`Column “${c.column}” holds credentials: never imported.`);
}

export async function runImport(file: string, args: PortfolioArgs, io: CliIo, env: NodeJS.ProcessEnv, clock?: Clock): Promise<number> {
  if (!args.file) throw new UsageError('--file X is required: the CSV or XLSX file to import.');
  const source = path.resolve(args.file);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new UsageError(`--file: ${source} does not exist.`);
  const kind = single('--kind', args.kind);
  if (kind !== undefined && !(IMPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind ${kind}: use ${IMPORT_KINDS.join(', ')}.`);
  const headerRow = headerRowOf(args['header-row']);
  const dryRun = args['dry-run'] ?? false;
  if (args['read-only'] && !dryRun) throw new UsageError('--read-only cannot import: add --dry-run to see what the import would do.');
  const session = openOrFail(file, dryRun, env, io, clock);
  if (!session) return 2;
  try {
    if (!dryRun && session.workspace.readOnlyReason)
      throw new UsageError(
        `${session.workspace.file} is open read-only (${session.workspace.readOnlyReason}): nothing can be imported. --dry-run shows what the import would do.`,
      );
    const actor = actAs(session, args.as, !dryRun);
    if (!actor.ok) throw new UsageError(actor.problem);
    const portfolioFile: PortfolioFile = { path: source, name: path.basename(source) };
    const choice = { sheet: args.sheet ?? null, headerRow };
    let mapping: PortfolioMapping;
    if (args.mapping !== undefined) {
      const named = namedMapping(session, args.mapping);
      if (kind && named.kind !== kind)
        throw new UsageError(`--mapping ${args.mapping} is for ${named.kind}, not ${kind}: drop --kind or choose another mapping.`);
      mapping = { ...named, ...(args.sheet !== undefined ? { sheet: args.sheet } : {}), ...(headerRow !== null ? { headerRow } : {}) };
    } else {
      const inspected = await inspectPortfolioFile(session.ctx, portfolioFile, { ...choice, ...(kind ? { kind: kind as ImportKind } : {}) });
      mapping = inspected.mapping;
      const problems = mappingProblems(mapping.kind, mapping.columns, inspected.columns);
      const how = inspected.saved
        ? `the saved mapping “${inspected.saved.name}”`
        : inspected.preset
          ? `the ${inspected.preset.label} preset`
          : 'a mapping suggested from the header names';
      if (problems.length) {
        io.err(`The columns of ${portfolioFile.name} do not map on their own (${how}, as ${mapping.kind}):`);
        for (const p of problems) io.err(`  ${p.message}`);
        io.err(`The file's columns: ${inspected.columns.join(', ')}.`);
        io.err(
          'Map them in the app and save the mapping (then --mapping NAME), or pass --mapping FILE.json, or --kind if the file holds another kind of records.',
        );
        return 2;
      }
      // With --json, stdout holds the report alone.
      (args.json ? io.err : io.out)(`Reading ${portfolioFile.name} as ${mapping.kind} with ${how}.`);
    }
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once('SIGINT', onInterrupt);
    try {
      const report: ImportReport & { imported?: number } = dryRun
        ? await dryRunPortfolioFile(session.ctx, portfolioFile, mapping, { signal: controller.signal })
        : await importPortfolioFile(writerOf(session.ctx), portfolioFile, mapping, { signal: controller.signal });
      if (args.json) io.out(JSON.stringify(report, null, 2));
      else {
        printReport(report, io);
        if (report.cancelled)
          io.out(dryRun ? 'Cancelled.' : 'Cancelled: the batches written before stay; run the import again to finish (rows already in are unchanged).');
        else if (dryRun) io.out(`Dry run: nothing was written.${report.bad ? ' Bad rows would be left out.' : ''}`);
        else io.out(`Imported ${plural(report.imported ?? 0, 'row')}.${report.bad ? ` ${plural(report.bad, 'bad row')} left out.` : ''}`);
      }
      if (actor.note && !dryRun) io.err(actor.note);
      return report.cancelled || report.bad > 0 ? 1 : 0;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  } catch (e) {
    // The engine refuses a file it cannot read (INVALID_INPUT naming the sheet or header row): an argument error.
    if (e instanceof WorkbenchError) throw new UsageError(e.message);
    throw e;
  } finally {
    session.close();
  }
}
