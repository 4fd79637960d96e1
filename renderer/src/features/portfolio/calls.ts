/**
 * Calls of the portfolio import and the list exports that are steps of one job rather than reads of
 * a screen: inspect and the dry run write nothing; the import writes, then refreshes what it changed;
 * an export writes a file only.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { InputOf, OutputOf } from '@core/contract/index';
import { refresh } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { clientQueries } from '../clients/queries';
import { ownerQueries } from '../owners/queries';
import { peopleQueries } from '../people/queries';
import { siteScreen } from '../sites/queries';
import { portfolioQueries } from './queries';

export type InspectInput = InputOf<'portfolio.inspect'>;
export type Inspected = OutputOf<'portfolio.inspect'>;
export type ImportResult = OutputOf<'portfolio.import'>;
export type ExportInput = InputOf<'portfolio.export'>;

export const inspectPortfolio = (input: InspectInput) => rpc('portfolio.inspect', input);
export const dryRunPortfolio = (input: InputOf<'portfolio.dryRun'>) => rpc('portfolio.dryRun', input);
export const exportPortfolio = (input: ExportInput) => rpc('portfolio.export', input);

/** The import, then every list it may have changed refreshed (awaited), and the saved mappings. */
export function useImportPortfolio() {
  const qc = useQueryClient();
  return async (input: InputOf<'portfolio.import'>) => {
    const out = await rpc('portfolio.import', input);
    await refresh(qc, ...siteScreen(), clientQueries.all(), peopleQueries.all(), ownerQueries.all(), portfolioQueries.all());
    return out;
  };
}
