import { z } from 'zod';
import { SourceId } from './library';

/** How far down the ranking a query can be paged: hits past it are not worth reading one by one (refine the query). */
export const MAX_SEARCH_DEPTH = 1000;
/** Hits per answer when the request gives no `limit`. */
export const DEFAULT_SEARCH_LIMIT = 100;

/**
 * Which slice of the ranking to answer: hits `offset` to `offset + limit` (default 0 and DEFAULT_SEARCH_LIMIT).
 * Paging keeps each answer small: a view asks for the first page at once and the next ones as the
 * reader scrolls. `total` always counts every match; `groups` group this page's hits only.
 */
export const SearchOptions = z.object({
  limit: z.number().int().min(1).max(MAX_SEARCH_DEPTH).optional(),
  offset: z.number().int().min(0).max(MAX_SEARCH_DEPTH - 1).optional(),
  /**
   * `false`: the answer's `groups` comes empty. For a view that groups the hits itself (with
   * `groupHits`, page by page): otherwise every hit travels twice, once in `hits` and once in its group.
   */
  groups: z.boolean().optional(),
}).strict().refine((o) => (o.offset ?? 0) + (o.limit ?? 1) <= MAX_SEARCH_DEPTH, {
  message: `offset + limit may be at most ${MAX_SEARCH_DEPTH}: refine the query to reach hits further down`,
});
export type SearchOptions = z.infer<typeof SearchOptions>;

/** [start, end) ranges inside a snippet that matched the query. */
export const Marks = z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]));

export const SearchHit = z.object({
  kind: z.enum(['passage', 'note', 'quote']),
  /** For passages and quotes: the source. */
  sourceId: SourceId.optional(),
  /** Path relative to the library folder (passages, quotes) or the notebook (notes). */
  path: z.string(),
  title: z.string(),
  heading: z.string().optional(),
  /** PDF sources: the 1-based page the hit starts on. */
  page: z.number().int().positive().optional(),
  /** Offsets of the passage in the source's canonical text (or of the match in the note). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  snippet: z.string(),
  marks: Marks,
  /** Query terms that matched, as found in the text (for marking them in the reader). */
  terms: z.array(z.string()),
  score: z.number(),
  annotationId: z.string().optional(),
  /** Set when the hit matched a query word only through these typo variants ("customizing" for "customising"). */
  typos: z.array(z.string()).optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchGroup = z.object({
  path: z.string(),
  sourceId: SourceId.optional(),
  title: z.string(),
  kind: z.enum(['passage', 'note', 'quote']),
  hits: z.array(SearchHit),
});
export type SearchGroup = z.infer<typeof SearchGroup>;

export const SearchResults = z.object({
  query: z.string(),
  /** Hits in rank order. */
  hits: z.array(SearchHit),
  /** The same hits grouped by source or note, groups in order of their best hit; empty when asked with `groups: false`. */
  groups: z.array(SearchGroup),
  total: z.number().int().nonnegative(),
  /** Where this page starts in the ranking (the request's `offset`). */
  offset: z.number().int().nonnegative().optional(),
  /** Set when `total` is an estimate (a phrase with thousands of candidates): show it as "about 2,300". */
  estimated: z.boolean().optional(),
  /** True while the library is still being indexed: results may be incomplete. */
  partial: z.boolean(),
  tookMs: z.number(),
});
export type SearchResults = z.infer<typeof SearchResults>;

/** Hits grouped by source or note, groups in order of their best hit: the one grouping of search results. */
export function groupHits(hits: readonly SearchHit[]): SearchGroup[] {
  const groups = new Map<string, SearchGroup>();
  for (const hit of hits) {
    const key = `${hit.kind}\u0000${hit.path}`;
    let g = groups.get(key);
    if (!g) {
      g = { path: hit.path, title: hit.title, kind: hit.kind, hits: [] };
      if (hit.sourceId !== undefined) g.sourceId = hit.sourceId;
      groups.set(key, g);
    }
    g.hits.push(hit);
  }
  return [...groups.values()];
}
