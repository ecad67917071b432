/**
 * Query rounds 1 and 2 over one shard (see plan.ts): which dictionary terms each query word may
 * stand for, then BM25+ scores, AND/OR/NOT and filters down to the shard's best documents.
 * Scores accumulate in the shard's dense scratch arrays: no hash maps, no per-match objects.
 */
import { KINDS, NONE, TAG_SEPARATOR } from './doc-store';
import type { ColdColumn } from './columns';
import { DocListBuilder, EMPTY, filterList, intersect, MaxHeap, seekDoc, subtract, topIndexes, union, type DocList } from './doc-list';
import { fuzzyScan } from './fuzzy';
import { phraseRegExp } from './phrase';
import { drainBlock, scoreRun } from './score-kernels';
import { boundedCandidates } from './word-top';
import { phrasePositions, SIGNATURE_BITS } from './tokenize';
import {
  bm25Norms, bm25Plus, commonDf, EXACT, FIELD_BOOST, FUZZY, pickCompletions, pickTypos, PREFIX, TYPO_THRESHOLD,
  type ExecuteRequest, type ExpandReply, type Expansion, type PlanNode, type ScoredTerm, type ShardTop, type TermSpec,
} from './plan';
import { FIELD_COUNT, type Segment } from './segment';
import type { ShardView as Shard } from './shard-view';

/**
 * Documents per block of scoring (see collect). One block covers any shard: blocks of 32 K
 * documents (256 KB of accumulators) were measured at 1 GB and were 10 % slower, not faster
 * (this machine's caches hold a shard's accumulators; the walk is bound by arithmetic).
 */
