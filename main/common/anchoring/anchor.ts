import { finalEdges, refine } from './boundaries';
import { approximateMatches, exactOccurrences, oldNormStart, type Span } from './candidates';
import { weigh, type Evidence } from './confidence';
import { toNormOffset, toRawSpan } from './normalize';
import { prepareQuery } from './query';
import { positionOf, type AnchorResult, type Query, type Selectors } from './selectors';
import { indexFor, type TextIndex } from './text-index';

/** Below this confidence the quote is an orphan: no place in the text is trusted to be it. */
export const MIN_CONFIDENCE = 0.42;
/**
 * A place that shares fewer of its words with the quote than this (word Dice) is not the quote
 * edited but other text: a passage rewritten beyond half its words is gone (an orphan).
 */
export const MIN_WORD_SIMILARITY = 0.6;
/**
 * ...unless its characters say it is the quote with a slip or an inflection ("befor us" for
 * "before us": one word of two differs, one character of nine): short quotes have too few words
 * for the word test alone.
 */
const NEAR_VERBATIM = 0.8;
/** Fuzzy anchors below this confidence go to the review list instead of moving silently. */
export const REVIEW_THRESHOLD = 0.91;

/** A verbatim match whose context agrees this well needs no further search. */
const SETTLED = 0.9;
/** Context similarity from which a verbatim match counts as the same passage ('exact'), not a copy elsewhere. */
const SAME_CONTEXT = 0.75;
/**
 * How much closeness to the old offset adds to a candidate's rank (not to its confidence): among
 * near-equal places (a sentence repeated with small differences, "On x86, the following…" and
 * "On ARM, the following…"), the one where the passage stood wins. The smallest weight in every
 * hold-out fold's best range (docs/anchoring.md).
 */
const PROXIMITY_WEIGHT = 0.3;
const MAX_EXACT_OCCURRENCES = 200;

interface Ranked extends Evidence { rank: number }

function proximity(index: TextIndex, query: Query, start: number): number {
  const old = oldNormStart(index, query);
  if (old === null) return 0;
  return 1 / (1 + Math.abs(start - old) / (query.q.length + 200));
}

class CandidateSet {
  private readonly byKey = new Map<string, Ranked>();
  constructor(private readonly index: TextIndex, private readonly query: Query) {}

  add(span: Span): Ranked {
    const key = `${span.start}:${span.end}`;
    let c = this.byKey.get(key);
    if (!c) {
      const e = weigh(this.index, this.query, span.start, span.end);
      c = { ...e, rank: e.confidence + PROXIMITY_WEIGHT * proximity(this.index, this.query, span.start) };
      this.byKey.set(key, c);
    }
    return c;
  }

  /** Best first; earlier text wins exact ties. Overlapping spans keep only the better one. */
  ranked(): Ranked[] {
    const all = [...this.byKey.values()].sort((a, b) => b.rank - a.rank || a.start - b.start);
    const kept: Ranked[] = [];
    for (const c of all) {
      const clash = kept.some((k) => {
        const overlap = Math.min(k.end, c.end) - Math.max(k.start, c.start);
        // Distinct verbatim occurrences may overlap ("ana" twice in "bananas"); fuzzy variants of one place may not.
        return (c.verbatim && k.verbatim) ? overlap === c.end - c.start && k.start === c.start : overlap > 0.5 * Math.min(k.end - k.start, c.end - c.start);
      });
      if (!clash) kept.push(c);
    }
    return kept;
  }

  /** The best place whose words are enough like the quote's. */
  best(minWords = 0): Ranked | undefined {
    let top: Ranked | undefined;
    for (const c of this.byKey.values()) {
      if (c.words < minWords && c.quote < NEAR_VERBATIM) continue;
      if (!top || c.rank > top.rank || (c.rank === top.rank && c.start < top.start)) top = c;
    }
    return top;
  }
}

/**
 * The normalised span for raw [start, end): from the character that covers `start` (a quote may
 * begin inside a whitespace run that normalised to one space) to the first one at or after `end`.
 */
function toNormSpan(index: TextIndex, start: number, end: number): Span {
  const { ends } = index.norm;
  let s = toNormOffset(index.norm, start);
  if (s > 0 && ends[s - 1]! > start) s--;
  return { start: s, end: Math.max(s, toNormOffset(index.norm, end)) };
}

/** Mean similarity of the recorded context on the sides that have one, or null. */
function contextOf(c: Evidence): number | null {
  const sides = [c.prefix, c.suffix].filter((x): x is number => x !== null);
  return sides.length ? sides.reduce((a, b) => a + b, 0) / sides.length : null;
}

