/**
 * `rollout-workbench <command> --workspace FILE`: the workbench from a terminal or a scheduler.
 * Exit codes: 0 done, 1 the command found something that needs attention, 2 error (bad arguments,
 * workspace cannot be opened).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OutputOf } from '../core/contract/index';
import { WorkspaceOpenError } from '../db/client';
import { sql } from 'drizzle-orm';
import { parseWithin } from '../core/domain/cadence';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, type DocumentFormat, type DocumentKind } from '../core/documents/model';
import { exportDocuments } from './documents/bulk';
import { writeFileAtomically } from './files';
import { formatDigest, reminderDigest } from './reminders/digest';
import { silentLogger, type Clock } from './rpc/context';
import { classifyFault } from './rpc/faults';
import { printable } from './printable';
import { openSession, type Session } from './session';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: rollout-workbench <command> [options]

Commands:
  info     Show the workspace file, schema version and record counts.
  sites    List sites (filters: --search TEXT, --stage STAGE, --client-id ID, --incomplete, --owner-gaps).
           Exit code 1 when any listed site has an incomplete setup record.
  reminders
           Print overdue and due reviews (a daily digest for cron or a systemd timer).
           --within 7d adds upcoming reviews (d = days, w = weeks); --owner EMAIL keeps one
           owner's. Exit code 1 when any review is overdue, 0 when none is.
  ics      Write the reviews as an iCalendar file: --out FILE (--owner EMAIL for one owner's).
           Re-importing the file updates the events instead of duplicating them.
  docs     Write documents into a folder per site: --site ID (repeatable) or --all, --format
           md|html|pdf (repeatable; default all three), --kind rollback_plan|support_path|sop_pack|
           handover_runbook (repeatable; default all four), --out DIR, --final (refuse documents
           with missing parts instead of writing drafts). Exit code 1 when a document is a draft
           or was refused; Ctrl-C stops after the current site.
  verify   Check the workspace: the file's integrity, references between records, the history
           guards and the seal of every history row. Exit code 1 when any check fails.
  secrets  List where text that looks like a key, a private key or a password is stored, in records
           and in history (masked). --redact replaces each by "[secret removed <date>]" and records
           the redaction in history. Exit code 1 when secrets were found and left in place.

Options:
  --workspace FILE   Workspace file (or set ROLLOUT_WORKBENCH_DB).
  --json             Print JSON instead of text.
  --limit N          Sites to print (default 50, max 500).
  --within PERIOD    reminders: also upcoming reviews within PERIOD, e.g. 7d or 2w.
  --owner EMAIL      reminders, ics: only reviews owned by this person.
  --out FILE         ics: the file to write.
  --read-only        Open the workspace without changing it (also automatic when it cannot be written).
  -h, --help         Show this help.
`;

class UsageError extends Error {}


async function call<C extends Parameters<Session['dispatch']>[0]>(session: Session, channel: C, input: unknown): Promise<unknown> {
  const result = await session.dispatch(channel, input);
  if (!result.ok) throw new UsageError(result.error.message);
  return result.value;
}

export async function runCli(argv: string[], terminal: CliIo, env: NodeJS.ProcessEnv = process.env, clock?: Clock): Promise<number> {
  // Everything the CLI prints goes through printable(): names and notes cannot send escape sequences to a terminal or a cron mail.
  const io: CliIo = { out: (line) => terminal.out(printable(line, { keepLineBreaks: true })), err: (line) => terminal.err(printable(line, { keepLineBreaks: true })) };
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
        incomplete: { type: 'boolean', default: false },
        'owner-gaps': { type: 'boolean', default: false },
        limit: { type: 'string' },
        within: { type: 'string' },
        owner: { type: 'string' },
        out: { type: 'string' },
        site: { type: 'string', multiple: true },
        all: { type: 'boolean', default: false },
        format: { type: 'string', multiple: true },
        kind: { type: 'string', multiple: true },
        final: { type: 'boolean', default: false },
        'read-only': { type: 'boolean', default: false },
        redact: { type: 'boolean', default: false },
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
  if (!['info', 'sites', 'reminders', 'ics', 'docs', 'verify', 'secrets'].includes(command)) {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const file = values.workspace ?? env.ROLLOUT_WORKBENCH_DB;
  if (!file) {
    io.err('--workspace FILE is required (or set ROLLOUT_WORKBENCH_DB).');
    return 2;
  }
  if (!fs.existsSync(file)) {
    io.err(`${file} does not exist. Check the path; the CLI never creates a workspace.`);
    return 2;
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
    session = openSession(path.resolve(file), { log: silentLogger, create: 'never', readonly: values['read-only'], ...(clock ? { clock } : {}) });
  } catch (e) {
    io.err(e instanceof WorkspaceOpenError ? e.message : `Cannot open ${file}: ${(e as Error).message}`);
    return 2;
  }
  const opened = session.workspace;
  for (const notice of opened.notices) io.err(notice);
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
      const redacted = values.redact && scan.locations.length ? ((await call(session, 'workspace.redactSecrets', { confirm: true })) as OutputOf<'workspace.redactSecrets'>) : null;
      if (values.json) io.out(JSON.stringify({ ...scan, redacted }, null, 2));
      else {
        for (const l of scan.locations) io.out(`${l.place}  ${l.record}  ${l.field}: ${l.found}`);
        io.out(scan.locations.length ? `${scan.locations.length} place${scan.locations.length === 1 ? '' : 's'} with a secret in ${scan.scannedRows} records and history rows.` : `No secrets found in ${scan.scannedRows} records and history rows.`);
        if (redacted) io.out(redacted.summary);
        else if (scan.locations.length) io.out('Run again with --redact to replace them (the replaced text cannot be brought back).');
      }
      return scan.locations.length && !redacted ? 1 : 0;
    }
    if (command === 'info') {
      const info = (await call(session, 'workspace.info', {})) as OutputOf<'workspace.info'>;
      if (values.json) io.out(JSON.stringify(info, null, 2));
      else {
        io.out(`Workspace: ${info.path}`);
        io.out(`Schema version: ${info.schemaVersion}`);
        if (info.readOnly) io.out(`Read-only: ${info.readOnlyReason ?? 'yes'} (changes cannot be saved)`);
        io.out(`Clients: ${info.counts.clients}  Sites: ${info.counts.sites}  People: ${info.counts.people}`);
      }
      return 0;
    }
    if (command === 'docs') {
      const out = path.resolve(values.out!);
      if (!fs.existsSync(out)) throw new UsageError(`--out: the folder ${out} does not exist. Create it first.`);
      const ids = values.all
        ? session.ctx.db.all<{ id: string }>(sql`SELECT id FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id`).map((r) => r.id)
        : values.site!;
      for (const id of ids) if (!session.ctx.db.get(sql`SELECT 1 FROM sites WHERE id = ${id}`)) throw new UsageError(`--site ${id}: no such site. \`rollout-workbench sites --search NAME\` lists the ids.`);
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const started = performance.now();
        const result = await exportDocuments(session.ctx, {
          siteIds: ids,
          ...docsOptions!,
          final: values.final,
          outDir: out,
          signal: controller.signal,
          onProgress: (p) => io.out(`[${p.done}/${p.total}] ${printable(p.current)}`),
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
      if (values.owner !== undefined) {
        const person = session.ctx.db.get<{ id: string }>(sql`SELECT id FROM people WHERE lower(email) = lower(${values.owner.trim()})`);
        if (!person) throw new UsageError(`--owner: nobody in this workspace has the email ${values.owner}. Check the People page for the address.`);
        ownerId = person.id;
      }
      if (command === 'ics') {
        const cal = (await call(session, 'reviews.calendar', { ownerId })) as OutputOf<'reviews.calendar'>;
        const target = path.resolve(values.out!);
        if (!fs.existsSync(path.dirname(target))) throw new UsageError(`--out: the folder ${path.dirname(target)} does not exist.`);
        try {
          writeFileAtomically(target, Buffer.from(cal.content, 'utf8'));
        } catch (e) {
          throw new UsageError(`--out: ${classifyFault(e)?.message ?? `cannot write ${target}: ${(e as Error).message}`}`);
        }
        io.out(`Wrote ${cal.events} review event(s) to ${path.resolve(values.out!)}`);
        return 0;
      }
      const digest = reminderDigest(session.ctx, { withinDays, ownerId });
      if (values.json) io.out(JSON.stringify(digest, null, 2));
      else for (const line of formatDigest(digest)) io.out(line);
      return digest.overdue.length > 0 ? 1 : 0;
    }
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500.');
    const list = (await call(session, 'sites.list', {
      search: values.search,
      stages: values.stage,
      clientId: values['client-id'],
      incompleteOnly: values.incomplete,
      ownerGapsOnly: values['owner-gaps'],
      limit,
    })) as OutputOf<'sites.list'>;
    if (values.json) io.out(JSON.stringify(list, null, 2));
    else {
      for (const s of list.rows) {
        const marks = [s.missingSetup.length ? `incomplete: ${s.missingSetup.join(', ')}` : '', s.ownerGaps ? `${s.ownerGaps} owner gap(s)` : '']
          .filter(Boolean)
          .join('; ');
        io.out(`${s.id}  ${s.stage.padEnd(8)}  ${printable(s.name)} (${printable(s.clientName)})  ${s.productionUrl}${marks ? `  [${marks}]` : ''}`);
      }
      io.out(`${list.rows.length} of ${list.total} site(s)`);
    }
    return list.rows.some((s) => s.missingSetup.length > 0) ? 1 : 0;
  } catch (e) {
    // Faults (busy workspace, full disk, read-only file...) in the same words as the app; anything else as it was thrown.
    io.err(e instanceof UsageError ? e.message : (classifyFault(e)?.message ?? `Failed: ${(e as Error).message}`));
    return 2;
  } finally {
    session.close();
  }
}

const isMain = process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1]);
if (isMain) {
  // `rollout-workbench reminders | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then((code) => {
    process.exitCode = code;
  });
}
