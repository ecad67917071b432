/**
 * What travels between the engine (main thread) and its shards (workers) for one query.
 * A query runs in three rounds so every shard scores with the same, library-wide statistics and
 * snippets are made only for the hits that are shown:
 *   1. expand: each shard lists the dictionary terms each query word may stand for (exact,
 *      prefix, typo) with their document frequencies;
 *   2. execute: the engine picks the expansions (capped) and their idf from the summed counts,
 *      and each shard returns its best documents and scores;
 *   3. hits: the shards holding the merged top documents make their snippets.
 */
import type { FilterField, QueryNode } from './query-parser';

export interface TermSpec { word: string; prefix: boolean; fuzzy: number }

export type PlanNode =
  | { type: 'and'; children: PlanNode[] }
  | { type: 'or'; children: PlanNode[] }
  | { type: 'not'; child: PlanNode }
  | { type: 'word'; spec: number }
  | { type: 'phrase'; text: string; specs: number[] }
  | { type: 'filter'; field: FilterField; value: string };

export const EXACT = 0;
export const PREFIX = 1;
export const FUZZY = 2;

/** A dictionary term a query word may stand for, with its document frequency per field. */
export interface Expansion { term: string; how: number; distance: number; df: number[] }

export interface ExpandReply { expansions: Expansion[][]; docCount: number; fieldLength: number[] }

/** A chosen expansion: `typo` marks a typo variant (a hit found only through one says so). */
export interface ScoredTerm { term: string; weight: number; idf: number[]; typo?: true }

export interface ExecuteRequest {
  tree: PlanNode;
  terms: ScoredTerm[][];
  avgLength: number[];
  limit: number;
  /** Per spec: passages containing the word itself, library-wide. */
  exactDf: number[];
  /** A word in more passages than this is "common" (see commonDf). */
  common: number;
}

/**
 * Words in more passages than this carry almost no weight in a ranking but cost the most to
 * score: completions skip them, and phrases check them on the text instead of their postings.
 * Never below 5000 passages, so small libraries are unaffected.
 */
export const commonDf = (docCount: number) => Math.max(docCount / 8, 5000);

/** A term's postings over all fields: what scoring it costs. */
const dfTotal = (e: Expansion) => e.df.reduce((a, b) => a + b, 0);

/**
 * The completions kept for a word being typed: most frequent first, skipping common words, and
 * stopping at half the library's passages worth of postings.
 */
export function pickCompletions(candidates: Expansion[], docCount: number, max: number): Expansion[] {
  const budget = Math.max(docCount / 2, 20000);
  const out: Expansion[] = [];
  let spent = 0;
  // Ties go by the term, so the choice does not depend on how the index is cut into segments.
  for (const e of [...candidates].sort((a, b) => dfTotal(b) - dfTotal(a) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))) {
    if (out.length === max) break;
    if (e.df[0]! > commonDf(docCount) || spent + dfTotal(e) > budget) continue;
    out.push(e);
    spent += dfTotal(e);
  }
  return out;
}

/** The typo variants kept for a word: closest first, the more frequent of equally close ones first. */
export function pickTypos(candidates: Expansion[], max: number): Expansion[] {
  return [...candidates].sort((a, b) => a.distance - b.distance || dfTotal(b) - dfTotal(a) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0)).slice(0, max);
}

/** A shard's best documents for a query (round 2); `version` changes whenever its doc numbers do. */
export interface ShardTop { docs: number[]; scores: number[]; total: number; version: number; estimated: boolean }

/** Round 3: the hits (snippets and all) of the documents that made the merged top. */
export interface HitsRequest { version: number; docs: number[]; scores: number[]; tree: PlanNode; terms: ScoredTerm[][] }

/** Field boosts (text, title, heading): a word in the title or heading counts more than one in the body. */
export const FIELD_BOOST = [1, 2, 1.5];

/** BM25+ parameters, as MiniSearch's defaults. */
export const K1 = 1.2;
export const B = 0.7;
export const D = 0.5;
/** A posting's BM25+ factor lies in (D, D + K1 + 1): this share of the exact word's idf bounds a typo variant's weight·idf (see chooseTerms). */
export const BM25_FLOOR = D / (D + K1 + 1);

/** BM25+ score of one posting: term frequency `tf` in a field `len` tokens long, whose average length is `avgLen`. */
export function bm25Plus(weight: number, tf: number, len: number, avgLen: number): number {
  return weight * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avgLen)));
}

/**
 * bm25Plus's length term `K1 * (1 - B + B * len / avgLen)` for every 16-bit field length, computed
 * by the same expression (so a score made with it is bm25Plus's to the last bit):
 * `weight * (D + tf * (K1 + 1) / (tf + norms[len]))`. Scoring a posting then costs one division,
 * not two. The last few tables are kept (the average lengths change only when the library does).
 */
export function bm25Norms(avgLen: number): Float64Array {
  let table = normTables.get(avgLen);
  if (!table) {
    table = new Float64Array(65536);
    for (let len = 0; len < table.length; len++) table[len] = K1 * (1 - B + (B * len) / avgLen);
    if (normTables.size >= 6) normTables.delete(normTables.keys().next().value!);
    normTables.set(avgLen, table);
  }
  return table;
}
const normTables = new Map<number, Float64Array>();

/** A word found in fewer passages than this is probably misspelt: its typo variants join in. */
export const TYPO_THRESHOLD = 5;

/** Replaces word leaves by indexes into a list of distinct term specs. */
export function toPlan(node: QueryNode): { tree: PlanNode; specs: TermSpec[] } {
  const specs: TermSpec[] = [];
  const keys = new Map<string, number>();
  const spec = (s: TermSpec) => {
    const key = `${s.word}\u0000${s.prefix}\u0000${s.fuzzy}`;
    let i = keys.get(key);
    if (i === undefined) { i = specs.length; specs.push(s); keys.set(key, i); }
    return i;
  };
  const walk = (n: QueryNode): PlanNode => {
    switch (n.type) {
      case 'and': case 'or': return { type: n.type, children: n.children.map(walk) };
      case 'not': return { type: 'not', child: walk(n.child) };
      case 'word': return { type: 'word', spec: spec(n) };
      case 'phrase': return { type: 'phrase', text: n.text, specs: n.words.map((word) => spec({ word, prefix: false, fuzzy: 0 })) };
      case 'filter': return n;
    }
  };
  return { tree: walk(node), specs };
}
