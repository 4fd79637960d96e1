/**
 * How a refused playbook reports what is wrong. Kept apart from the zod schema so the consistency
 * rule can use it without importing the schema that runs it.
 */
export interface PlaybookProblem {
  /** Readable path, e.g. `sops[3].approvalBoundaries.mayApprove[0]`. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}
