import search from 'approx-string-match';
import { toNormOffset } from './normalize';
import type { Query } from './selectors';
import { wholeWords, type TextIndex } from './text-index';

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
  return query.oldStart === null ? null : toNormOffset(index.norm, query.oldStart);
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
