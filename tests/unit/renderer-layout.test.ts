/**
 * A channel's name leads to the renderer code that calls it: every use of `sites.changeStage` (an
 * `rpc(…)`, a `useChannelWrite(…)`, a channel type such as `OutputOf<'sites.get'>`) lives in
 * renderer/src/features/sites/, in its queries.ts, mutations.ts or calls.ts. Components import
 * those hooks and factories; they never name a channel. See docs/ARCHITECTURE.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';

const ROOT = join(__dirname, '..', '..');
const RENDERER = join(ROOT, 'renderer', 'src');
const CHANNELS = new Set(Object.keys(contract));

/** Files that may name any channel: the transport itself, which carries them all. */
const EXEMPT = new Set(['renderer/src/lib/rpc.ts']);

interface Source {
  path: string;
  text: string;
}

/** Comments speak of channels freely (`sites.get` in a doc comment is not a call). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * Every channel string literal outside `renderer/src/features/<its prefix>/`, as
 * "<file>: '<channel>' belongs in renderer/src/features/<prefix>/".
 */
function misplacedChannels(sources: readonly Source[], channels: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const { path, text } of sources) {
    if (EXEMPT.has(path)) continue;
    const literal = /(['"`])([a-zA-Z]+)\.([a-zA-Z]+)\1/g;
    for (const m of stripComments(text).matchAll(literal)) {
      const channel = `${m[2]}.${m[3]}`;
      if (!channels.has(channel)) continue; // an event ('data.changed', 'job.done') or other text
      const home = `renderer/src/features/${m[2]}/`;
      if (!path.startsWith(home)) out.push(`${path}: '${channel}' belongs in ${home} (queries.ts, mutations.ts or calls.ts)`);
    }
  }
  return out;
}

function rendererSources(): Source[] {
  return readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => {
      const abs = join(RENDERER, f);
      return { path: relative(ROOT, abs).split(sep).join('/'), text: readFileSync(abs, 'utf8') };
    });
}

describe('renderer code that calls a channel lives in features/<its prefix>/', () => {
  const sources = rendererSources();

  it('reads the renderer and the contract (the check is not vacuous)', () => {
    expect(CHANNELS.has('sites.changeStage')).toBe(true);
    expect(sources.some((s) => s.path === 'renderer/src/features/sites/mutations.ts' && s.text.includes("'sites.changeStage'"))).toBe(true);
    expect(sources.length).toBeGreaterThan(50);
  });

  it('no channel is named outside its feature folder', () => {
    expect(misplacedChannels(sources, CHANNELS)).toEqual([]);
  });

  it('fails, naming the file and the channel, on a call in the wrong feature', () => {
    const made = [
      {
        path: 'renderer/src/features/readiness/mutations.ts',
        text: "export const useChangeStage = (o) => useChannelWrite('sites.changeStage', siteScreen(), o);",
      },
      { path: 'renderer/src/features/settings/verify.tsx', text: 'useMutation({ mutationFn: () => rpc("workspace.verify", {}) });' },
      { path: 'renderer/src/app/identity.tsx', text: 'type Identity = OutputOf<`identity.get`>;' },
    ];
    expect(misplacedChannels(made, CHANNELS)).toEqual([
      "renderer/src/features/readiness/mutations.ts: 'sites.changeStage' belongs in renderer/src/features/sites/ (queries.ts, mutations.ts or calls.ts)",
      "renderer/src/features/settings/verify.tsx: 'workspace.verify' belongs in renderer/src/features/workspace/ (queries.ts, mutations.ts or calls.ts)",
      "renderer/src/app/identity.tsx: 'identity.get' belongs in renderer/src/features/identity/ (queries.ts, mutations.ts or calls.ts)",
    ]);
  });

  it('passes the same calls in their own feature, events, comments and the transport', () => {
    const made = [
      { path: 'renderer/src/features/sites/mutations.ts', text: "useChannelWrite('sites.changeStage', siteScreen(), o);" },
      { path: 'renderer/src/app/providers.tsx', text: "onEvent('data.changed', () => bridge.mark());" },
      { path: 'renderer/src/app/palette.tsx', text: "/** Searches everything (`search.everything`). */\n// calls 'search.everything'\nconst x = 1;" },
      { path: 'renderer/src/lib/rpc.ts', text: "export const ping = () => call('workspace.info', {});" },
    ];
    expect(misplacedChannels(made, CHANNELS)).toEqual([]);
  });
});
