/**
 * `rollout-workbench bundle export|import`: handover bundles from a terminal (main/services/bundles.ts).
 *
 *   bundle export --workspace F --what site|client|all [--id ID] --out DIR
 *   bundle import --workspace F --file X [--take-bundle|--keep-mine] [--dry-run]
 *
 * An import shows the same preview as the app; a bundle with conflicts is imported only when
 * --take-bundle or --keep-mine says how to settle all of them. Exit codes as every command: 0 done,
 * 1 something needs attention (problems in the bundle, conflicts left unchosen: nothing written),
 * 2 error (bad arguments, a workspace that cannot be opened).
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkspaceOpenError } from '@db/client';
import { silentLogger, writerOf, type Clock } from '../rpc/context';
import { classifyFault } from '../rpc/faults';
import { importParsed, inspectBundle, previewOf, writeBundle } from '../services/bundles';
import { openSession, type Session } from '../session';
import { CLI_CREATE_RULE } from '../workspace-create';
import { actAs } from './actor';
import { UsageError, type CliIo } from './common';

export interface BundleArgs {
  what?: string;
  id?: string;
  out?: string;
  file?: string;
  'take-bundle': boolean;
  'keep-mine': boolean;
  'dry-run': boolean;
  json: boolean;
  as?: string;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function open(file: string, readonly: boolean, env: NodeJS.ProcessEnv, clock?: Clock): Session {
  return openSession(path.resolve(file), { log: silentLogger, ...CLI_CREATE_RULE, readonly, env, ...(clock ? { clock } : {}) });
}

export async function runBundle(file: string, sub: string | undefined, args: BundleArgs, io: CliIo, env: NodeJS.ProcessEnv, clock?: Clock): Promise<number> {
  if (sub !== 'export' && sub !== 'import') throw new UsageError('Say what to do: bundle export … or bundle import …');
  if (sub === 'export') {
    const what = args.what;
    if (what !== 'site' && what !== 'client' && what !== 'all') throw new UsageError('--what site|client|all is required: what the bundle holds.');
    if (what !== 'all' && !args.id) throw new UsageError(`--id ID is required with --what ${what}: the ${what} to export.`);
    if (!args.out) throw new UsageError('--out DIR is required: the folder the bundle is written into.');
    const out = path.resolve(args.out);
    fs.mkdirSync(out, { recursive: true });
    const session = openOrFail(file, true, env, io, clock);
    if (!session) return 2;
    try {
      const r = await writeBundle(session.ctx, { kind: what, ...(args.id ? { id: args.id } : {}) }, out);
      if (args.json) io.out(JSON.stringify(r, null, 2));
      else
        io.out(
          `Wrote ${r.file} (${size(r.bytes)}): ${r.counts.sites ?? 0} sites, ${r.counts.history ?? 0} history rows, ${r.counts.documents ?? 0} document files.`,
        );
      return 0;
    } finally {
      session.close();
    }
  }

  if (!args.file) throw new UsageError('--file X is required: the .rwbundle.zip file to import.');
  if (args['take-bundle'] && args['keep-mine']) throw new UsageError('Use --take-bundle or --keep-mine, not both.');
  const bundleFile = path.resolve(args.file);
  if (!fs.existsSync(bundleFile)) throw new UsageError(`${bundleFile} does not exist.`);
  const session = openOrFail(file, args['dry-run'], env, io, clock);
  if (!session) return 2;
  try {
    const actor = actAs(session, args.as, !args['dry-run']);
    if (!actor.ok) throw new UsageError(actor.problem);
    const { bundle, plan } = await inspectBundle(session.ctx, bundleFile);
    const preview = previewOf(path.basename(bundleFile), bundle, plan, 'cli');
    const choice: 'take' | 'keep' | null = args['take-bundle'] ? 'take' : args['keep-mine'] ? 'keep' : null;
    if (args.json && args['dry-run']) io.out(JSON.stringify(preview, null, 2));
    else printPreview(preview, io);
    if (preview.problems.length) {
      io.err(`The bundle cannot be imported: ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'} above. Nothing was written.`);
      return 1;
    }
    if (preview.conflicts.length && !choice) {
      io.err(
        `${preview.conflicts.length} conflict${preview.conflicts.length === 1 ? '' : 's'}: pass --take-bundle or --keep-mine to settle them, or import in the app to choose one by one. Nothing was written.`,
      );
      return 1;
    }
    if (args['dry-run']) {
      io.out('Dry run: nothing was written.');
      return 0;
    }
    // The preview just shown is what the choice settles: a record changed since is refused by its fingerprint.
    const choices = Object.fromEntries(preview.conflicts.map((c) => [c.id, { choice: choice!, fingerprint: c.fingerprint }]));
    const r = await importParsed(writerOf(session.ctx), bundle, bundle.manifest?.scope.name ?? path.basename(bundleFile), choices);
    if (args.json) io.out(JSON.stringify(r, null, 2));
    else
      io.out(
        `Imported: ${r.added} added, ${r.updated} updated, ${r.skipped} left as they were; ${r.history} history rows. Backup taken first: ${r.backup ?? 'none'}.`,
      );
    if (actor.note) io.err(actor.note);
    return 0;
  } finally {
    session.close();
  }
}

function openOrFail(file: string, readonly: boolean, env: NodeJS.ProcessEnv, io: CliIo, clock?: Clock): Session | null {
  try {
    const s = open(file, readonly, env, clock);
    for (const notice of s.workspace.notices) io.err(notice);
    return s;
  } catch (e) {
    io.err(e instanceof WorkspaceOpenError ? e.message : (classifyFault(e)?.message ?? `Cannot open ${file}: ${(e as Error).message}`));
    return null;
  }
}

function printPreview(p: ReturnType<typeof previewOf>, io: CliIo): void {
  const m = p.manifest;
  if (m)
    io.out(
      `${p.fileName}: ${m.scope.name ? `“${m.scope.name}”, ` : ''}${m.scope.kind}, exported ${m.createdAt} by Rollout Workbench ${m.appVersion} (schema ${m.schemaVersion}).`,
    );
  for (const problem of p.problems) io.out(`PROBLEM  ${problem.path}: ${problem.message}`);
  for (const t of p.tables)
    io.out(
      `  ${t.label.padEnd(24)} ${String(t.new).padStart(6)} new ${String(t.identical).padStart(6)} unchanged ${String(t.conflicts).padStart(4)} conflicts`,
    );
  if (m) io.out(`  ${'History entries'.padEnd(24)} ${String(p.history.new).padStart(6)} new ${String(p.history.identical).padStart(6)} unchanged`);
  for (const c of p.conflicts) {
    io.out(`CONFLICT ${c.label}`);
    for (const f of c.fields) io.out(`    ${f.label}: here ${JSON.stringify(f.here)} | bundle ${JSON.stringify(f.bundle)}`);
  }
}
