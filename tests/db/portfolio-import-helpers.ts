/** Sending a spreadsheet through the upload and portfolio channels, as the import page does. */
import type { PortfolioMappingInput } from '@core/contract/portfolio';
import { csvText } from '../factories/spreadsheets';
import type { TestWorkspace } from './helpers';

/** Sends a file through uploads.* as the page does; answers the upload id. */
export async function upload(ws: TestWorkspace, fileName: string, content: string): Promise<string> {
  const { uploadId } = await ws.call('uploads.begin', { fileName, size: Buffer.byteLength(content) });
  const chunk = 4000;
  for (let i = 0, seq = 0; i < content.length; i += chunk, seq++) await ws.call('uploads.append', { uploadId, seq, text: content.slice(i, i + chunk) });
  await ws.call('uploads.finish', { uploadId });
  return uploadId;
}

let jobs = 0;
export const jobId = () => `job-${++jobs}`;

/** Inspects, dry-runs and (unless `dryOnly`) imports `rows` as a CSV with the suggested mapping (adjusted by `columns`). */
export async function runImport(
  ws: TestWorkspace,
  rows: string[][],
  opts: {
    kind?: 'sites' | 'clients' | 'people' | 'owners';
    columns?: Record<string, string | null>;
    newPeople?: 'agency' | 'client';
    saveMappingAs?: string;
  } = {},
) {
  const uploadId = await upload(ws, 'portfolio.csv', csvText(rows));
  const inspected = await ws.call('portfolio.inspect', { uploadId, ...(opts.kind ? { kind: opts.kind } : {}) });
  const mapping: PortfolioMappingInput = {
    ...inspected.mapping,
    columns: { ...inspected.mapping.columns, ...opts.columns },
    newPeople: opts.newPeople ?? 'agency',
  };
  const dry = await ws.call('portfolio.dryRun', { jobId: jobId(), uploadId, mapping });
  const imported = await ws.call('portfolio.import', { jobId: jobId(), uploadId, mapping, confirm: true, saveMappingAs: opts.saveMappingAs ?? null });
  return { inspected, dry, imported, mapping };
}

export async function dryRun(
  ws: TestWorkspace,
  rows: string[][],
  opts: { kind?: 'sites' | 'clients' | 'people' | 'owners'; columns?: Record<string, string | null> } = {},
) {
  const uploadId = await upload(ws, 'portfolio.csv', csvText(rows));
  const inspected = await ws.call('portfolio.inspect', { uploadId, ...(opts.kind ? { kind: opts.kind } : {}) });
  const mapping: PortfolioMappingInput = { ...inspected.mapping, columns: { ...inspected.mapping.columns, ...opts.columns } };
  return { dry: await ws.call('portfolio.dryRun', { jobId: jobId(), uploadId, mapping }), uploadId, mapping };
}
