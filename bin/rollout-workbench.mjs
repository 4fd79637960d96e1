#!/usr/bin/env node
// `rollout-workbench`: runs the compiled command-line tool (out/cli/cli.js) with plain Node; no
// TypeScript is transpiled at run time. The build is made by `npm run build:cli` (and by `npm install`,
// `npm run build`); when it is missing, or a source file changed since it was made, it is rebuilt here
// first (esbuild takes a second or two), so an old build never runs. Without esbuild (an install
// without development dependencies) that is not possible: the tool says so and exits 2.
import { buildCli, buildState, canBuild, ENTRY } from '../cli.build.mjs';
import { pathToFileURL } from 'node:url';

const found = buildState();
if (found.state !== 'fresh') {
  const why = found.state === 'missing' ? 'is not built yet' : `is older than ${found.changed}`;
  if (!(await canBuild())) {
    console.error(
      `rollout-workbench: the command-line tool ${why}, and esbuild, which builds it, is not installed. Run \`npm install\` (with development dependencies), then \`npm run build:cli\`.`,
    );
    process.exit(2);
  }
  try {
    await buildCli({ prune: false });
  } catch (e) {
    console.error(`rollout-workbench: the command-line tool ${why} and could not be rebuilt:\n${e.message}\nFix the error, then run \`npm run build:cli\`.`);
    process.exit(2);
  }
}
const { main } = await import(pathToFileURL(ENTRY).href);
await main(process.argv.slice(2));
