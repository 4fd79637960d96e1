/** What the error screen says when a workspace cannot be opened, per problem, in plain words. */
import type { WorkspaceOpenProblem } from '@db/client';

export interface OpenProblemScreen {
  title: string;
  body: string;
  /** Buttons offered, in order. */
  actions: ('choose-another' | 'reveal' | 'retry' | 'quit')[];
}

export function describeOpenProblem(problem: WorkspaceOpenProblem, message: string): OpenProblemScreen {
  switch (problem) {
    case 'not-sqlite':
      return { title: 'This file is not a workspace', body: message, actions: ['choose-another', 'reveal', 'quit'] };
    case 'corrupt':
      return { title: 'The workspace is damaged', body: message, actions: ['reveal', 'choose-another', 'quit'] };
    case 'newer-schema':
      return { title: 'The workspace needs a newer app', body: message, actions: ['choose-another', 'quit'] };
    case 'edited-migration':
      return { title: 'The workspace and this app do not match', body: message, actions: ['choose-another', 'quit'] };
    case 'locked':
      return { title: 'The workspace is in use', body: message, actions: ['retry', 'choose-another', 'quit'] };
    case 'unreadable':
      return { title: 'The workspace cannot be opened', body: message, actions: ['choose-another', 'reveal', 'quit'] };
    case 'foreign':
      return { title: 'This file belongs to another application', body: message, actions: ['choose-another', 'reveal', 'quit'] };
    case 'missing':
      return { title: 'The workspace file is missing', body: message, actions: ['choose-another', 'quit'] };
    case 'empty':
      return { title: 'This file is empty', body: message, actions: ['choose-another', 'reveal', 'quit'] };
    case 'disk-full':
      return { title: 'The disk is full', body: message, actions: ['retry', 'reveal', 'choose-another', 'quit'] };
    case 'backup-failed':
      return { title: 'The backup before updating the workspace failed', body: message, actions: ['retry', 'reveal', 'choose-another', 'quit'] };
    case 'read-only':
      return { title: 'The workspace is read-only and needs updating', body: message, actions: ['reveal', 'choose-another', 'quit'] };
    case 'needs-recovery':
      return { title: 'The workspace was not closed properly', body: message, actions: ['reveal', 'choose-another', 'quit'] };
  }
}

/**
 * better-sqlite3 loaded a build made for another runtime (Node's instead of Electron's ABI). That is an
 * installation problem, not a problem with the workspace, so it gets its own screen: no file choice helps.
 */
export function nativeModuleProblem(message: string, packaged = false): OpenProblemScreen | null {
  if (!/NODE_MODULE_VERSION|compiled against a different Node\.js version|better_sqlite3\.node|Could not locate the bindings file/i.test(message)) return null;
  const fix = packaged
    ? 'The installation is damaged: install Rollout Workbench again from its download page (your workspaces are kept).'
    : 'Run `npm start` (or `node scripts/electron-rebuild.mjs`) once on a machine with internet access and a C++ toolchain; ' +
      'it builds the engine for Electron into the native/ folder.';
  return {
    title: 'The app is missing its database engine for Electron',
    body: `better-sqlite3 has not been built for this version of Electron, so no workspace can be opened. ${fix} Your workspace files have not been touched.`,
    actions: ['quit'],
  };
}
