import type { Span } from './candidates';
import type { Query } from './selectors';
import type { TextIndex } from './text-index';
import { pairTokens } from './word-diff';

/*
 * Where an edited passage's ends are now, decided the way a word diff of the old stretch
 * (prefix + quote + suffix) against the new text around the match assigns them:
 * - an edge word that survived stays the edge;
 * - an edge word that was replaced is replaced word for word: the quote keeps as many of the new
 *   words of that changed run as it had old ones there, counted from its surviving side. So a
 *   rewritten ending does not run on into the rewritten next phrase, and a rewritten opening does
 *   not start at the rewritten end of the sentence before;
 */

/** Words, and single punctuation marks; whitespace is not a token (re-wrapping is no edit). */
const TOKEN = /[\p{L}\p{N}_\p{M}]+|[^\p{L}\p{N}_\p{M}\s]/gu;

interface Token { key: string; start: number; end: number }

function tokensOf(s: string, base: number): Token[] {
  const out: Token[] = [];
  // Case folded: "Note" and "NOTE" are the same word re-typed, not a replacement.
  for (const m of s.matchAll(TOKEN)) out.push({ key: m[0].toLowerCase(), start: base + m.index, end: base + m.index + m[0].length });
  return out;
}

/** Text around the match that may hold the passage's grown ends, beyond the recorded context. */
const REACH = 48;

export function mapEdges(index: TextIndex, query: Query, span: Span): Span {
  const text = index.norm.text;
  const { p, q, s } = query;
  const from = Math.max(0, span.start - p.length - REACH), to = Math.min(text.length, span.end + s.length + REACH);
  const old = tokensOf(p + q + s, 0), now = tokensOf(text.slice(from, to), from);
  const quoteFrom = p.length, quoteTo = p.length + q.length;
  let first = -1, last = -1;
  old.forEach((t, i) => { if (t.start >= quoteFrom && t.end <= quoteTo) { if (first < 0) first = i; last = i; } });
  if (first < 0) return span;
  const pair = withoutCoincidences(pairTokens(old.map((t) => t.key), now.map((t) => t.key)), old, now);
  // Nothing of the quote survived in this window: the diff has no say.
  let survivors = 0;
  for (let i = first; i <= last; i++) if (pair[i]! >= 0) survivors++;
  if (survivors === 0) return span;
  // A surviving edge word stays where the alignment put the boundary.
  const start = pair[first]! >= 0 ? span.start : startEdge(now, pair, first);
  const end = pair[last]! >= 0 ? span.end : endEdge(old, now, pair, last);
  return start !== null && end !== null && end > start ? { start, end } : span;
}

/**
 * The quote's first words were replaced: the passage now starts as many words before the first
 * surviving one as were replaced, within the changed run (no further than the surviving context).
 */
function startEdge(now: Token[], pair: Int32Array, first: number): number {
  let survivor = first;
  while (pair[survivor]! < 0) survivor++;
  let before = first - 1;
  while (before >= 0 && pair[before]! < 0) before--;
  const runFrom = before >= 0 ? pair[before]! + 1 : 0, runTo = pair[survivor]!;
  const taken = Math.min(survivor - first, runTo - runFrom);
  return now[runTo - taken]!.start;
}

/** The quote's last words were replaced: as many new words after the last surviving one. */
function endEdge(old: Token[], now: Token[], pair: Int32Array, last: number): number {
  let survivor = last;
  while (pair[survivor]! < 0) survivor--;
  let after = last + 1;
  while (after < old.length && pair[after]! < 0) after++;
  const runFrom = pair[survivor]!, runTo = after < old.length ? pair[after]! - 1 : now.length - 1;
  const taken = Math.min(last - survivor, runTo - runFrom);
  return now[runFrom + taken]!.end;
}

/** Paired runs this short (in characters) between changes are chance, not survival ("." of "e.g." for a sentence's end). */
const CHANCE = 3;

/**
 * Drops short paired runs that stand apart from the rest of the alignment on both sides (in the
 * new text or in the old), as a diff of prose does: a lone "the" or "." inside a rewritten stretch
 * does not say where that stretch's words went.
 */
function withoutCoincidences(pair: Int32Array, old: Token[], now: Token[]): Int32Array {
  const out = pair.slice();
  let i = 0;
  while (i < pair.length) {
    if (pair[i]! < 0) { i++; continue; }
    let j = i;
    while (j + 1 < pair.length && pair[j + 1]! === pair[j]! + 1) j++;
    let chars = 0;
    for (let k = i; k <= j; k++) chars += old[k]!.end - old[k]!.start;
    const gapBefore = i === 0 ? true : pair[i - 1]! < 0 || pair[i - 1]! !== pair[i]! - 1;
    const gapAfter = j === pair.length - 1 ? true : pair[j + 1]! < 0;
    // Apart from the alignment: something unpaired on both sides in one of the two texts.
    const apartInNew = (prevPaired(pair, i) < pair[i]! - 1 || prevPaired(pair, i) < 0 && pair[i]! > 0)
      && (nextPaired(pair, j, now.length) > pair[j]! + 1);
    if (chars <= CHANCE && ((gapBefore && gapAfter) || apartInNew)) for (let k = i; k <= j; k++) out[k] = -1;
    i = j + 1;
  }
  return out;
}

function prevPaired(pair: Int32Array, i: number): number {
  for (let k = i - 1; k >= 0; k--) if (pair[k]! >= 0) return pair[k]!;
  return -1;
}
function nextPaired(pair: Int32Array, j: number, n: number): number {
  for (let k = j + 1; k < pair.length; k++) if (pair[k]! >= 0) return pair[k]!;
  return n;
}
