import search from 'approx-string-match';
import { distanceAnchoredAtEnd, distanceAnchoredAtStart, editDistance } from './edit-distance';
import type { Query } from './selectors';
import { WORD, type TextIndex } from './text-index';
import { pairTokens } from './word-diff';

/** The evidence for one candidate span (normalised offsets) and the confidence drawn from it. */
export interface Evidence {
  start: number;
  end: number;
  /** Similarity of the span to the quote, 0..1 (1 − edit distance / length). */
  quote: number;
  /** Similarity of the text before/after the span to the recorded prefix/suffix; null if none was recorded. */
  prefix: number | null;
  suffix: number | null;
  /** The span reads exactly like the quote (after normalisation). */
  verbatim: boolean;
  /** Share of the quote's words that the span still has, in order (their survival in this place). */
  words: number;
  confidence: number;
}

/**
 * The share of the quote's words that survive in `span`, in order, as a word diff pairs them
 * (case folded). Characters can agree where words do not ("maxFeePerGas, gasLimit" and
 * "max_fee_per_gas, gas_limit" share most letters and no word), so this is the test of "the
 * same passage, edited". Words added to the passage do not lower it: a passage that grew is
 * still there.
 */
export function wordSurvival(quote: string, span: string): number {
  const wq = quote.toLowerCase().match(WORD) ?? [], ws = span.toLowerCase().match(WORD) ?? [];
  if (wq.length === 0) return 1;
  let common = 0;
  for (const j of pairTokens(wq, ws)) if (j >= 0) common++;
  return common / wq.length;
}

// A full table is fine up to this many cells; beyond it Myers' algorithm bounds the distance.
const MAX_TABLE = 1_000_000;

function quoteDistance(q: string, span: string): number {
  if (q.length * span.length <= MAX_TABLE) return editDistance(q, span);
  const matches = search(span, q, q.length);
  let best = Math.max(q.length, span.length);
  for (const m of matches) best = Math.min(best, m.errors + m.start + (span.length - m.end));
  return best;
}

export function similarity(distance: number, length: number): number {
  return length === 0 ? 1 : Math.max(0, 1 - distance / length);
}

/**
 * The quote counts twice as much per character as its context: the context is only there to
 * place the quote, and it changes with edits around the passage that do not touch the quote.
 */
const QUOTE_WEIGHT = 2;

export function combine(quoteLen: number, quote: number, prefixLen: number, prefix: number | null, suffixLen: number, suffix: number | null): number {
  let num = QUOTE_WEIGHT * quoteLen * quote, den = QUOTE_WEIGHT * quoteLen;
  if (prefix !== null) { num += prefixLen * prefix; den += prefixLen; }
  if (suffix !== null) { num += suffixLen * suffix; den += suffixLen; }
  return den === 0 ? 0 : num / den;
}

/** Scores the span [start, end) of the normalised text as the new place of the quote. */
export function weigh(index: TextIndex, query: Query, start: number, end: number): Evidence {
  const text = index.norm.text;
  const span = text.slice(start, end);
  const verbatim = span === query.q;
  const quote = verbatim ? 1 : similarity(quoteDistance(query.q, span), Math.max(query.q.length, span.length));
  // Context that would reach past either end of the text is compared only as far as the text
  // goes: the missing part is not evidence against the place (hyp-mq-20/21).
  const p = query.p.slice(Math.max(0, query.p.length - start));
  const s = query.s.slice(0, Math.max(0, text.length - end));
  const prefix = p.length === 0 ? null
    : similarity(distanceAnchoredAtEnd(p, text.slice(Math.max(0, start - p.length - (p.length >> 1)), start)), p.length);
  const suffix = s.length === 0 ? null
    : similarity(distanceAnchoredAtStart(s, text.slice(end, end + s.length + (s.length >> 1))), s.length);
  const confidence = combine(query.q.length, quote, p.length, prefix, s.length, suffix);
  const words = verbatim ? 1 : wordSurvival(query.q, span);
  return { start, end, quote, prefix, suffix, verbatim, words, confidence };
}
