/**
 * `rollout-workbench <command> --workspace FILE`: the workbench from a terminal or a scheduler.
 * Exit codes: 0 done, 1 the command found something that needs attention, 2 error (bad arguments,
 * workspace cannot be opened).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OutputOf } from '@core/contract/index';
import { WorkspaceOpenError } from '@db/client';
import { parseWithin } from '@core/domain/cadence';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, type DocumentFormat, type DocumentKind } from '@core/documents/model';
import { exportDocuments } from './documents/bulk';
import { writeFileAtomically } from './files';
import { silentLogger, writerOf, type Clock } from './rpc/context';
import { classifyFault } from './rpc/faults';
import { printable } from './printable';
import { openSession, type Session } from './session';
import { runReminders } from './cli-email';
import { actAs, historyMark, recordedSince } from './cli/actor';
import { runBackup, terminalAsk } from './cli/backup';
import { runBundle } from './cli/bundle';
import { runExport, runImport } from './cli/portfolio';
import { call, UsageError } from './cli/common';
import { runInfo } from './cli/info';
import { runSites } from './cli/sites';
import { ensureOutputFolder, OutputFolderError } from './output-folder';
import { personIdByEmail } from './services/people';
import { liveSiteIds, siteName } from './services/sites-list';
import { CLI_CREATE_RULE } from './workspace-create';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: rollout-workbench <command> [options]

Commands:
  info     The workspace at a glance: file and size, schema version, time zone, sites, clients and
           people (active and archived), sites by stage, what needs attention, reviews overdue and
           due, open incidents and the last change.
  sites    List sites, as the app's Sites list filters them: --search TEXT, --stage STAGE (repeatable
           or comma-separated), --client NAME or --client-id ID, --owner EMAIL|NAME|ID (sites where
           they own a responsibility; --owner-role ROLE for one, e.g. hosting), --host HOST,
           --provider PROVIDER, --reason TEXT (blocked for this reason, as the Dashboard words it),
           --incomplete, --owner-gaps, --paused (high-risk activity paused), --blocked,
           --open-incidents, --archived active|archived|all.
           One page with --limit N (default 50) and --offset N, or every site with --all; --json or
           --csv (cells a spreadsheet would run as formulas are prefixed with ').
           Exit code 1 when any listed site has an incomplete setup record.
  reminders
           Print overdue and due reviews by owner (a daily digest for cron or a systemd timer).
           --within 7d adds upcoming reviews (d = days, w = weeks); --owner EMAIL keeps one
           owner's. Exit code 1 when any review is overdue, 0 when none is. --email sends the
           digest as the app does (SMTP settings from the workspace, the password from
           ROLLOUT_WORKBENCH_SMTP_PASSWORD) on its weekdays from its time, once a day per address,
           so cron may run it every 15 minutes; exit 1 while a failure stands (failed, waiting for a
           retry, or given up), 2 when off or incomplete. --json prints what happened.
  ics      Write the reviews as an iCalendar file: --out FILE (--owner EMAIL for one owner's).
           Overdue reviews show on today's date. Re-importing the file updates the events instead
           of duplicating them.
  docs     Write documents into a folder per site: --site ID (repeatable) or --all, --format
           md|html|pdf (repeatable; default all three), --kind rollback_plan|support_path|sop_pack|
           handover_runbook|first_week_review (repeatable; default all five), --out DIR (made when
           missing), --final (refuse documents with missing parts instead of writing drafts). Exit
           code 1 when a document is a draft or was refused; Ctrl-C stops after the current
           document.
  verify   Check the workspace: the file's integrity, references between records, the history
           guards and the seal of every history row. Exit code 1 when any check fails.
  backup   Back the workspace up, consistently even while the app or another program writes to it:
           into its backups folder ("<workspace> backups" beside it), where the newest backup of
           each of the last 14 days and 8 weeks is kept (the workspace's settings, or --keep-daily
           N and --keep-weekly N), or --out DIR (kept until removed unless a --keep flag is given).
           --encrypt encrypts it with a passphrase from --passphrase-file FILE (yours only, chmod
           600) or ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE (for cron), or typed at the terminal. Prints
           the file and its size.
  bundle   Handover bundles. "bundle export --what site|client|all [--id ID] --out DIR" writes the
           records (with their history and each site's documents) into one .rwbundle.zip file.
           "bundle import --file X [--take-bundle|--keep-mine] [--dry-run]" shows what it would add
           and change, then imports it after a backup; records edited differently here and in the
           bundle are settled by --take-bundle or --keep-mine. Exit code 1 when the bundle has
           problems or conflicts are left unsettled (nothing is written).
  export   Write the portfolio as a spreadsheet the import reads back: --what sites|clients|people|
           owners, --format csv|xlsx|json (json: sites; or from --out's extension), --out FILE
           (replaced only with --force) or DIR (named "Sites <date>.csv"…). Sites and owners take the
           sites command's filters (default: every active site); --what owners --site ID: one site's.
           CSV cells a spreadsheet would run are prefixed with '; XLSX cells are never formulas.
  import   Bring clients, sites, people or owners in from a CSV or XLSX file: --file X, --mapping NAME
           (saved in the app) or FILE.json; without it, the mapping the app would offer (saved, a preset
           or suggested) if it maps every required field. --kind K, --sheet NAME, --header-row N.
           --dry-run lists bad rows by line and the changes, writing nothing. Sites match by production
           URL, clients by name, people by email. Exit code 1 when rows were bad (left out) or Ctrl-C
           stopped it; 2 when the mapping does not fit (its problems and the file's columns listed).
  secrets  List where text that looks like a key, a private key or a password is stored, in records
           and in history (masked). --redact replaces each by "[secret removed <date>]" and records
           the redaction in history. Exit code 1 when secrets were found and left in place.

Options:
  --workspace FILE   Workspace file (or set ROLLOUT_WORKBENCH_DB).
  --json             Print JSON instead of text.
  --limit N          sites: sites to print (default 50); --offset N skips the first N; --all prints every one.
  --within PERIOD    reminders: also upcoming reviews within PERIOD, e.g. 7d or 2w.
  --owner EMAIL      reminders, ics: only reviews owned by this person; sites: see above.
  --out FILE|DIR     ics: the file to write; docs: the folder to write into. Missing folders are made.
  --force            export: replace an existing --out FILE.
  --encrypt          backup: encrypt with a passphrase (AES-256-GCM, key from scrypt).
  --passphrase-file FILE  backup --encrypt: read the passphrase from FILE (readable by you only).
  --read-only        Open the workspace without changing it (also automatic when it cannot be written).
  --as EMAIL|NAME    Act as this person of the workspace: changes are recorded under their name (default:
                     ROLLOUT_WORKBENCH_ACTOR, else the person chosen in the app on this device, else the device login).
  -h, --help         Show this help.
`;

/** An output folder named by `flag`, made when missing; a folder that cannot be used is a usage error naming the flag. */
function outputFolder(dir: string, flag: string): string {
  try {
    return ensureOutputFolder(dir, flag).folder;
  } catch (e) {
    throw e instanceof OutputFolderError ? new UsageError(e.message) : e;
  }
}

