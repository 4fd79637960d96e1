// A worker started from the TypeScript sources (tsx, vitest): register the TypeScript loader with the
// repository's tsconfig (it declares the path aliases), then run the entry (main/workers/pool.ts).
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: workerData.tsconfig });
await import(pathToFileURL(workerData.entry).href);
