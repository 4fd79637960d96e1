/**
 * Version strings as plugin, WordPress and PHP releases write them: 6.4, 6.4.3, 8.2.12, 1.0.0-beta.2,
 * 6.5-RC1. A leading "v" is accepted and dropped.
 */
export const VERSION_RE = /^\d+(?:\.\d+){1,3}(?:[-+._]?[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*)?$/;

export function normaliseVersion(raw: string): string {
  const t = raw.trim();
  return /^v\d/i.test(t) ? t.slice(1) : t;
}

/** Compares dotted numeric parts; a pre-release suffix sorts before the plain release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+(?:\.\d+)*)(.*)$/.exec(v) ?? [v, '0', v];
    return { nums: m[1]!.split('.').map(Number), suffix: m[2] ?? '' };
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.nums.length, pb.nums.length); i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa.suffix === pb.suffix) return 0;
  if (pa.suffix === '') return 1;
  if (pb.suffix === '') return -1;
  return pa.suffix < pb.suffix ? -1 : 1;
}
