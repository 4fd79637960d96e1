/**
 * Secrets are refused in one place: after a channel's input has been parsed, and before its handler
 * runs, every string in it is scanned (values, array items and record keys, at any depth, and the
 * strings inside a JSON document sent as text, such as a playbook file). A new field cannot forget
 * it. Contract fields built with the text helpers also scan while parsing, so a form shows the problem
 * beside its field at once; this scan is what holds for everything else.
 */
import type { z } from 'zod';
import { globalRegistry } from 'zod';
import { contract, type Channel } from '../../core/contract/index';
import { scanForSecrets, secretMessage } from '../../core/domain/secret-scanner';
import type { FieldIssue } from '../../core/errors';
import { formatPath } from '../../core/playbook/problems';

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

interface Walk {
  channel: Channel;
  root: ZodNode;
  issues: FieldIssue[];
  /** Set while inside a JSON document: where the document is, and how a form names it. */
  document: { path: Segment[]; label: string } | null;
  /** The document label of each issue found inside a JSON document. */
  documentLabels: string[];
}

function fieldLabel(w: Walk, path: Segment[]): string {
  return schemaTitle(w.root, path) ?? labelFromPath(path);
}

function report(w: Walk, path: Segment[], text: string, isKey: boolean): void {
  const findings = scanForSecrets(text);
  if (!findings.length) return;
  // A name (record key) is reported at its object, so neither the path nor the message repeats it.
  const at = isKey ? path.slice(0, -1) : path;
  if (w.document) {
    // Inside a file: the path is the file's own (e.g. sops[3].examples[1]), as its other problems are reported.
    const where = formatPath(at) || '(file)';
    const name = isKey ? `A name in ${where}` : `${labelFromPath(path)} (${where})`;
    w.issues.push({ path: where, message: `${w.document.label}: ${secretMessage(name, findings)}` });
    w.documentLabels.push(w.document.label);
    return;
  }
  const dotted = at.map(String).join('.');
  const label = fieldLabel(w, at);
  w.issues.push({ path: dotted, message: secretMessage(isKey ? `A name in ${label}` : label, findings) });
}

function walk(w: Walk, value: unknown, path: Segment[]): void {
  if (!w.document && isExcepted(w.channel, path)) return;
  if (typeof value === 'string') {
    const doc = w.document ? null : jsonDocument(value);
    if (doc) {
      walk({ ...w, document: { path, label: fieldLabel(w, path) } }, doc, []);
      return;
    }
    report(w, path, value, false);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(w, v, [...path, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      report(w, [...path, k], k, true);
      walk(w, v, [...path, k]);
    }
  }
}

export interface SecretRefusal {
  message: string;
  issues: FieldIssue[];
}

/** Every secret in a channel's parsed input, as field issues; null when there is none. */
export function findInputSecrets(channel: Channel, parsedInput: unknown): SecretRefusal | null {
  const w: Walk = { channel, root: contract[channel].input as unknown as ZodNode, issues: [], document: null, documentLabels: [] };
  walk(w, parsedInput, []);
  const issues = w.issues;
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
