/**
 * Which documents can be among the best k of a lone query word (a word being typed: the word
 * itself and up to 60 completions; one or two letters cover a million postings a shard at 1 GB),
 * proven from score bounds, so that only those are scored in full.
 *
 * The heaviest runs (one term in one field; weight = boost · idf · completion weight) that hold a
 * quarter of the postings are scored exactly into partial sums; their k-th best is a lower bound
 * of the k-th best score. The other runs, the word's common forms, which hold most postings and
 * weigh least, add to each document a bound of their postings' scores instead: a BM25+ posting
 * scores weight·(D + tf(K1+1)/(tf + norm)) and norm ≥ K1(1 − B) whatever the length, so a table by
 * term frequency bounds it without reading the length or dividing. A document whose partial sum
 * plus bounds stays below that k-th best cannot make the top. The rest, the candidates, are
 * scored by the caller over every run in the usual order, so their scores are the full walk's to
 * the last bit; every marked document counts in the total, which stays exact.
 */
import { B, D, K1 } from './plan';
import { boundRun, drainCandidates, kthLargest, scoreRun } from './score-kernels';

export interface BoundedRun { field: number; docs: Uint32Array; tfs: Uint16Array; from: number; to: number; weight: number }

export interface WordScratch { scratch: Float64Array; touched: Uint32Array; count: number; alive: Uint8Array; norms: Float64Array[]; lens: Uint16Array[] }

/** Below this many postings scoring them all costs less than bounding them. */
export const BOUNDED_MIN_POSTINGS = 1 << 16;
/** The heaviest runs scored exactly first hold about this share of the postings. */
const EXACT_SHARE = 0.25;
/** Partial sums are added in another order than the full scores: a margin far above rounding, far below any score gap. */
const MARGIN = 1 - 1e-9;
/** A posting's factor D + tf(K1+1)/(tf + norm) for norm at its least (length 0), by term frequency; the last entry (tf ≥ 15) is the bound for any tf. */
const FACTOR_BY_TF = Float64Array.from({ length: 16 }, (_, tf) => (tf === 15 ? D + K1 + 1 : D + (tf * (K1 + 1)) / (tf + K1 * (1 - B))));

/**
 * The candidates for the best `k` documents of `runs` (ascending) and the number of live documents
 * the runs hold; null when bounds would not pay (too few postings or runs) or the exact runs hold
 * fewer than k documents, with the scratch arrays left clean either way.
 */
export function boundedCandidates(runs: BoundedRun[], k: number, s: WordScratch): { candidates: Uint32Array; total: number } | null {
  let postings = 0;
  for (const r of runs) postings += r.to - r.from;
  if (runs.length < 2 || postings < BOUNDED_MIN_POSTINGS || k < 1) return null;
  const { scratch: acc, touched: bits, count: n, alive } = s;
  const lastWord = (n - 1) >>> 5;
  const order = runs.map((_, i) => i).sort((a, b) => runs[b]!.weight - runs[a]!.weight);
  let exact = 0;
  let scored = 0;
  do {
    const r = runs[order[exact++]!]!;
    scoreRun(r.docs, r.tfs, r.from, r.to, n, r.weight, alive, null, bits, acc, s.norms[r.field]!, s.lens[r.field]!);
    scored += r.to - r.from;
  } while (exact < order.length - 1 && scored + runs[order[exact]!]!.to - runs[order[exact]!]!.from <= postings * EXACT_SHARE);
  const floor = kthLargest(bits, acc, 0, lastWord, k, new Float64Array(k)) * MARGIN;
  if (floor <= 0) {
    drainCandidates(bits, acc, 0, lastWord, Infinity, { docs: new Uint32Array(0), kept: 0 });
    return null;
  }
  const bound = new Float64Array(FACTOR_BY_TF.length);
  for (let j = exact; j < order.length; j++) {
    const r = runs[order[j]!]!;
    for (let tf = 0; tf < bound.length; tf++) bound[tf] = r.weight * FACTOR_BY_TF[tf]!;
    boundRun(r.docs, r.tfs, r.from, r.to, bound, alive, bits, acc);
  }
  const out = { docs: new Uint32Array(1024), kept: 0 };
  const total = drainCandidates(bits, acc, 0, lastWord, floor, out);
  return { candidates: out.docs.subarray(0, out.kept), total };
}
