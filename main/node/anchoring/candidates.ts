import search from 'approx-string-match';
import { alignSplit } from './edit-distance';
import { toNormOffset } from './normalize';
import type { Query } from './selectors';
import { isWordChar, wholeWords, type TextIndex } from './text-index';

/** A span of the normalised text that might be the quote's new place. */
export interface Span { start: number; end: number }

/** Exact occurrences are looked up through the rarest whole word of the quote, else by scanning. */
export function exactOccurrences(index: TextIndex, query: Query, limit: number): number[] {
  const text = index.norm.text;
  const { q } = query;
  const words = wholeWords(q, query.startsAtWord, query.endsAtWord);
  let rarest: { word: string; offset: number; count: number } | null = null;
  for (const w of words) {
    const count = index.words.get(w.word)?.length ?? 0;
    if (count === 0) return [];
    if (!rarest || count < rarest.count) rarest = { ...w, count };
  }
  const found: number[] = [];
  if (rarest) {
    for (const at of index.words.get(rarest.word)!) {
      const start = at - rarest.offset;
      if (start >= 0 && text.startsWith(q, start)) found.push(start);
    }
  } else {
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) found.push(at);
  }
  return nearest(found, query, index, limit);
}

function nearest(starts: number[], query: Query, index: TextIndex, limit: number): number[] {
  if (starts.length <= limit) return starts;
  const old = oldNormStart(index, query) ?? 0;
  return [...starts].sort((a, b) => Math.abs(a - old) - Math.abs(b - old)).slice(0, limit);
}

/** The old start offset, read as a normalised offset of the new text (a prior, not a fact). */
export function oldNormStart(index: TextIndex, query: Query): number | null {
  if (query.oldStart === null) return null;
  const { starts } = index.norm;
  let lo = 0, hi = starts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[mid]! < query.oldStart) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Up to this many cells (text length × pattern blocks), Myers runs over the whole text. */
const WHOLE_TEXT_BUDGET = 300_000;
/** The share of the quote that may differ for a span to still count as a candidate. */
const MAX_ERROR_RATE = 0.5;

/**
 * Approximate matches of the quote: Myers' bit-parallel search over the whole text when it is
 * small, and always in regions where the quote is likely to be (around its old offset, and where
 * several rare words of the quote and its context occur at the right distances from each other).
 * Myers reports only the best matches of each region searched, so searching regions separately
 * keeps good local candidates that a slightly better match elsewhere would otherwise hide.
 */
export function approximateMatches(index: TextIndex, query: Query): Span[] {
  const text = index.norm.text;
  const m = query.q.length;
  const k = Math.floor(m * MAX_ERROR_RATE);
  if (k === 0) return [];
  const regions: Span[] = [];
  if (text.length * Math.ceil(m / 32) <= WHOLE_TEXT_BUDGET) regions.push({ start: 0, end: text.length });
  const old = oldNormStart(index, query);
  if (old !== null) regions.push({ start: old - 2 * m - 512, end: old + 3 * m + 512 });
  for (const predicted of seedPredictions(index, query)) regions.push({ start: predicted - k - 32, end: predicted + m + k + 32 });
  // Nothing to go on in a large text (no old offset, no shared rare word): search it all after all.
  if (regions.length === 0) regions.push({ start: 0, end: text.length });
  const out: Span[] = [];
  for (const r of regions) {
    const from = Math.max(0, r.start), to = Math.min(text.length, r.end);
    if (to - from < m - k) continue;
    for (const hit of distinct(search(text.slice(from, to), query.q, k))) out.push({ start: from + hit.start, end: from + hit.end });
  }
  return out;
}

/** Myers reports runs of neighbouring matches; keep the first of each overlapping run. */
function distinct(matches: { start: number; end: number; errors: number }[]): Span[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || a.errors - b.errors);
  const out: Span[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) continue;
    out.push(m);
  }
  return out;
}

const SEED_WORDS = 10;
const MAX_SEED_FREQUENCY = 2000;
const MAX_REGIONS = 6;

/**
 * Where the quote would start if the rare words of its context and text are still there.
 * Each occurrence of a seed word votes for a start; starts that several different words agree
 * on (within a tolerance for edits) are returned, best supported first.
 */
