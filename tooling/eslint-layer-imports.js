// ESLint rule `layers/no-relative-escape`: an import that leaves its layer folder uses the layer's
// alias (@core/..., @db/..., @main/..., @renderer/...) instead of climbing with ../../; inside one
// layer, relative imports stay. The layers and aliases are described in docs/ARCHITECTURE.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Layer folders, most specific first; `alias` is null where the layer has none (imports into it stay relative). */
export const layers = [
  { dir: 'renderer/src', alias: '@renderer' },
  { dir: 'core', alias: '@core' },
  { dir: 'db', alias: '@db' },
  { dir: 'main', alias: '@main' },
  { dir: 'preload', alias: null },
  { dir: 'scripts', alias: null },
  { dir: 'tests', alias: null },
];

export function layerOf(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return layers.find((l) => rel === l.dir || rel.startsWith(`${l.dir}/`)) ?? null;
}

/** The alias form of `specifier` imported from `file`, or null when it stays as it is. */
export function aliasFor(file, specifier) {
  if (!specifier.startsWith('../')) return null;
  const from = layerOf(file);
  if (!from) return null;
  const target = path.resolve(path.dirname(file), specifier);
  const to = layerOf(target);
  if (!to || to === from || !to.alias) return null;
  const rest = path.relative(path.join(root, to.dir), target).split(path.sep).join('/');
  if (rest === '') return null;
  return `${to.alias}/${rest}`;
}

const rule = {
  meta: {
    type: 'suggestion',
    fixable: 'code',
    docs: { description: 'Imports that leave their layer folder use the layer alias.' },
    messages: { escape: "Import '{{alias}}' instead of '{{specifier}}': a relative import stays inside its layer (docs/ARCHITECTURE.md)." },
    schema: [],
  },
  create(context) {
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const alias = aliasFor(context.filename, source.value);
      if (!alias) return;
      const quote = source.raw[0];
      context.report({
        node: source,
        messageId: 'escape',
        data: { alias, specifier: source.value },
        fix: (f) => f.replaceText(source, `${quote}${alias}${quote}`),
      });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      TSImportType: (n) => check(n.argument?.literal ?? n.argument),
    };
  },
};

export default { rules: { 'no-relative-escape': rule } };
