import type { Span } from './candidates';
import { toNormOffset } from './normalize';
import type { Query } from './selectors';
import type { TextIndex } from './text-index';

/*
 * Blocks: paragraphs and list items. A quote that began right after a block break (its prefix
 * ends with a blank line or a list marker) begins a block, and still does after an edit: a span
 * that starts in the item before and runs over the break into the quote's item has taken the
 * neighbour's words for the quote's (a list item reworded to drop two words, next to one that
 * now holds those words). Likewise at the end.
 */

/** A blank line, or a line break before a list marker ("* ", "- ", "+ ", "1. ", "1) "). */
const BREAK = String.raw`\n[^\S\n]*(?:\n\s*|(?:[-*+]|\d{1,3}[.)])[^\S\n]+)`;
export const BLOCK_BREAK = new RegExp(BREAK);
export const BLOCK_BREAK_BEFORE = new RegExp(`${BREAK}$`);
export const BLOCK_BREAK_AFTER = new RegExp(String.raw`^[^\S\n]*\n[^\S\n]*(?:\n|(?:[-*+]|\d{1,3}[.)])[^\S\n]+)`);

const EDGE_WORDS = 3;
const wordsOf = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
/** How many of the first (last) few words of `s` are the quote's first (last) words, in order. */
function lead(s: string, quote: string[]): number {
  const w = wordsOf(s);
  let n = 0;
  while (n < EDGE_WORDS && n < w.length && w[n] === quote[n]) n++;
  return n;
}
const tail = (s: string, quote: string[]) => lead(wordsOf(s).reverse().join(' '), [...quote].reverse());

/**
 * Keeps a span that should begin (end) a block from starting (ending) across a block break: only
 * when the piece past the break begins (ends) with more of the quote's first (last) words than the
 * span does, and that piece is at least half as long as the quote. A passage that became a list keeps it.
 */
export function withinBlockEdges(index: TextIndex, query: Query, span: Span): Span {
  if (!query.startsBlock && !query.endsBlock) return span;
  const { starts, ends } = index.norm;
  const rawStart = starts[span.start]!, rawEnd = ends[span.end - 1]!;
  const raw = index.raw.slice(rawStart, rawEnd);
  const breaks = [...raw.matchAll(new RegExp(BREAK, 'g'))].map((m) => ({ from: rawStart + m.index, to: rawStart + m.index + m[0].length }));
  if (breaks.length === 0) return span;
  let from = rawStart, to = rawEnd;
  const half = query.q.length / 2;
  const quote = wordsOf(query.q);
  if (query.startsBlock) {
    const here = lead(raw, quote);
    const last = breaks.filter((b) => rawEnd - b.to >= half && lead(index.raw.slice(b.to, rawEnd), quote) > here).pop();
    if (last) from = last.to;
  }
  if (query.endsBlock) {
    const here = tail(index.raw.slice(from, rawEnd), quote);
    const first = breaks.find((b) => b.from > from && b.from - from >= half && tail(index.raw.slice(from, b.from), quote) > here);
    if (first) to = first.from;
  }
  if (from === rawStart && to === rawEnd) return span;
  const start = toNormOffset(index.norm, from), end = toNormOffset(index.norm, to);
  return end > start ? { start, end } : span;
}
