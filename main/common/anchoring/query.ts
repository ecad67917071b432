import { normalizeString } from './normalize';
import { positionOf, quoteOf, type Query, type Selectors } from './selectors';
import { BLOCK_BREAK_AFTER, BLOCK_BREAK_BEFORE, BLOCK_BREAK } from './blocks';
import { isWordChar } from './text-index';

/** How much context on each side takes part in matching; more adds cost and little evidence. */
export const CONTEXT_WINDOW = 64;

/** Prepares selectors for matching, or null when there is no quote to look for. */
export function prepareQuery(selectors: Selectors): Query | null {
  const quote = quoteOf(selectors);
  if (!quote || typeof quote.exact !== 'string') return null;
  const q = normalizeString(quote.exact);
  if (q.trim() === '') return null;
  const p = normalizeString(quote.prefix ?? '').slice(-CONTEXT_WINDOW);
  const s = normalizeString(quote.suffix ?? '').slice(0, CONTEXT_WINDOW);
  const pos = positionOf(selectors);
  const valid = pos && Number.isInteger(pos.start) && Number.isInteger(pos.end) && pos.start >= 0 && pos.end >= pos.start;
  return {
    exact: quote.exact,
    q, p, s,
    oldStart: valid ? pos.start : null,
    oldEnd: valid ? pos.end : null,
    // Without context we cannot tell whether the quote began mid-word, so its edges are not snapped.
    startsAtWord: p.length > 0 && !(isWordChar(q[0]) && isWordChar(p[p.length - 1])),
    endsAtWord: s.length > 0 && !(isWordChar(q[q.length - 1]) && isWordChar(s[0])),
    // Only a block edge the quote does not itself contain says where the passage is bounded.
    startsBlock: BLOCK_BREAK_BEFORE.test(quote.prefix ?? '') && !BLOCK_BREAK.test(quote.exact),
    endsBlock: BLOCK_BREAK_AFTER.test(quote.suffix ?? '') && !BLOCK_BREAK.test(quote.exact),
  };
}