/** Gathers and scores candidates; stops early once a verbatim match with agreeing context is found, unless exhaustive. */
function gather(index: TextIndex, query: Query, exhaustive: boolean): CandidateSet {
  const set = new CandidateSet(index, query);
  // A verbatim copy with other surroundings does not settle it: the passage may still stand where
  // it was, re-indented or re-marked ('> ' on each new line), which only the fuzzy search finds.
  const settled = () => {
    const best = set.best();
    return !exhaustive && !!best && best.confidence >= SETTLED && (contextOf(best) ?? 1) >= SAME_CONTEXT;
  };
  const raw = index.raw;
  if (query.oldStart !== null && query.oldEnd !== null && raw.slice(query.oldStart, query.oldEnd) === query.exact) {
    set.add(toNormSpan(index, query.oldStart, query.oldEnd));
    if (settled()) return set;
  }
  for (const start of exactOccurrences(index, query, MAX_EXACT_OCCURRENCES)) set.add({ start, end: start + query.q.length });
  if (settled()) return set;
  // Scoring picks the place; the context-aware alignment in refine() picks the boundaries.
  for (const match of approximateMatches(index, query)) set.add(refine(index, query, match));
  return set;
}

function toResult(index: TextIndex, query: Query, c: Evidence): AnchorResult {
  // Scoring chose the place; its ends are then set the way a word diff assigns them.
  const span = c.verbatim ? c : finalEdges(index, query, c);
  const { start, end } = toRawSpan(index.norm, span.start, span.end);
  const context = contextOf(c);
  const inPlace = start === query.oldStart || (context ?? 0) >= SAME_CONTEXT || (context === null && query.oldStart === null);
  const status = !c.verbatim ? 'fuzzy' : inPlace ? 'exact' : 'moved';
  return { start, end, status, confidence: Math.round(c.confidence * 1000) / 1000 };
}

/** Bad input is a programming error: say clearly what was expected. */
function checkInput(fn: string, text: unknown, selectors: unknown): void {
  if (typeof text !== 'string') throw new TypeError(`${fn}: the text must be a string, got ${typeof text}`);
  if (!Array.isArray(selectors)) throw new TypeError(`${fn}: selectors must be an array of W3C selectors (TextQuoteSelector, TextPositionSelector)`);
}

/** Position-only selectors cannot be checked against anything: the offsets are taken as they are. */
function positionOnly(text: string, selectors: Selectors): AnchorResult | null {
  const pos = positionOf(selectors);
  if (!pos || !(pos.start >= 0) || !(pos.end > pos.start) || pos.end > text.length) return null;
  return { start: pos.start, end: pos.end, status: 'exact', confidence: 1 };
}

/**
 * Finds where a quote stands in `text` now, or returns null when it is gone (an orphan).
 *
 * Tries, in order: the old position (still the same text there), verbatim occurrences of the
 * quote (ranked by how well their surroundings match the recorded prefix/suffix, then by
 * closeness to the old position), then approximate matches (Myers' algorithm; boundaries
 * refined to the quote's first and last words). Offsets are UTF-16 units.
 */
export function anchor(text: string, selectors: Selectors): AnchorResult | null {
  checkInput('anchor', text, selectors);
  const best = locate(text, selectors);
  return best && best.confidence >= MIN_CONFIDENCE ? best : null;
}

/**
 * The place `anchor` would choose, before the orphan threshold is applied (internal: the
 * calibration sweeps MIN_CONFIDENCE over it without re-running the search).
 */
export function locate(text: string, selectors: Selectors, minWords = MIN_WORD_SIMILARITY): AnchorResult | null {
  const query = prepareQuery(selectors);
  if (!query) return positionOnly(text, selectors);
  if (text.length === 0) return null;
  const index = indexFor(text);
  const best = gather(index, query, false).best(minWords);
  return best ? toResult(index, query, best) : null;
}

/**
 * The `k` best distinct places for a quote, best first, whatever their confidence (for the review
 * list's "Pick another"). Places below MIN_CONFIDENCE are included: the user decides.
 */
export function bestCandidates(text: string, selectors: Selectors, k: number): AnchorResult[] {
  checkInput('bestCandidates', text, selectors);
  const query = prepareQuery(selectors);
  if (!query || text.length === 0 || k <= 0) return [];
  const index = indexFor(text);
  return gather(index, query, true).ranked().slice(0, k).map((c) => toResult(index, query, c));
}