function seedPredictions(index: TextIndex, query: Query): number[] {
  const stretch = query.p + query.q + query.s;
  const base = query.p.length;
  const seen = new Set<string>();
  const seeds: { offset: number; positions: number[] }[] = [];
  for (const w of wholeWords(stretch, false, false)) {
    if (seen.has(w.word)) continue;
    seen.add(w.word);
    const positions = index.words.get(w.word);
    if (positions && positions.length <= MAX_SEED_FREQUENCY) seeds.push({ offset: w.offset - base, positions });
  }
  seeds.sort((a, b) => a.positions.length - b.positions.length);
  const chosen = seeds.slice(0, SEED_WORDS);
  if (chosen.length === 0) return [];
  const votes: { at: number; seed: number }[] = [];
  chosen.forEach((seed, i) => { for (const p of seed.positions) votes.push({ at: p - seed.offset, seed: i }); });
  votes.sort((a, b) => a.at - b.at);
  const tolerance = 16 + (query.q.length >> 2);
  const needed = Math.min(2, chosen.length);
  const clusters: { at: number; support: number }[] = [];
  for (let i = 0; i < votes.length;) {
    let j = i;
    const members = new Set<number>();
    while (j < votes.length && votes[j]!.at - votes[i]!.at <= tolerance) members.add(votes[j++]!.seed);
    if (members.size >= needed) clusters.push({ at: votes[(i + j - 1) >> 1]!.at, support: members.size });
    i = j;
  }
  return clusters.sort((a, b) => b.support - a.support).slice(0, MAX_REGIONS).map((c) => c.at);
}

const HEAD = 48;
const MAX_SLACK = 600;

/**
 * Moves the ends of an approximate match to where the quote's first and last words now stand.
 * Myers' search on the quote alone prefers cutting a grown passage short over swallowing the
 * inserted words; aligning prefix + head of the quote (and tail + suffix) puts each boundary
 * right after the prefix (before the suffix) instead.
 */
export function refine(index: TextIndex, query: Query, span: Span): Span {
  const text = index.norm.text;
  const { p, q, s } = query;
  const h = Math.min(q.length, HEAD);
  // Room for the passage to have grown at either end before Myers' match (which cuts growth off).
  const slack = Math.min(MAX_SLACK, 32 + h + (q.length >> 1));
  const headFrom = Math.max(0, span.start - p.length - slack);
  const head = alignSplit(p + q.slice(0, h), p.length, text.slice(headFrom, Math.min(text.length, span.start + h + slack)), 'last', span.start + h - headFrom);
  const tailFrom = Math.max(0, span.end - h - slack);
  const tail = alignSplit(q.slice(q.length - h) + s, h, text.slice(tailFrom, Math.min(text.length, span.end + s.length + slack)), 'first', span.end + s.length - tailFrom);
  let start = headFrom + head.column;
  let end = tailFrom + tail.column;
  // A refinement that no longer looks like one edited passage (the context was found but the quote
  // between is mostly other text, or the head found a copy elsewhere) is dropped for the plain match.
  if (end <= start || end - start > 1.5 * q.length + 40) ({ start, end } = span);
  start = overReplacedEdge(index, query, start, 'start');
  end = overReplacedEdge(index, query, end, 'end');
  const snapped = snapToWords(text, query, start, end);
  return BLANK_LINE.test(query.exact) ? snapped : withinOneParagraph(index, snapped);
}

const BLANK_LINE = /\n[^\S\n]*\n/;

/**
 * A quote made inside one paragraph stays inside one: if alignment carried a boundary across a
 * paragraph break, the span keeps its largest piece.
 */
function withinOneParagraph(index: TextIndex, span: Span): Span {
  const { starts, ends } = index.norm;
  const rawStart = starts[span.start]!, rawEnd = ends[span.end - 1]!;
  const raw = index.raw.slice(rawStart, rawEnd);
  const pieces: [number, number][] = [];
  let from = rawStart;
  for (const m of raw.matchAll(/\n[^\S\n]*\n\s*/g)) { pieces.push([from, rawStart + m.index]); from = rawStart + m.index + m[0].length; }
  if (pieces.length === 0) return span;
  pieces.push([from, rawEnd]);
  const [a, b] = pieces.reduce((x, y) => (y[1] - y[0] > x[1] - x[0] ? y : x));
  const start = toNormOffset(index.norm, a), end = toNormOffset(index.norm, b);
  return end > start ? { start, end } : span;
}

