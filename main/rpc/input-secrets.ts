/**
 * Secrets are refused in one place: after a channel's input has been parsed, and before its handler
 * runs, every string in it is scanned (values, array items and record keys, at any depth, and the
 * strings inside a JSON document sent as text, such as a playbook file, as well as the document as a
 * whole, so `{"password": "…"}` is read as the pair it is). A string the schema changed (an address or
 * an email lower-cased) is also scanned as it was sent, at the same path. A new field cannot forget
 * it. Contract fields built with the text helpers also scan while parsing, so a form shows the problem
 * beside its field at once; this scan is what holds for everything else.
 */
import type { z } from 'zod';
import { globalRegistry } from 'zod';
import { contract, type Channel } from '@core/contract/index';
import { scanForSecrets, secretMessage, type SecretFinding } from '@core/domain/secret-scanner';
import type { FieldIssue } from '@core/errors';
import { formatPath } from '@core/playbook/problems';

export interface SecretScanException {
  channel: Channel;
  /** Dotted path in the parsed input; `*` stands for any array index or record key. */
  path: string;
  reason: string;
}

/** The only strings of any channel's input that are not scanned, each with why. */
export const SECRET_SCAN_EXCEPTIONS: readonly SecretScanException[] = [
  {
    channel: 'branding.update',
    path: 'logo.base64',
    reason: 'The bytes of the logo image (checked to be a PNG or JPEG of at most 512 KB), not text anyone reads; decoded image data only yields false alarms.',
  },
  {
    channel: 'uploads.append',
    path: 'text',
    reason:
      'A piece of an imported activity export, staged in a temporary file only: its text is masked on import (emails, phone and card numbers, secrets) when the workspace setting is on, and the original never reaches the workspace or a document.',
  },
  {
    channel: 'backups.create',
    path: 'passphrase',
    reason:
      'The passphrase that encrypts the backup is meant to be a secret: it only derives the key in memory while the backup is written, and is never stored, logged or sent back.',
  },
  {
    channel: 'backups.inspect',
    path: 'passphrase',
    reason: 'The passphrase of an encrypted backup, used in memory only to decrypt it for the preview; never stored, logged or sent back.',
  },
  {
    channel: 'reminders.setSmtpPassword',
    path: 'password',
    reason:
      "The SMTP server's password for the e-mail digest is meant to be a secret: it goes to this device's credential store (Electron's safeStorage) and never into the workspace, a log or an answer.",
  },
];

type Segment = string | number;

function isExcepted(channel: Channel, path: Segment[]): boolean {
  return SECRET_SCAN_EXCEPTIONS.some((e) => {
    if (e.channel !== channel) return false;
    const want = e.path.split('.');
    return want.length === path.length && want.every((w, i) => w === '*' || w === String(path[i]));
  });
}

/* ---------- labels: the words a form uses for the field ---------- */

interface ZodNode {
  _zod: { def: Record<string, unknown> & { type: string } };
}

function titleOf(node: ZodNode): string | undefined {
  const meta = globalRegistry.get(node as unknown as z.ZodType);
  return typeof meta?.title === 'string' ? meta.title : undefined;
}

/** The schemas a wrapper stands for (optional, nullable, default, pipe, union...), to look through. */
function innerNodes(node: ZodNode): ZodNode[] {
  const def = node._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return [def.innerType as ZodNode];
    case 'pipe':
      return [def.out as ZodNode, def.in as ZodNode];
    case 'union':
      return def.options as ZodNode[];
    case 'intersection':
      return [def.left as ZodNode, def.right as ZodNode];
    case 'lazy':
      return [(def.getter as () => ZodNode)()];
    default:
      return [];
  }
}

function childNodes(node: ZodNode, seg: Segment): ZodNode[] {
  const def = node._zod.def;
  if (def.type === 'object') {
    const shape = def.shape as Record<string, ZodNode>;
    const child = typeof seg === 'string' ? shape[seg] : undefined;
    return child ? [child] : [];
  }
  if (def.type === 'array') return [def.element as ZodNode];
  if (def.type === 'record') return [def.valueType as ZodNode];
  return innerNodes(node).flatMap((n) => childNodes(n, seg));
}

/** The `title` a contract field carries (zod metadata), looking through wrappers; undefined when none. */
function schemaTitle(root: ZodNode, path: Segment[]): string | undefined {
  let nodes = [root];
  for (const seg of path) nodes = nodes.flatMap((n) => childNodes(n, seg));
  const queue = [...nodes];
  for (let i = 0; i < queue.length && i < 50; i++) {
    const title = titleOf(queue[i]!);
    if (title) return title;
    queue.push(...innerNodes(queue[i]!));
  }
  return undefined;
}

