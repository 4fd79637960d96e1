/**
 * A channel's name leads to its service: `sites.changeStage` is bound in main/services/handlers.ts to a
 * function imported from main/services/sites.ts, main/services/sites-<part>.ts or main/services/sites/…,
 * as its contract is declared in core/contract/sites.ts (tests/unit/contract-layout.test.ts). Each
 * binding is one call: `(input, ctx) => fn(ctx, …)`, bare or wrapped in `write`/`writeInSteps`.
 * See docs/ARCHITECTURE.md, "Add a channel".
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';

const HANDLERS = fileURLToPath(new URL('../../main/services/handlers.ts', import.meta.url));
const WRAPPERS = new Set(['write', 'writeInSteps']);

interface BindingFact {
  channel: string;
  /** The function the binding calls, and the module it is imported from (as written, e.g. './sites-stage'). */
  fn: string | null;
  from: string | null;
  /** Why the binding is not one call of an imported function, when it is not. */
  problem: string | null;
}

/** Every channel bound in the source of a handlers module, with the imported function each one calls. */
function bindingsOf(source: string): BindingFact[] {
  const file = ts.createSourceFile('handlers.ts', source, ts.ScriptTarget.Latest, true);
  const importedFrom = new Map<string, string>();
  let table: ts.ObjectLiteralExpression | undefined;
  for (const st of file.statements) {
    if (
      ts.isImportDeclaration(st) &&
      ts.isStringLiteral(st.moduleSpecifier) &&
      st.importClause?.namedBindings &&
      ts.isNamedImports(st.importClause.namedBindings)
    ) {
      for (const el of st.importClause.namedBindings.elements) importedFrom.set(el.name.text, st.moduleSpecifier.text);
    }
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === 'handlers' && d.initializer && ts.isObjectLiteralExpression(d.initializer)) table = d.initializer;
      }
    }
  }
  if (!table) throw new Error('handlers.ts: no `export const handlers = { … }` table found.');
  return table.properties.map((p): BindingFact => {
    if (!ts.isPropertyAssignment(p) || !ts.isStringLiteral(p.name)) {
      return { channel: p.name?.getText(file) ?? p.getText(file), fn: null, from: null, problem: 'is not a `"prefix.name": binding` entry' };
    }
    const channel = p.name.text;
    let bound: ts.Expression = p.initializer;
    if (ts.isCallExpression(bound) && ts.isIdentifier(bound.expression) && WRAPPERS.has(bound.expression.text)) {
      if (bound.arguments.length !== 1)
        return { channel, fn: null, from: null, problem: `calls ${bound.expression.text} with ${bound.arguments.length} arguments` };
      bound = bound.arguments[0]!;
    }
    if (!ts.isArrowFunction(bound)) return { channel, fn: null, from: null, problem: 'is not an arrow function' };
    let body: ts.ConciseBody = bound.body;
    // `async (input, ctx) => await fn(…)` and `{ return fn(…); }` are still one call.
    if (ts.isBlock(body)) {
      const only = body.statements.length === 1 ? body.statements[0] : undefined;
      if (!only || !ts.isReturnStatement(only) || !only.expression)
        return { channel, fn: null, from: null, problem: 'holds logic: bind one service call, `(input, ctx) => fn(ctx, …)`' };
      body = only.expression;
    }
    if (ts.isAwaitExpression(body)) body = body.expression;
    if (!ts.isCallExpression(body) || !ts.isIdentifier(body.expression)) {
      return { channel, fn: null, from: null, problem: 'holds logic: bind one service call, `(input, ctx) => fn(ctx, …)`' };
    }
    const fn = body.expression.text;
    const from = importedFrom.get(fn) ?? null;
    return { channel, fn, from, problem: from ? null : `calls ${fn}, which handlers.ts does not import from a service` };
  });
}

/** Whether a module specifier written in main/services/handlers.ts names a service module of the prefix. */
function isServiceOf(prefix: string, specifier: string): boolean {
  const m = /^\.\/([a-z][A-Za-z0-9-]*)(\/.+)?$/.exec(specifier);
  if (!m) return false;
  const [, name, sub] = m;
  if (sub) return name === prefix;
  return name === prefix || name!.startsWith(`${prefix}-`);
}

/** What is wrong with each binding whose name does not lead to its service, as a sentence with the fix. */
function misplacedBindings(facts: BindingFact[]): string[] {
  return facts.flatMap((f) => {
    if (f.problem) return [`${f.channel} ${f.problem}.`];
    const prefix = f.channel.split('.')[0]!;
    if (isServiceOf(prefix, f.from!)) return [];
    return [
      `${f.channel} is bound to ${f.fn} from '${f.from}': move it to main/services/${prefix}.ts, main/services/${prefix}-<part>.ts or main/services/${prefix}/….`,
    ];
  });
}

describe('services are named after the prefix of the channels they serve', () => {
  const facts = bindingsOf(readFileSync(HANDLERS, 'utf8'));

  it('reads every channel of the contract from handlers.ts (the check is not vacuous)', () => {
    expect(facts.map((f) => f.channel).sort()).toEqual(Object.keys(contract).sort());
    expect(facts.find((f) => f.channel === 'sites.create')).toMatchObject({ fn: 'createSite', from: './sites' });
  });

  it('each channel <prefix>.<name> calls one function from main/services/<prefix>.ts, <prefix>-<part>.ts or <prefix>/…', () => {
    expect(misplacedBindings(facts)).toEqual([]);
  });

  it('flags a binding from a module of another prefix, a binding that holds logic, and a call of a local function', () => {
    const sample = [
      "import { write } from '../rpc/bindings';",
      "import { changeStage } from './readiness';",
      "import { pauseSite } from './pauses';",
      "import { getSite } from './sites/read';",
      "import { cancelJob } from '../documents/jobs';",
      'const local = () => 1;',
      'export const handlers = {',
      "  'sites.changeStage': write((input, ctx) => changeStage(ctx, input)),",
      "  'pauses.pause': write((input, ctx) => pauseSite(ctx, input)),",
      "  'sites.get': (input, ctx) => getSite(ctx, input.id),",
      "  'jobs.cancel': (input) => cancelJob(input.jobId),",
      "  'dashboard.portfolio': (_input, ctx) => { const p = local(); return p; },",
      "  'views.list': () => local(),",
      '};',
    ].join('\n');
    expect(misplacedBindings(bindingsOf(sample))).toEqual([
      "sites.changeStage is bound to changeStage from './readiness': move it to main/services/sites.ts, main/services/sites-<part>.ts or main/services/sites/….",
      "jobs.cancel is bound to cancelJob from '../documents/jobs': move it to main/services/jobs.ts, main/services/jobs-<part>.ts or main/services/jobs/….",
      'dashboard.portfolio holds logic: bind one service call, `(input, ctx) => fn(ctx, …)`.',
      'views.list calls local, which handlers.ts does not import from a service.',
    ]);
  });

  it('tells a prefix from a longer name that starts with it', () => {
    expect(isServiceOf('sites', './sites-stage')).toBe(true);
    expect(isServiceOf('sites', './sites/stage')).toBe(true);
    expect(isServiceOf('sites', './sitesx')).toBe(false);
    expect(isServiceOf('site', './sites')).toBe(false);
    expect(isServiceOf('documents', '../documents/jobs')).toBe(false);
  });
});
