/** What the error screen says when a workspace cannot be opened, per problem, in plain words. */
import type { WorkspaceOpenProblem } from '../db/client';

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
  }
}
