#!/usr/bin/env node
// Runs the TypeScript CLI from a source checkout (`npm link` or `npx rollout-workbench`).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runCli } = await import(fileURLToPath(new URL('../main/cli.ts', import.meta.url)));
process.exitCode = await runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