/** How far a replaced edge word may reach before the surviving context word. */
const EDGE_REACH = 32;

/**
 * When the quote's first (last) word is not where the span starts (ends), that word was replaced;
 * the replacement runs up to the nearest surviving word of the prefix (suffix), and belongs to the
 * quote, as a word diff would assign it. Edges whose word survived are left alone.
 */
function overReplacedEdge(index: TextIndex, query: Query, at: number, side: 'start' | 'end'): number {
  const text = index.norm.text;
  const { q } = query;
  const ctx = side === 'start' ? query.p : query.s;
  const edgeWord = (side === 'start' ? /^[\p{L}\p{N}_]+/u.exec(q)?.[0] : /[\p{L}\p{N}_]+$/u.exec(q)?.[0])?.toLowerCase();
  if (!edgeWord || ctx.length === 0) return at;
  // A capitalisation change ("If" → "if") is not a replacement.
  const here = (side === 'start' ? text.slice(at, at + edgeWord.length) : text.slice(at - edgeWord.length, at)).toLowerCase();
  if (here === edgeWord) return at;
  const words = wholeWords(ctx, side === 'end', side === 'start');
  const near = side === 'start' ? words.slice(-3).reverse() : words.slice(0, 3);
  for (const { word } of near) {
    // The context word may also stand right at the boundary (the alignment put it inside the span).
    const moved = side === 'start'
      ? endOf(lastWholeWord(text, word, Math.max(0, at - EDGE_REACH - word.length), at + word.length), word)
      : firstWholeWord(text, word, Math.max(0, at - word.length), at + EDGE_REACH + word.length);
    if (moved < 0) continue;
    // A replaced word does not reach across a paragraph break.
    return crossesParagraph(index, Math.min(at, moved), Math.max(at, moved)) ? at : moved;
  }
  return at;
}

const endOf = (found: number, word: string) => (found < 0 ? -1 : found + word.length);

function crossesParagraph(index: TextIndex, from: number, to: number): boolean {
  if (to <= from) return false;
  const raw = index.raw.slice(index.norm.starts[from]!, index.norm.ends[to - 1]!);
  return /\n[^\S\n]*\n/.test(raw);
}

function isWholeWordAt(text: string, word: string, i: number): boolean {
  return text.startsWith(word, i) && !isWordChar(text[i - 1]) && !isWordChar(text[i + word.length]);
}
function firstWholeWord(text: string, word: string, from: number, to: number): number {
  for (let i = text.indexOf(word, from); i >= 0 && i + word.length <= to; i = text.indexOf(word, i + 1)) if (isWholeWordAt(text, word, i)) return i;
  return -1;
}
function lastWholeWord(text: string, word: string, from: number, to: number): number {
  for (let i = text.lastIndexOf(word, to - word.length); i >= from; i = text.lastIndexOf(word, i - 1)) if (isWholeWordAt(text, word, i)) return i;
  return -1;
}

/** Keeps spans on whole words (when the quote was on whole words) and off surrounding spaces. */
export function snapToWords(text: string, query: Query, start: number, end: number): Span {
  if (query.startsAtWord && isWordChar(text[start]) && isWordChar(text[start - 1])) {
    let ws = start, we = start;
    while (isWordChar(text[ws - 1])) ws--;
    while (isWordChar(text[we])) we++;
    start = start - ws <= we - start ? ws : we;
  }
  if (query.endsAtWord && isWordChar(text[end - 1]) && isWordChar(text[end])) {
    let ws = end, we = end;
    while (isWordChar(text[ws - 1])) ws--;
    while (isWordChar(text[we])) we++;
    end = we - end <= end - ws ? we : ws;
  }
  // Spaces and punctuation the quote does not begin (end) with stay outside the span.
  const lead = /^[^\p{L}\p{N}_]*/u.exec(query.q)![0], trail = /[^\p{L}\p{N}_]*$/u.exec(query.q)![0];
  while (start < end && !isWordChar(text[start]) && !lead.includes(text[start]!)) start++;
  while (end > start && !isWordChar(text[end - 1]) && !trail.includes(text[end - 1]!)) end--;
  return end > start ? { start, end } : { start, end: Math.min(text.length, start + 1) };
}
