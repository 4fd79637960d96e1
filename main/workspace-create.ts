/**
 * When opening may make a new workspace, for the programs that take a workspace path on the command
 * line, and what a refusal tells the user to do. A mistyped path must never quietly become an empty
 * workspace: the CLI never creates one; the web harness creates one only at its default path (when
 * no path was given) or when asked to with `--new` (alias `--create`); otherwise a missing or empty
 * file is refused in the same words as the CLI's ("<file> does not exist. Check the path; …").
 * The desktop app creates its default workspace on first start (main/index.ts).
 */
import type { OpenOptions } from '@db/client';

export type CreateRule = Required<Pick<OpenOptions, 'create' | 'createHint'>>;

export const CLI_CREATE_RULE: CreateRule = { create: 'never', createHint: 'a new workspace is created in the app, never here' };

/**
 * The web harness: `pathGiven` when --workspace or ROLLOUT_WORKBENCH_DB named the file, `asked` when
 * --new or --create was given.
 */
export function harnessCreateRule(o: { pathGiven: boolean; asked: boolean }): CreateRule {
  return {
    create: !o.pathGiven || o.asked ? 'allow' : 'never',
    createHint: 'to start a new workspace there, add --new',
  };
}