export async function runCli(argv: string[], terminal: CliIo, env: NodeJS.ProcessEnv = process.env, clock?: Clock): Promise<number> {
  // Everything the CLI prints goes through printable(): names and notes cannot send escape sequences to a terminal or a cron mail.
  const io: CliIo = {
    out: (line) => terminal.out(printable(line, { keepLineBreaks: true })),
    err: (line) => terminal.err(printable(line, { keepLineBreaks: true })),
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        workspace: { type: 'string', short: 'w' },
        json: { type: 'boolean', default: false },
        search: { type: 'string' },
        stage: { type: 'string', multiple: true },
        'client-id': { type: 'string' },
        client: { type: 'string' },
        'owner-role': { type: 'string' },
        host: { type: 'string' },
        provider: { type: 'string' },
        reason: { type: 'string' },
        incomplete: { type: 'boolean', default: false },
        'owner-gaps': { type: 'boolean', default: false },
        paused: { type: 'boolean', default: false },
        blocked: { type: 'boolean', default: false },
        'open-incidents': { type: 'boolean', default: false },
        archived: { type: 'string' },
        limit: { type: 'string' },
        offset: { type: 'string' },
        csv: { type: 'boolean', default: false },
        within: { type: 'string' },
        email: { type: 'boolean', default: false },
        owner: { type: 'string' },
        out: { type: 'string' },
        site: { type: 'string', multiple: true },
        all: { type: 'boolean', default: false },
        format: { type: 'string', multiple: true },
        kind: { type: 'string', multiple: true },
        final: { type: 'boolean', default: false },
        'read-only': { type: 'boolean', default: false },
        as: { type: 'string' },
        redact: { type: 'boolean', default: false },
        encrypt: { type: 'boolean', default: false },
        'passphrase-file': { type: 'string' },
        'keep-daily': { type: 'string' },
        'keep-weekly': { type: 'string' },
        what: { type: 'string' },
        id: { type: 'string' },
        file: { type: 'string' },
        'take-bundle': { type: 'boolean', default: false },
        'keep-mine': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        mapping: { type: 'string' },
        sheet: { type: 'string' },
        'header-row': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (!['info', 'sites', 'reminders', 'ics', 'docs', 'verify', 'secrets', 'backup', 'bundle', 'export', 'import'].includes(command)) {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const file = values.workspace ?? env.ROLLOUT_WORKBENCH_DB;
  if (!file) {
    io.err('--workspace FILE is required (or set ROLLOUT_WORKBENCH_DB).');
    return 2;
  }
  if (command === 'backup') {
    try {
      return await runBackup(file, values, io, env, terminalAsk(), clock);
    } catch (e) {
      io.err(e instanceof UsageError ? e.message : (classifyFault(e)?.message ?? `Failed: ${(e as Error).message}`));
      return 2;
    }
  }
  if (command === 'bundle') {
    try {
      return await runBundle(file, positionals[1], values, io, env, clock);
    } catch (e) {
      io.err(e instanceof UsageError ? e.message : (classifyFault(e)?.message ?? `Failed: ${(e as Error).message}`));
      return 2;
    }
  }
  if (command === 'export' || command === 'import') {
    try {
      return await (command === 'export' ? runExport : runImport)(file, values, io, env, clock);
    } catch (e) {
      io.err(e instanceof UsageError ? e.message : (classifyFault(e)?.message ?? `Failed: ${(e as Error).message}`));
      return 2;
    }
  }
  let withinDays = 0;
  if (command === 'reminders' && values.within !== undefined) {
    try {
      withinDays = parseWithin(values.within);
    } catch (e) {
      io.err(`--within: ${(e as Error).message}`);
      return 2;
    }
  }
  let docsOptions: { kinds: DocumentKind[]; formats: DocumentFormat[] } | null = null;
  if (command === 'docs') {
    const formats = (values.format ?? [...DOCUMENT_FORMATS]).flatMap((f) => f.split(','));
    const kinds = (values.kind ?? [...DOCUMENT_KINDS]).flatMap((k) => k.split(',')).map((k) => k.replace(/-/g, '_'));
    const badFormat = formats.find((f) => !(DOCUMENT_FORMATS as readonly string[]).includes(f));
    const badKind = kinds.find((k) => !(DOCUMENT_KINDS as readonly string[]).includes(k));
    const problem = badFormat
      ? `--format ${badFormat}: use md, html or pdf.`
      : badKind
        ? `--kind ${badKind}: use ${DOCUMENT_KINDS.join(', ')}.`
        : !values.out
          ? '--out DIR is required: the folder to write into (a folder per site is made inside it).'
          : !values.all && !values.site?.length
            ? 'Say which sites: --site ID (repeatable) or --all.'
            : values.all && values.site?.length
              ? 'Use --site or --all, not both.'
              : null;
    if (problem) {
      io.err(problem);
      return 2;
    }
    docsOptions = { kinds: kinds as DocumentKind[], formats: formats as DocumentFormat[] };
  }
  if (command === 'ics' && !values.out) {
    io.err('--out FILE is required: the calendar file to write, e.g. --out ~/reviews.ics');
    return 2;
  }
  let session: Session;
  try {
    session = openSession(path.resolve(file), { log: silentLogger, ...CLI_CREATE_RULE, readonly: values['read-only'], env, ...(clock ? { clock } : {}) });
  } catch (e) {
    io.err(e instanceof WorkspaceOpenError ? e.message : `Cannot open ${file}: ${(e as Error).message}`);
    return 2;
  }
  const opened = session.workspace;
  for (const notice of opened.notices) io.err(notice);
  const actor = actAs(session, values.as, command === 'docs' || (command === 'secrets' && values.redact));
  if (!actor.ok) {
    io.err(actor.problem);
    session.close();
    return 2;
  }
  // Who the changes were recorded as is said once they were, after the command's own report.
  const mark = actor.note ? historyMark(session) : 0;
  if (opened.migratedFrom !== null) {
    io.err(
      `Migrated ${opened.file} to this app version (schema version ${opened.migratedFrom} → ${opened.schemaVersion}); the backup is ${opened.backupFile ?? 'not needed (it held no data)'}.`,
    );
  }
  try {
    if (command === 'verify') {
      const report = (await call(session, 'workspace.verify', {})) as OutputOf<'workspace.verify'>;
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else {
        for (const c of report.checks) {
          io.out(`${c.ok ? 'PASS' : 'FAIL'}  ${c.title}: ${c.summary}`);
          for (const d of c.details) io.out(`      ${d}`);
        }
        io.out(report.ok ? 'All checks passed.' : 'Some checks failed: see FAIL above.');
      }
      return report.ok ? 0 : 1;
    }
    if (command === 'secrets') {
      const scan = (await call(session, 'workspace.findSecrets', {})) as OutputOf<'workspace.findSecrets'>;
      const redacted =
        values.redact && scan.locations.length
          ? ((await call(session, 'workspace.redactSecrets', { confirm: true })) as OutputOf<'workspace.redactSecrets'>)
          : null;
      if (values.json) io.out(JSON.stringify({ ...scan, redacted }, null, 2));
      else {
        for (const l of scan.locations) io.out(`${l.place}  ${l.record}  ${l.field}: ${l.found}`);
        io.out(
          scan.locations.length
            ? `${scan.locations.length} place${scan.locations.length === 1 ? '' : 's'} with a secret in ${scan.scannedRows} records and history rows.`
            : `No secrets found in ${scan.scannedRows} records and history rows.`,
        );
        if (redacted) io.out(redacted.summary);
        else if (scan.locations.length) io.out('Run again with --redact to replace them (the replaced text cannot be brought back).');
      }
      return scan.locations.length && !redacted ? 1 : 0;
    }
    if (command === 'info') return await runInfo(session, values.json, io);
    if (command === 'docs') {
      const out = outputFolder(values.out!, '--out');
      const ids = values.all ? liveSiteIds(session.ctx) : values.site!;
      for (const id of ids)
        if (siteName(session.ctx, id) === null) throw new UsageError(`--site ${id}: no such site. \`rollout-workbench sites --search NAME\` lists the ids.`);
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const started = performance.now();
        const result = await exportDocuments(writerOf(session.ctx), {
          siteIds: ids,
          ...docsOptions!,
          final: values.final,
          outDir: out,
          signal: controller.signal,
          onSiteDone: (p) => io.out(`[${p.done}/${p.total}] ${printable(p.current)}`),
          onWarning: (message) => io.err(`Warning: ${message}`),
        });
        for (const r of result.refused) io.err(`Refused: ${r.document} of “${r.site}”: missing ${r.missing.join('; ')}`);
        if (result.stopped) io.err(`Stopped: ${result.stopped.message}`);
        io.out(
          `${result.stopped ? 'Stopped: ' : result.cancelled ? 'Cancelled: ' : ''}${result.files} file(s) for ${result.sites} site(s) in ${out}` +
            `${result.drafts ? `, ${result.drafts} draft(s) with missing parts` : ''}${result.refused.length ? `, ${result.refused.length} refused` : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        if (result.stopped) return 2;
        return result.cancelled || result.drafts > 0 || result.refused.length > 0 ? 1 : 0;
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    }
    if (command === 'reminders' || command === 'ics') {
      let ownerId: string | undefined;
      if (values.owner !== undefined && !(command === 'reminders' && values.email)) {
        const personId = personIdByEmail(session.ctx, values.owner.trim());
        if (!personId) throw new UsageError(`--owner: nobody in this workspace has the email ${values.owner}. Check the People page for the address.`);
        ownerId = personId;
      }
      if (command === 'ics') {
        const cal = (await call(session, 'reviews.calendar', { ownerId })) as OutputOf<'reviews.calendar'>;
        const target = path.resolve(values.out!);
        if (fs.existsSync(target) && fs.statSync(target).isDirectory())
          throw new UsageError(`--out: ${target} is a folder; name the calendar file, e.g. --out ${path.join(target, 'reviews.ics')}`);
        outputFolder(path.dirname(target), '--out');
        try {
          writeFileAtomically(target, Buffer.from(cal.content, 'utf8'));
        } catch (e) {
          throw new UsageError(`--out: ${classifyFault(e)?.message ?? `cannot write ${target}: ${(e as Error).message}`}`);
        }
        io.out(`Wrote ${cal.events} review event(s) to ${path.resolve(values.out!)}`);
        return 0;
      }
      return await runReminders(session, values, io, env, withinDays, ownerId);
    }
    return await runSites(session, values, io);
  } catch (e) {
    // Faults (busy workspace, full disk, read-only file...) in the same words as the app; anything else as it was thrown.
    io.err(e instanceof UsageError ? e.message : (classifyFault(e)?.message ?? `Failed: ${(e as Error).message}`));
    return 2;
  } finally {
    if (actor.note && recordedSince(session, mark)) io.err(actor.note);
    session.close();
  }
}

/**
 * Runs the tool as this process: the arguments, the terminal, the exit code. bin/rollout-workbench.mjs
 * calls it from the compiled build (out/cli/cli.js, see cli.build.mjs); `tsx main/cli.ts` and
 * `node out/cli/cli.js` run it directly.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // Under `npm run cli`, npm starts the CLI in the project folder: paths are read from where it was typed.
  if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  // `rollout-workbench reminders | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await runCli(argv, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) void main();
