import { z } from 'zod';
import { Id } from './fields';

/** What a search result is; the palette groups by it, in this order when ranks tie. */
export const SEARCH_KINDS = ['site', 'client', 'person', 'incident', 'sop'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_KIND_LABEL: Record<SearchKind, string> = {
  site: 'Sites',
  client: 'Clients',
  person: 'People',
  incident: 'Incidents',
  sop: 'SOPs',
};

/** The longest text a search takes: longer is refused with a message, never cut silently. */
export const SEARCH_MAX_LENGTH = 200;

export const SearchEverythingInput = z.object({
  query: z
    .string({ error: 'Search text is required.' })
    // Pasted tabs, line breaks and other control characters (NUL too) separate words like a space.
    // eslint-disable-next-line no-control-regex
    .overwrite((v) => v.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' '))
    .trim()
    .max(SEARCH_MAX_LENGTH, { error: `Search text is too long (max ${SEARCH_MAX_LENGTH} characters): shorten it.` }),
  /** Results per kind (sites, clients, people, incidents, SOPs). */
  limit: z.number().int().min(1).max(25).default(5),
});

/**
 * How well a result matches: 0 the whole name, 1 its start or the start of a word, 2 elsewhere in its
 * name, 3 in other text (URL, e-mail, snippet).
 */
export const SearchRank = z.number().int().min(0).max(3);

export const SearchResult = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: Id,
  title: z.string(),
  /** One line saying where it belongs and why it matched. */
  snippet: z.string(),
  /** The hash route it opens, e.g. `/sites/01J…`. */
  route: z.string(),
  rank: SearchRank,
  archived: z.boolean(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchGroup = z.object({
  kind: z.enum(SEARCH_KINDS),
  label: z.string(),
  results: z.array(SearchResult),
  /** True when more of this kind match than were returned. */
  more: z.boolean(),
});
export type SearchGroup = z.infer<typeof SearchGroup>;

export const SearchEverythingOutput = z.object({
  /** The query as searched (trimmed), so a caller can tell which text the results belong to. */
  query: z.string(),
  /** Groups with at least one result, best match first. */
  groups: z.array(SearchGroup),
});
export type SearchEverythingOutput = z.infer<typeof SearchEverythingOutput>;

export const searchContract = {
  'search.everything': { input: SearchEverythingInput, output: SearchEverythingOutput },
} as const;
