/** What the demo seed's steps share while they fill one workspace: the writer, the random source, the clock and the running counts. */
import type { contract } from '@core/contract/index';
import type { Clock, WriteContext } from '@main/rpc/context';
import type { randomSource } from './portfolio-data';

export const DAY_MS = 1000 * 60 * 60 * 24;

export interface SeedSummary {
  clients: number;
  sites: number;
  people: number;
  assignments: number;
  operators: number;
  ms: number;
}

/** A client as the seed spreads sites over it. */
export interface SeedClient {
  id: string;
  slug: string;
  staff: string[];
  name: string;
}

export type SeedEnv = ReturnType<typeof randomSource> & {
  ctx: WriteContext;
  /** Parses a service input with the contract, as the app's handlers do. */
  parse: <C extends keyof typeof contract>(channel: C, input: unknown) => never;
  clock: Clock;
  /** The seed's clock: every change is a second after the previous one; steps may move it forward. */
  time: { tick: number };
  /** The seed's present (ms), its day, and when the first site was created. */
  end: number;
  endDay: string;
  firstSiteAt: number;
  /** Active agency people, who own and verify most responsibilities. */
  agency: string[];
  summary: SeedSummary;
};
