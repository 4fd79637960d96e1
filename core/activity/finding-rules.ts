/** The five kinds of finding, detected in a site's stored activity. See the rules' tests for near misses. */
import type { DetectedFinding, RuleEvent, RuleSite } from './types';

/** Every finding the site's activity shows, each once, ordered by time. Events must be in time order. */
export function detectFindings(events: readonly RuleEvent[], site: RuleSite): DetectedFinding[] {
  (void events, site);
  throw new Error('not implemented');
}
