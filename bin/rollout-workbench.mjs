#!/usr/bin/env node
// Runs the TypeScript CLI from a source checkout (`npm link` or `npx rollout-workbench`).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

// The tsconfig beside the sources, wherever the command runs from: it declares the path aliases (@core/*, ...).
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
// `rollout-workbench reminders | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { runCli } = await import(fileURLToPath(new URL('../main/cli.ts', import.meta.url)));
process.exitCode = await runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
