/**
 * A channel's name leads to its file: `sites.changeStage` is declared in core/contract/sites.ts, and
 * every file of core/contract declares only channels of its own prefix. The whole contract is the
 * union of those files, each channel declared once.
 */
import { describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';

const modules = import.meta.glob<Record<string, unknown>>('../../core/contract/*.ts', { eager: true });

/** The channel tables a contract file exports (`sitesContract`, …), keyed by file name. */
function channelsByFile(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [path, mod] of Object.entries(modules)) {
    const file = path.split('/').pop()!.replace(/\.ts$/, '');
    if (file === 'index') continue;
    for (const [name, value] of Object.entries(mod)) {
      if (!name.endsWith('Contract') || typeof value !== 'object' || value === null) continue;
      out.set(file, [...(out.get(file) ?? []), ...Object.keys(value)]);
    }
  }
  return out;
}

describe('contract files are named after the prefix of the channels they declare', () => {
  const byFile = channelsByFile();

  it('finds the channel tables (the check is not vacuous)', () => {
    expect(byFile.get('sites')).toContain('sites.create');
    expect([...byFile.values()].flat().length).toBeGreaterThan(50);
  });

  it('each file declares only channels named <file>.*', () => {
    const misplaced = [...byFile].flatMap(([file, channels]) =>
      channels
        .filter((c) => c.split('.')[0] !== file)
        .map((c) => `${c} is declared in core/contract/${file}.ts: move it to core/contract/${c.split('.')[0]}.ts`),
    );
    expect(misplaced).toEqual([]);
  });

  it('the contract is exactly the channels of the files, each declared once', () => {
    const declared = [...byFile.values()].flat();
    const twice = declared.filter((c, i) => declared.indexOf(c) !== i);
    expect(twice).toEqual([]);
    expect([...declared].sort()).toEqual(Object.keys(contract).sort());
  });
});