const COLLECT_BLOCK = 1 << 30;
/** How many candidate expansions per word a shard proposes (the engine keeps fewer). */
const PROPOSE_PREFIX = 100;
const PROPOSE_FUZZY = 40;
/** Phrase candidates up to this many are all checked (exact total); beyond, best-first until the page is full. */
const CHECK_ALL_PHRASES = 300;
/** Numbers and whole identifiers are never typo variants of a word ("2022" is not a typo of "2002"). */
const NOT_A_TYPO = /[\p{N}'_.:]/u;

// ---- round 1 ----

export function expand(shard: Shard, specs: TermSpec[]): ExpandReply {
  const expansions = specs.map((spec) => {
    const found = new Map<string, Expansion>();
    const completions = spec.prefix ? frequentCompletions(shard.segments, spec.word, shard.liveCount) : null;
    for (const seg of shard.segments) {
      const noted = new Set<number>();
      const note = (t: number) => {
        if (noted.has(t)) return;
        noted.add(t);
        const term = seg.terms[t]!;
        let e = found.get(term);
        if (!e) {
          const how = term === spec.word ? EXACT : PREFIX;
          e = { term, how, distance: term.length - spec.word.length, df: new Array<number>(FIELD_COUNT).fill(0) };
          found.set(term, e);
        }
        for (let f = 0; f < FIELD_COUNT; f++) e.df[f]! += seg.df(t, f);
      };
      const exact = seg.find(spec.word);
      if (exact >= 0) note(exact);
      if (spec.prefix && completions) for (const term of completions) { const t = seg.find(term); if (t >= 0) note(t); }
    }
    // Typo variants are only used for words the library (almost) lacks: when this shard alone
    // proves the word common, or (for the word being typed) completable, skip the scan.
    const exact = found.get(spec.word);
    const completable = spec.prefix && [...found.values()].some((e) => e.how === PREFIX);
    if (spec.fuzzy > 0 && (exact?.df[0] ?? 0) < TYPO_THRESHOLD && !completable) {
      for (const seg of shard.segments) {
        const noted = new Set<number>();
        fuzzyScan(seg.terms, spec.word, spec.fuzzy, (t, distance) => {
          const term = seg.terms[t]!;
          if (term === spec.word || noted.has(t) || (spec.prefix && term.startsWith(spec.word)) || NOT_A_TYPO.test(term)) return;
          noted.add(t);
          let e = found.get(term);
          if (!e) { e = { term, how: FUZZY, distance, df: new Array<number>(FIELD_COUNT).fill(0) }; found.set(term, e); }
          for (let f = 0; f < FIELD_COUNT; f++) e.df[f]! += seg.df(t, f);
        });
      }
    }
    return pickProposals([...found.values()], shard.liveCount);
  });
  return { expansions, docCount: shard.liveCount, fieldLength: [...shard.fieldLength] };
}

/**
 * The most frequent non-common terms starting with `prefix`, counted over all segments (as one
 * merged segment would count them), without materializing the (possibly tens of thousands of)
 * others: a one-letter prefix stays cheap. The segments' sorted prefix ranges are walked side by
 * side, so each distinct term is seen once with its summed counts.
 */
function frequentCompletions(segments: Segment[], prefix: string, liveCount: number): string[] {
  const common = commonDf(liveCount);
  const ranges = segments.map((seg) => seg.prefixRange(prefix));
  const heads = ranges.map(([lo]) => lo);
  const offsets = segments.map((seg) => seg.fields.map((f) => f.offsets) as [Uint32Array, Uint32Array, Uint32Array]);
  const best: string[] = [];
  const weight: number[] = [];
  let floor = -1;
  for (;;) {
    // The smallest term at the heads, and its counts summed over the segments holding it.
    let term: string | null = null;
    for (let k = 0; k < segments.length; k++) {
      if (heads[k]! >= ranges[k]![1]) continue;
      const candidate = segments[k]!.terms[heads[k]!]!;
      if (term === null || candidate < term) term = candidate;
    }
    if (term === null) break;
    let inText = 0;
    let w = 0;
    for (let k = 0; k < segments.length; k++) {
      const t = heads[k]!;
      if (t >= ranges[k]![1] || segments[k]!.terms[t] !== term) continue;
      const [text, title, heading] = offsets[k]!;
      const x = text[t + 1]! - text[t]!;
      inText += x;
      w += x + title[t + 1]! - title[t]! + heading[t + 1]! - heading[t]!;
      heads[k] = t + 1;
    }
    if (inText > common || w <= floor) continue;
    best.push(term);
    weight.push(w);
    if (best.length >= PROPOSE_PREFIX * 2) {
      // Keep the better half; the floor rises so most terms are rejected by one comparison.
      const order = best.map((_, i) => i).sort((a, b) => weight[b]! - weight[a]!).slice(0, PROPOSE_PREFIX);
      const keptT = order.map((i) => best[i]!);
      const keptW = order.map((i) => weight[i]!);
      best.length = 0; weight.length = 0;
      best.push(...keptT); weight.push(...keptW);
      floor = keptW[keptW.length - 1]!;
    }
  }
  return best;
}

function pickProposals(found: Expansion[], docCount: number): Expansion[] {
  const live = found.filter((e) => e.df.some((x) => x > 0));
  const exact = live.filter((e) => e.how === EXACT);
  const prefix = pickCompletions(live.filter((e) => e.how === PREFIX), docCount, PROPOSE_PREFIX);
  const fuzzy = pickTypos(live.filter((e) => e.how === FUZZY), PROPOSE_FUZZY);
  return [...exact, ...prefix, ...fuzzy];
}

// ---- round 2 ----

export function execute(shard: Shard, req: ExecuteRequest): ShardTop {
  const q = new Evaluation(shard, req);
  const lone = req.tree.type === 'word' ? q.topOfWord(req.terms[req.tree.spec] ?? [], req.limit) : null;
  const { picked, total, estimated } = lone ?? q.pickTop(q.evaluate(req.tree, true), req.limit);
  return { docs: picked.map((p) => p[0]), scores: picked.map((p) => p[1]), total, version: shard.version, estimated };
}

/** One term's postings in one field of one segment (`docs`/`tfs` from `from` to `to`), with the term's weight in that field. */
interface PostingRun { term: ScoredTerm; field: number; docs: Uint32Array; tfs: Uint16Array; from: number; to: number; weight: number }

/**
 * Every non-empty postings run of `terms` in the shard, term by term, segment by segment, field
 * by field: the order in which scores are added up.
 */
export function postingRuns(shard: Shard, terms: ScoredTerm[]): PostingRun[] {
  const runs: PostingRun[] = [];
  for (const term of terms) {
    for (const seg of shard.segments) {
      const t = seg.find(term.term);
      if (t < 0) continue;
      for (let field = 0; field < FIELD_COUNT; field++) {
        if (seg.df(t, field) === 0) continue;
        const { docs, tfs, from, to } = seg.postings(t, field);
        runs.push({ term, field, docs, tfs, from, to, weight: term.weight * FIELD_BOOST[field]! * term.idf[field]! });
      }
    }
  }
  return runs;
}

class Evaluation {
  private readonly alive: Uint8Array;
  private readonly lens: Uint16Array[];
  constructor(private readonly shard: Shard, private readonly req: ExecuteRequest) {
    this.alive = shard.store.alive.data;
    this.lens = [shard.store.col('len0'), shard.store.col('len1'), shard.store.col('len2')];
  }

  evaluate(node: PlanNode, lazy: boolean): DocList {
    const req = this.req;
    switch (node.type) {
      case 'word': return this.collect(req.terms[node.spec] ?? [], 1);
      case 'phrase': {
        // Common words are left to the text check; the rarest word always uses its postings.
        const all = [...new Set(node.specs)].sort((a, b) => req.exactDf[a]! - req.exactDf[b]!);
        const rare = all.filter((sp) => req.exactDf[sp]! <= req.common);
        const distinct = rare.length ? rare : all.slice(0, 1);
        const lists = distinct.map((s) => req.terms[s] ?? []);
        if (lists.some((l) => l.length === 0)) return EMPTY;
        const list = this.bySignature(this.collect(lists.flat(), distinct.length, lists), node.text);
        const check = { ...list, checks: [phraseRegExp(node.text)] };
        return lazy ? check : this.verify(check);
      }
      case 'filter': return this.universe(this.predicate(node));
      case 'not': return subtract(this.universe(null), this.evaluate(node.child, false));
      case 'or': return node.children.map((c) => this.verify(this.evaluate(c, false))).reduce(union);
      case 'and': {
        const filters: Array<(d: number) => boolean> = [];
        const positive: PlanNode[] = [];
        const negative: PlanNode[] = [];
        for (const c of node.children) {
          if (c.type === 'filter') filters.push(this.predicate(c));
          else if (c.type === 'not' && c.child.type === 'filter') { const p = this.predicate(c.child); filters.push((d) => !p(d)); }
          else if (c.type === 'not') negative.push(c.child);
          else positive.push(c);
        }
        // Cheapest first; a word with far more postings than the candidates left is then scored
        // by looking the candidates up in its postings instead of walking them ("bunny a").
        const ordered = positive.map((c) => ({ c, cost: this.cost(c) })).sort((a, b) => a.cost - b.cost);
        let list: DocList | null = null;
        for (const { c, cost } of ordered) {
          // A later word scores only the candidates left (its other postings are skipped unscored).
          const next: DocList = !list || c.type !== 'word' ? this.evaluate(c, lazy)
            : list.docs.length * 32 < cost ? this.collectAmong(req.terms[c.spec] ?? [], list.docs)
              : this.collect(req.terms[c.spec] ?? [], 1, undefined, bitmapOf(list.docs, this.shard.store.count));
          list = list ? intersect(list, next) : next;
          if (!list.docs.length) return EMPTY;
        }
        const keep = filters.length ? (d: number) => filters.every((f) => f(d)) : null;
        list = list ? (keep ? filterList(list, keep) : list) : this.universe(keep);
        for (const c of negative) list = subtract(list, this.evaluate(c, false));
        return lazy ? list : this.verify(list);
      }
    }
  }

  /**
   * Scores every live document containing any of `terms` (BM25+, as MiniSearch). With `groups`,
   * keeps documents matching each group; with `within` (a bitmap of documents), scores only those.
   * Each run's postings are walked by scoreRun (score-kernels.ts) up to the end of a block of
   * documents (COLLECT_BLOCK), every run's share of a block before the next block; a document's
   * terms are added in run order, so its score is the same to the last bit whatever the block
   * size. Touched documents are marked in a bitmap, so each block's ascending output is read
   * from its set bits instead of scanning the dense accumulators (at a million passages a shard
   * that scan, not the postings, was most of a query's time).
   */
  private collect(terms: ScoredTerm[], need: number, groups?: ScoredTerm[][], within?: Uint32Array, read?: PostingRun[]): DocList {
    const acc = this.shard.scratch;
    const count = this.shard.counter;
    const bits = this.shard.touched;
    const alive = this.alive;
    const n = this.shard.store.count;
    const runs = read ?? postingRuns(this.shard, terms);
    const norms = this.norms();
    const at = new Int32Array(runs.length);
    let lo = Infinity;
    let hi = -1;
    runs.forEach((r, i) => {
      at[i] = r.from;
      if (r.to > r.from) { lo = Math.min(lo, r.docs[r.from]!); hi = Math.max(hi, r.docs[r.to - 1]!); }
    });
    if (hi < 0) return EMPTY;
    const group = new Map<ScoredTerm, number>();
    groups?.forEach((g, i) => g.forEach((t) => group.set(t, i)));
    const seen = groups ? groups.map(() => new Uint8Array(n)) : [];
    const out = new DocListBuilder(Math.min(n, 4096));
    for (let start = lo & ~(COLLECT_BLOCK - 1); start <= hi; start += COLLECT_BLOCK) {
      const end = start + COLLECT_BLOCK;
      for (let i = 0; i < runs.length; i++) {
        const { term, field, docs, tfs, to, weight } = runs[i]!;
        const first = at[i]!;
        if (first >= to || docs[first]! >= end) continue;
        const p = scoreRun(docs, tfs, first, to, end, weight, alive, within ?? null, bits, acc, norms[field]!, this.lens[field]!);
        at[i] = p;
        if (groups) {
          // Count each group once per document.
          const mark = seen[group.get(term)!]!;
          for (let q = first; q < p; q++) {
            const d = docs[q]!;
            if (alive[d] && !mark[d] && (!within || (within[d >>> 5]! & (1 << (d & 31))) !== 0)) { mark[d] = 1; count[d]!++; }
          }
        }
      }
      drainBlock(bits, acc, groups ? count : null, need, start >>> 5, Math.min(end - 1, hi) >>> 5, out);
    }
    return out.list();
  }

  /**
   * Drops the phrase candidates whose words cannot stand at consecutive positions of their text
   * (by the position signatures of the text field's postings, see termSignatures), so that only
   * the rest have their text read and checked. Used when the candidates are too many to check
   * them all; every word of the phrase counts here, common ones too.
   */
  private bySignature(list: DocList, text: string): DocList {
    const candidates = list.docs;
    if (candidates.length <= CHECK_ALL_PHRASES) return list;
    const words = phrasePositions(text);
    const segments = this.shard.segments;
    if (!words || words.length < 2 || !segments.every((seg) => seg.hasSignatures)) return list;
    const fit = new Uint32Array(candidates.length).fill(0xffffffff);
    const mask = new Uint32Array(candidates.length);
    for (const word of new Set(words)) {
      mask.fill(0);
      for (const seg of segments) {
        const t = seg.find(word);
        if (t < 0 || seg.df(t, 0) === 0) continue;
        const { docs, sigs, from, to } = seg.signatures(t);
        let p = from;
        for (let i = 0; i < candidates.length && p < to; i++) {
          const d = candidates[i]!;
          p = seekDoc(docs, d, p, to);
          if (p < to && docs[p] === d) mask[i] = sigs[p]!;
        }
      }
      words.forEach((w, j) => {
        if (w !== word) return;
        // Bit (q + j) mod 32 of the j-th word's signature moves to bit q: q is where the phrase would start.
        const r = j & (SIGNATURE_BITS - 1);
        for (let i = 0; i < fit.length; i++) { const m = mask[i]!; fit[i]! &= r ? (m >>> r) | (m << (SIGNATURE_BITS - r)) : m; }
      });
    }
    let k = 0;
    const docs = new Uint32Array(candidates.length);
    const scores = new Float64Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) if (fit[i] !== 0) { docs[k] = candidates[i]!; scores[k++] = list.scores[i]!; }
    return { docs: docs.subarray(0, k), scores: scores.subarray(0, k), checks: list.checks };
  }

  /** Postings a word leaf would walk in this shard; other nodes are evaluated as they come. */
  private cost(node: PlanNode): number {
    if (node.type !== 'word') return node.type === 'phrase' ? Number.MAX_SAFE_INTEGER / 2 : Number.MAX_SAFE_INTEGER;
    let n = 0;
    for (const st of this.req.terms[node.spec] ?? []) {
      for (const seg of this.shard.segments) {
        const t = seg.find(st.term);
        if (t >= 0) for (let f = 0; f < FIELD_COUNT; f++) n += seg.df(t, f);
      }
    }
    return n;
  }

  /** Like collect, for the given (ascending) candidates only: each is looked up in the postings. */
  private collectAmong(terms: ScoredTerm[], candidates: Uint32Array, read?: PostingRun[]): DocList {
    const acc = this.shard.scratch;
    const alive = this.alive;
    const avg = this.req.avgLength;
    for (const { field, docs, tfs, from, to, weight } of read ?? postingRuns(this.shard, terms)) {
      const len = this.lens[field]!;
      const avgLen = avg[field]! || 1;
      let p = from;
      for (let i = 0; i < candidates.length && p < to; i++) {
        const d = candidates[i]!;
        p = seekDoc(docs, d, p, to);
        if (p < to && docs[p] === d && alive[d]) acc[d]! += bm25Plus(weight, tfs[p]!, len[d]!, avgLen);
      }
    }
    const outDocs = new Uint32Array(candidates.length);
    const outScores = new Float64Array(candidates.length);
    let k = 0;
    for (let i = 0; i < candidates.length; i++) {
      const d = candidates[i]!;
      if (acc[d] === 0) continue;
      outDocs[k] = d;
      outScores[k++] = acc[d]!;
      acc[d] = 0;
    }
    return { docs: outDocs.subarray(0, k), scores: outScores.subarray(0, k), checks: [] };
  }

  /** bm25Norms' table of each field for this query's average lengths. */
  private norms(): Float64Array[] {
    return this.req.avgLength.map((a) => bm25Norms(a || 1));
  }

  /**
   * The best `limit` documents of a lone word and its exact total, scoring in full only the
   * documents its score bounds cannot rule out (word-top.ts); null when they prove nothing (then
   * the word is walked whole). Scores and order are the full walk's: the candidates are scored
   * over every run in the usual order.
   */
  topOfWord(terms: ScoredTerm[], limit: number): { picked: Array<[number, number]>; total: number; estimated: boolean } | null {
    const runs = postingRuns(this.shard, terms);
    const found = boundedCandidates(runs, limit, {
      scratch: this.shard.scratch, touched: this.shard.touched, count: this.shard.store.count, alive: this.alive, norms: this.norms(), lens: this.lens,
    });
    if (!found) {
      const list = this.collect(terms, 1, undefined, undefined, runs);
      return { picked: topIndexes(list.scores, list.docs, limit).map((i) => [list.docs[i]!, list.scores[i]!]), total: list.docs.length, estimated: false };
    }
    const { candidates, total } = found;
    const postings = runs.reduce((sum, r) => sum + r.to - r.from, 0);
    const list = candidates.length * 32 < postings ? this.collectAmong(terms, candidates, runs)
      : this.collect(terms, 1, undefined, bitmapOf(candidates, this.shard.store.count), runs);
    return { picked: topIndexes(list.scores, list.docs, limit).map((i) => [list.docs[i]!, list.scores[i]!]), total, estimated: false };
  }

  private universe(keep: ((d: number) => boolean) | null): DocList {
    const alive = this.alive;
    const docs: number[] = [];
    for (let d = 0; d < this.shard.store.count; d++) if (alive[d] && (!keep || keep(d))) docs.push(d);
    return { docs: Uint32Array.from(docs), scores: new Float64Array(docs.length), checks: [] };
  }

  private predicate(node: Extract<PlanNode, { type: 'filter' }>): (d: number) => boolean {
    const s = this.shard.store;
    const value = node.value.toLowerCase();
    // Tested once per distinct string: a book's passages share their path, title and tags.
    const byString = (col: ColdColumn, test: (text: string) => boolean) => {
      const memo = new Map<number, boolean>();
      return (d: number) => {
        const id = col.get(d);
        if (id === NONE) return false;
        let r = memo.get(id);
        if (r === undefined) { r = test(s.strings.get(id)); memo.set(id, r); }
        return r;
      };
    };
    switch (node.field) {
      case 'in': { const kind = KINDS.indexOf(node.value as (typeof KINDS)[number]); const col = s.col('kind'); return (d) => col[d] === kind; }
      case 'color': return byString(s.cold.color, (c) => c.toLowerCase() === value);
      case 'tag': {
        const want = value.replace(/^#/, '');
        return byString(s.cold.tags, (joined) => joined.split(TAG_SEPARATOR).some((t) => {
          const tag = t.toLowerCase().replace(/^#/, '');
          return tag === want || tag.startsWith(`${want}/`);
        }));
      }
      case 'source': {
        const contains = (text: string) => text.toLowerCase().includes(value);
        const inPath = byString(s.cold.path, contains);
        const inTitle = byString(s.cold.title, contains);
        return (d) => inPath(d) || inTitle(d);
      }
    }
  }

  private passes(d: number, checks: RegExp[]): boolean {
    if (!checks.length) return true;
    const text = this.shard.store.text(d);
    return checks.every((re) => re.test(text));
  }

  private verify(list: DocList): DocList {
    if (!list.checks.length) return list;
    return filterList({ ...list, checks: [] }, (d) => this.passes(d, list.checks));
  }

  /** The best `limit` documents; phrase checks run best-first when there are many candidates (the total is then estimated). */
  pickTop(list: DocList, limit: number): { picked: Array<[number, number]>; total: number; estimated: boolean } {
    if (list.checks.length && list.docs.length <= CHECK_ALL_PHRASES) list = this.verify(list);
    const { docs, scores } = list;
    if (!list.checks.length) return { picked: topIndexes(scores, docs, limit).map((i) => [docs[i]!, scores[i]!]), total: docs.length, estimated: false };
    const heap = new MaxHeap(scores, docs);
    const picked: Array<[number, number]> = [];
    let popped = 0;
    while (picked.length < limit && heap.size) {
      const i = heap.pop();
      popped++;
      if (this.passes(docs[i]!, list.checks)) picked.push([docs[i]!, scores[i]!]);
    }
    const rest = heap.size;
    const total = picked.length + (rest && popped ? Math.round((rest * picked.length) / popped) : 0);
    return { picked, total, estimated: rest > 0 };
  }
}

/** One bit per document of `docs`, for `count` documents. */
function bitmapOf(docs: Uint32Array, count: number): Uint32Array {
  const bits = new Uint32Array((count >>> 5) + 1);
  for (let i = 0; i < docs.length; i++) { const d = docs[i]!; bits[d >>> 5]! |= 1 << (d & 31); }
  return bits;
}