/** `revokeReason` -> "Revoke reason", `wordpress_role` -> "Wordpress role". */
function words(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * A readable name for a path, from its last named part and the item numbers after it:
 * `reason` -> "Reason", `sop.examples.1` -> "Examples (item 2)", `goodExamples.0.text` -> "Text of good examples (item 1)".
 */
export function labelFromPath(path: Segment[]): string {
  let i = path.length - 1;
  const items: number[] = [];
  while (i >= 0 && (typeof path[i] === 'number' || /^\d+$/.test(String(path[i])))) items.unshift(Number(path[i--]) + 1);
  const name = i >= 0 ? words(String(path[i])) : 'The input';
  const labelled = items.length ? `${name} (item ${items.join('.')})` : name;
  // A field of a list item says which item: "Text of good examples (item 1)".
  const parent = path.slice(0, i);
  if (!items.length && i > 0 && typeof parent[parent.length - 1] === 'number') {
    const of = labelFromPath(parent);
    return `${labelled} of ${of.charAt(0).toLowerCase()}${of.slice(1)}`;
  }
  return labelled;
}

/* ---------- the walk ---------- */

/** A string that is itself a JSON object or array (a file sent as text) is scanned string by string. */
function jsonDocument(text: string): object | null {
  const t = text.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

/** A field issue with the kinds of secret behind it, so a document's whole-text scan reports only what its parts did not. */
type Issue = FieldIssue & { kinds: string[] };

interface Walk {
  channel: Channel;
  root: ZodNode;
  issues: Issue[];
  /** Set while inside a JSON document: where the document is, and how a form names it. */
  document: { path: Segment[]; label: string } | null;
  /** The document label of each issue found inside a JSON document. */
  documentLabels: string[];
}

function fieldLabel(w: Walk, path: Segment[]): string {
  return schemaTitle(w.root, path) ?? labelFromPath(path);
}

/** Findings in any of `texts` (a value as parsed and as sent), each kind once. */
function scanAll(texts: string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const text of texts) for (const f of scanForSecrets(text)) if (!findings.some((g) => g.kind === f.kind)) findings.push(f);
  return findings;
}

function report(w: Walk, path: Segment[], texts: string[], isKey: boolean): void {
  const findings = scanAll(texts);
  if (!findings.length) return;
  // A name (record key) is reported at its object, so neither the path nor the message repeats it.
  const at = isKey ? path.slice(0, -1) : path;
  if (w.document) {
    // Inside a file: the path is the file's own (e.g. sops[3].examples[1]), as its other problems are reported.
    const where = formatPath(at) || '(file)';
    const name = isKey ? `A name in ${where}` : `${labelFromPath(path)} (${where})`;
    w.issues.push({ path: where, message: `${w.document.label}: ${secretMessage(name, findings)}`, kinds: findings.map((f) => f.kind) });
    w.documentLabels.push(w.document.label);
    return;
  }
  const dotted = at.map(String).join('.');
  const label = fieldLabel(w, at);
  w.issues.push({ path: dotted, message: secretMessage(isKey ? `A name in ${label}` : label, findings), kinds: findings.map((f) => f.kind) });
}

/**
 * A JSON document sent as text: each of its strings at its own path, then the whole text for what only
 * shows across strings (a "password" key beside its value), reported at the field that holds it.
 */
function walkDocument(w: Walk, doc: object, text: string, path: Segment[]): void {
  const inner: Walk = { ...w, issues: [], documentLabels: [], document: { path, label: fieldLabel(w, path) } };
  walk(inner, doc, [], undefined);
  w.issues.push(...inner.issues);
  w.documentLabels.push(...inner.documentLabels);
  const already = new Set(inner.issues.flatMap((i) => i.kinds));
  const across = scanForSecrets(text).filter((f) => !already.has(f.kind));
  if (!across.length) return;
  // Reported at the field that holds the document, as a plain field's secret is.
  w.issues.push({ path: path.map(String).join('.'), message: secretMessage(inner.document!.label, across), kinds: across.map((f) => f.kind) });
}

/** `raw` is the same place in the input as it was sent, before the schema trimmed or lower-cased it. */
function walk(w: Walk, value: unknown, path: Segment[], raw: unknown): void {
  if (!w.document && isExcepted(w.channel, path)) return;
  if (typeof value === 'string') {
    const sent = typeof raw === 'string' && raw !== value ? [raw] : [];
    const doc = w.document ? null : jsonDocument(value);
    if (doc) {
      walkDocument(w, doc, value, path);
      if (sent.length) report(w, path, sent, false);
      return;
    }
    report(w, path, [value, ...sent], false);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(w, v, [...path, i], Array.isArray(raw) ? raw[i] : undefined));
  } else if (value !== null && typeof value === 'object') {
    const rawObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    for (const [k, v] of Object.entries(value)) {
      report(w, [...path, k], [k], true);
      walk(w, v, [...path, k], rawObject && Object.prototype.hasOwnProperty.call(rawObject, k) ? rawObject[k] : undefined);
    }
  }
}

export interface SecretRefusal {
  message: string;
  issues: FieldIssue[];
}

/**
 * Every secret in a channel's input, as field issues; null when there is none. `rawInput` is the input
 * as sent: where the schema changed a string, the string as sent is scanned too, at the same path.
 */
export function findInputSecrets(channel: Channel, parsedInput: unknown, rawInput?: unknown): SecretRefusal | null {
  const w: Walk = { channel, root: contract[channel].input as unknown as ZodNode, issues: [], document: null, documentLabels: [] };
  walk(w, parsedInput, [], rawInput);
  const issues = w.issues.map(({ kinds: _kinds, ...issue }) => issue);
  const first = issues[0];
  if (!first) return null;
  const n = issues.length;
  // All of them inside one file sent as text: say so, as the file's other problems are reported.
  const labels = new Set(w.documentLabels);
  const documentLabel = labels.size === 1 && w.documentLabels.length === n ? [...labels][0] : null;
  const message = documentLabel
    ? `${documentLabel} contains ${n === 1 ? 'a secret' : `${n} secrets`}; nothing was saved. Remove ${n === 1 ? 'it' : 'them'} (say where each is kept instead) and try again.`
    : `${first.message}${n > 1 ? ` (and ${n - 1} more secret${n > 2 ? 's' : ''})` : ''}`;
  return { message, issues };
}
