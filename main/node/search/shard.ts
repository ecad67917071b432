/**
 * One shard of the index (one per worker): documents, their postings in segments, and the three
 * query rounds (see plan.ts). New documents collect in a builder and become a segment when a query needs them
 * (so search works while a library is still being indexed) or when the builder grows large;
 * segments are merged at the end of a build and when many small ones pile up.
 */
import type { SearchHit } from '../../common/contract';
import { DocStore, KINDS, NONE, TAG_SEPARATOR } from './doc-store';
import { fuzzyScan } from './fuzzy';
import { phraseRegExp } from './phrase';
import { EXACT, FUZZY, PREFIX, TYPO_THRESHOLD, commonDf, pickCompletions, pickTypos, type ExecuteRequest, type ExpandReply, type Expansion, type HitsRequest, type PlanNode, type ScoredTerm, type ShardTop, type TermSpec } from './plan';
import { FIELD_COUNT, mergeSegments, Segment, SegmentBuilder } from './segment';
import { EMPTY, filterList, intersect, MaxHeap, seekDoc, subtract, topIndexes, union, type DocList } from './doc-list';
import { makeSnippet } from './snippet';
import { termCounts } from './tokenize';
import type { SearchDoc } from './types';

/** Field boosts: a word in the title or heading counts more than one in the body. */
export const FIELD_BOOST = [1, 2, 1.5];
/** How many candidate expansions per word a shard proposes (the engine keeps fewer). */
const PROPOSE_PREFIX = 100;
const PROPOSE_FUZZY = 40;
const SEAL_POSTINGS = 2_000_000;
const MAX_SEGMENTS = 10;
/** Phrase candidates up to this many are all checked (exact total); beyond, best-first until the page is full. */
const CHECK_ALL_PHRASES = 300;

const K1 = 1.2;
const B = 0.7;
const D = 0.5;

export interface PassageInput { start: number; end: number; heading?: string; tags: string[] }

let versions = 0;

export class StaleError extends Error {
  constructor() { super('stale: the shard changed during the query'); }
}

export class Shard {
  store = new DocStore();
  segments: Segment[] = [];
  private builder = new SegmentBuilder();
  private pendingDocs = 0;
  /** owner → [first, end) doc numbers (an owner's documents are always contiguous). */
  owners = new Map<string, [number, number]>();
  fieldLength = new Array<number>(FIELD_COUNT).fill(0);
  liveCount = 0;
  /** Changes whenever documents are renumbered, so a round-3 request never names the wrong ones. */
  version = ++versions;
  private scratch = new Float64Array(0);
  private counter = new Uint8Array(0);

  static restored(store: DocStore, segment: Segment): Shard {
    const shard = new Shard();
    shard.store = store;
    shard.segments = segment.terms.length ? [segment] : [];
    shard.recount();
    return shard;
  }

  get textBytes(): number {
    return this.store.chunks.reduce((n, c) => n + c.length, 0);
  }

  /** Replaces everything `owner` contributed. */
  setOwner(owner: string, docs: SearchDoc[]): void {
    this.removeOwner(owner);
    if (!docs.length) return;
    const starts: number[] = [];
    let at = 0;
    for (const d of docs) { starts.push(at); at += d.text.length; }
    const chunk = this.store.addChunk(docs.map((d) => d.text).join(''));
    const first = this.store.count;
    docs.forEach((doc, i) => this.addDoc({ ...doc, owner }, chunk, starts[i]!, starts[i]! + doc.text.length, doc.text));
    this.owners.set(owner, [first, this.store.count]);
    this.afterAdd();
  }

  /** Adds the passages of a parsed source as `owner` (replacing what it had). */
  setSource(owner: string, relPath: string, title: string, text: string, passages: PassageInput[]): void {
    this.removeOwner(owner);
    if (!passages.length) return;
    const chunk = this.store.addChunk(text);
    const first = this.store.count;
    const titleCounts = termCounts(title);
    for (const p of passages) {
      const doc = { owner, kind: 'passage' as const, sourceId: owner, path: relPath, title, heading: p.heading, start: p.start, end: p.end, tags: p.tags };
      this.addDoc(doc, chunk, p.start, p.end, text.slice(p.start, p.end), titleCounts);
    }
    this.owners.set(owner, [first, this.store.count]);
    this.afterAdd();
  }

  removeOwner(owner: string): void {
    const range = this.owners.get(owner);
    if (!range) return;
    const alive = this.store.alive.data;
    for (let d = range[0]; d < range[1]; d++) {
      if (!alive[d]) continue;
      alive[d] = 0;
      this.liveCount--;
      for (let f = 0; f < FIELD_COUNT; f++) this.fieldLength[f]! -= this.store.col(`len${f}` as 'len0')[d]!;
    }
    this.owners.delete(owner);
    if (this.store.count - this.liveCount > Math.max(1000, this.store.count * 0.3)) this.compact();
  }

  private addDoc(doc: Omit<SearchDoc, 'text' | 'id'>, chunk: number, a: number, b: number, text: string, titleCounts?: Map<string, number>): void {
    const counts = [termCounts(text), titleCounts ?? termCounts(doc.title), termCounts(doc.heading ?? '')];
    const n = this.store.add(doc, chunk, a, b, counts.map((c) => c.size));
    counts.forEach((c, f) => {
      this.builder.add(n, f, c);
      this.fieldLength[f]! += Math.min(c.size, 0xffff);
    });
    this.liveCount++;
    this.pendingDocs++;
  }

  private afterAdd(): void {
    if (this.builder.postingCount >= SEAL_POSTINGS) this.seal();
  }

  /** Makes every added document searchable. */
  seal(): void {
    if (!this.pendingDocs) return;
    this.segments.push(this.builder.seal());
    this.pendingDocs = 0;
    if (this.segments.length > MAX_SEGMENTS) {
      // Merge the newest (smallest) half; order of doc runs is kept.
      const keep = this.segments.length >> 1;
      this.segments = [...this.segments.slice(0, keep), mergeSegments(this.segments.slice(keep))];
    }
  }

  /** After a batch: merges segments when the batch was a large part of the shard (a one-file edit stays cheap). */
  settle(): void {
    this.seal();
    if (this.segments.length < 2) return;
    const total = this.segments.reduce((n, s) => n + s.postingCount, 0);
    const largest = Math.max(...this.segments.map((s) => s.postingCount));
    if (total - largest > total * 0.1) this.compact();
  }

  /** One segment, no deleted documents, texts in one UTF-8 buffer. */
  compact(): void {
    this.seal();
    const chunks = this.store.chunks;
    const clean = this.segments.length <= 1 && this.liveCount === this.store.count && chunks.length === 1 && typeof chunks[0] !== 'string';
    if (clean) return;
    const { store, remap } = this.store.compact();
    this.segments = this.segments.length || store.count ? [mergeSegments(this.segments, remap)] : [];
    this.store = store;
    this.version = ++versions;
    this.recount();
  }

  private recount(): void {
    const s = this.store;
    this.owners = new Map();
    this.fieldLength.fill(0);
    this.liveCount = 0;
    const owner = s.col('owner');
    for (let d = 0; d < s.count; d++) {
      if (!s.alive.data[d]) continue;
      this.liveCount++;
      for (let f = 0; f < FIELD_COUNT; f++) this.fieldLength[f]! += s.col(`len${f}` as 'len0')[d]!;
      const name = s.strings.get(owner[d]!);
      const range = this.owners.get(name);
      if (range) range[1] = d + 1;
      else this.owners.set(name, [d, d + 1]);
    }
  }

  // ---- query round 1 ----

  expand(specs: TermSpec[]): ExpandReply {
    this.seal();
    const expansions = specs.map((spec) => {
      const found = new Map<string, Expansion>();
      for (const seg of this.segments) {
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
        if (spec.prefix) for (const t of this.frequentCompletions(seg, spec.word)) note(t);
      }
      // Typo variants are only used for words the library (almost) lacks: when this shard alone
      // proves the word common, or (for the word being typed) completable, skip the scan.
      const exact = found.get(spec.word);
      const completable = spec.prefix && [...found.values()].some((e) => e.how === PREFIX);
      if (spec.fuzzy > 0 && (exact?.df[0] ?? 0) < TYPO_THRESHOLD && !completable) {
        for (const seg of this.segments) {
          const noted = new Set<number>();
          fuzzyScan(seg.terms, spec.word, spec.fuzzy, (t, distance) => {
            const term = seg.terms[t]!;
            if (term === spec.word || noted.has(t) || (spec.prefix && term.startsWith(spec.word))) return;
            noted.add(t);
            let e = found.get(term);
            if (!e) { e = { term, how: FUZZY, distance, df: new Array<number>(FIELD_COUNT).fill(0) }; found.set(term, e); }
            for (let f = 0; f < FIELD_COUNT; f++) e.df[f]! += seg.df(t, f);
          });
        }
      }
      return pickProposals([...found.values()], this.liveCount);
    });
    return { expansions, docCount: this.liveCount, fieldLength: [...this.fieldLength] };
  }

  /**
   * Dictionary indexes of the most frequent non-common terms starting with `prefix`, without
   * materializing the (possibly tens of thousands of) others: a one-letter prefix stays cheap.
   */
  private frequentCompletions(seg: Segment, prefix: string): number[] {
    const [lo, hi] = seg.prefixRange(prefix);
    const common = commonDf(this.liveCount);
    const best: number[] = [];
    const weight: number[] = [];
    let floor = -1;
    const [text, title, heading] = seg.fields.map((f) => f.offsets) as [Uint32Array, Uint32Array, Uint32Array];
    for (let t = lo; t < hi; t++) {
      const inText = text[t + 1]! - text[t]!;
      if (inText > common) continue;
      const w = inText + title[t + 1]! - title[t]! + heading[t + 1]! - heading[t]!;
      if (w <= floor) continue;
      best.push(t);
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

  // ---- query round 2 ----

  execute(req: ExecuteRequest): ShardTop {
    this.seal();
    const n = this.store.count;
    if (this.scratch.length < n) { this.scratch = new Float64Array(n + 1024); this.counter = new Uint8Array(n + 1024); }
    const list = this.evaluate(req.tree, req, true);
    const { picked, total } = this.pickTop(list, req.limit);
    return { docs: picked.map((p) => p[0]), scores: picked.map((p) => p[1]), total, version: this.version };
  }

  // ---- query round 3 ----

  hits(req: HitsRequest): SearchHit[] {
    if (req.version !== this.version) throw new StaleError();
    const { terms, phrases } = this.markable(req);
    return req.docs.map((d, i) => this.hit(d, req.scores[i]!, terms, phrases));
  }

  private evaluate(node: PlanNode, req: ExecuteRequest, lazy: boolean): DocList {
    switch (node.type) {
      case 'word': return this.collect(req.terms[node.spec] ?? [], req.avgLength, 1);
      case 'phrase': {
        // Common words are left to the text check; the rarest word always uses its postings.
        const all = [...new Set(node.specs)].sort((a, b) => req.exactDf[a]! - req.exactDf[b]!);
        const rare = all.filter((sp) => req.exactDf[sp]! <= req.common);
        const distinct = rare.length ? rare : all.slice(0, 1);
        const lists = distinct.map((s) => req.terms[s] ?? []);
        if (lists.some((l) => l.length === 0)) return EMPTY;
        const list = this.collect(lists.flat(), req.avgLength, distinct.length, lists);
        const check = { ...list, checks: [phraseRegExp(node.text)] };
        return lazy ? check : this.verify(check);
      }
      case 'filter': return this.universe(this.predicate(node));
      case 'not': return subtract(this.universe(null), this.evaluate(node.child, req, false));
      case 'or': return node.children.map((c) => this.verify(this.evaluate(c, req, false))).reduce(union);
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
        const ordered = positive.map((c) => ({ c, cost: this.cost(c, req) })).sort((a, b) => a.cost - b.cost);
        let list: DocList | null = null;
        for (const { c, cost } of ordered) {
          const next: DocList = list && c.type === 'word' && list.docs.length * 32 < cost
            ? this.collectAmong(req.terms[c.spec] ?? [], req.avgLength, list.docs)
            : this.evaluate(c, req, lazy);
          list = list ? intersect(list, next) : next;
          if (!list.docs.length) return EMPTY;
        }
        const keep = filters.length ? (d: number) => filters.every((f) => f(d)) : null;
        list = list ? (keep ? filterList(list, keep) : list) : this.universe(keep);
        for (const c of negative) list = subtract(list, this.evaluate(c, req, false));
        return lazy ? list : this.verify(list);
      }
    }
  }

  /** Scores every live document containing any of `terms` (BM25+, as MiniSearch). With `groups`, keeps documents matching each group. */
  private collect(terms: ScoredTerm[], avg: number[], need: number, groups?: ScoredTerm[][]): DocList {
    const acc = this.scratch;
    const count = this.counter;
    const alive = this.store.alive.data;
    const lens = [this.store.col('len0'), this.store.col('len1'), this.store.col('len2')];
    const group = new Map<ScoredTerm, number>();
    groups?.forEach((g, i) => g.forEach((t) => group.set(t, i)));
    let lo = Infinity;
    let hi = -1;
    const seen = groups ? groups.map(() => new Uint8Array(0)) : [];
    for (const { term, field, docs, tfs, from, to, weight } of this.postingRuns(terms)) {
      const len = lens[field]!;
      const avgLen = avg[field]! || 1;
      for (let p = from; p < to; p++) {
        const d = docs[p]!;
        if (!alive[d]) continue;
        acc[d]! += bm25Plus(weight, tfs[p]!, len[d]!, avgLen);
        if (d < lo) lo = d;
        if (d > hi) hi = d;
      }
      if (groups) {
        // Count each group once per document.
        const gi = group.get(term)!;
        let mark = seen[gi]!;
        if (mark.length < this.store.count) mark = seen[gi] = new Uint8Array(this.store.count);
        for (let p = from; p < to; p++) {
          const d = docs[p]!;
          if (alive[d] && !mark[d]) { mark[d] = 1; count[d]!++; }
        }
      }
    }
    if (hi < 0) return EMPTY;
    let size = 0;
    for (let d = lo; d <= hi; d++) if (acc[d] !== 0) size++;
    const outDocs = new Uint32Array(size);
    const outScores = new Float64Array(size);
    let k = 0;
    for (let d = lo; d <= hi; d++) {
      const s = acc[d]!;
      if (s === 0) continue;
      acc[d] = 0;
      if (groups) {
        const c = count[d]!;
        count[d] = 0;
        if (c < need) continue;
      }
      outDocs[k] = d;
      outScores[k++] = s;
    }
    return { docs: outDocs.subarray(0, k), scores: outScores.subarray(0, k), checks: [] };
  }

  /**
   * Every non-empty postings run of `terms` in this shard, term by term, segment by segment, field
   * by field: the order in which collect and collectAmong add up scores.
   */
  private postingRuns(terms: ScoredTerm[]): PostingRun[] {
    const runs: PostingRun[] = [];
    for (const term of terms) {
      for (const seg of this.segments) {
        const t = seg.find(term.term);
        if (t < 0) continue;
        for (let field = 0; field < FIELD_COUNT; field++) {
          const { offsets, docs, tfs } = seg.fields[field]!;
          const from = offsets[t]!;
          const to = offsets[t + 1]!;
          if (from === to) continue;
          runs.push({ term, field, docs, tfs, from, to, weight: term.weight * FIELD_BOOST[field]! * term.idf[field]! });
        }
      }
    }
    return runs;
  }

  /** Postings a word leaf would walk in this shard; other nodes are evaluated as they come. */
  private cost(node: PlanNode, req: ExecuteRequest): number {
    if (node.type !== 'word') return node.type === 'phrase' ? Number.MAX_SAFE_INTEGER / 2 : Number.MAX_SAFE_INTEGER;
    let n = 0;
    for (const st of req.terms[node.spec] ?? []) {
      for (const seg of this.segments) {
        const t = seg.find(st.term);
        if (t >= 0) for (let f = 0; f < FIELD_COUNT; f++) n += seg.df(t, f);
      }
    }
    return n;
  }

  /** Like collect, for the given (ascending) candidates only: each is looked up in the postings. */
  private collectAmong(terms: ScoredTerm[], avg: number[], candidates: Uint32Array): DocList {
    const acc = this.scratch;
    const alive = this.store.alive.data;
    const lens = [this.store.col('len0'), this.store.col('len1'), this.store.col('len2')];
    for (const { field, docs, tfs, from, to, weight } of this.postingRuns(terms)) {
      const len = lens[field]!;
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

  private universe(keep: ((d: number) => boolean) | null): DocList {
    const alive = this.store.alive.data;
    const docs: number[] = [];
    for (let d = 0; d < this.store.count; d++) if (alive[d] && (!keep || keep(d))) docs.push(d);
    return { docs: Uint32Array.from(docs), scores: new Float64Array(docs.length), checks: [] };
  }

  private predicate(node: Extract<PlanNode, { type: 'filter' }>): (d: number) => boolean {
    const s = this.store;
    const value = node.value.toLowerCase();
    // Tested once per distinct string: a book's passages share their path, title and tags.
    const byString = (col: Uint32Array, test: (text: string) => boolean) => {
      const memo = new Map<number, boolean>();
      return (d: number) => {
        const id = col[d]!;
        if (id === NONE) return false;
        let r = memo.get(id);
        if (r === undefined) { r = test(s.strings.get(id)); memo.set(id, r); }
        return r;
      };
    };
    switch (node.field) {
      case 'in': { const kind = KINDS.indexOf(node.value as (typeof KINDS)[number]); const col = s.col('kind'); return (d) => col[d] === kind; }
      case 'color': return byString(s.col('color'), (c) => c.toLowerCase() === value);
      case 'tag': {
        const want = value.replace(/^#/, '');
        return byString(s.col('tags'), (joined) => joined.split(TAG_SEPARATOR).some((t) => {
          const tag = t.toLowerCase().replace(/^#/, '');
          return tag === want || tag.startsWith(`${want}/`);
        }));
      }
      case 'source': {
        const contains = (text: string) => text.toLowerCase().includes(value);
        const inPath = byString(s.col('path'), contains);
        const inTitle = byString(s.col('title'), contains);
        return (d) => inPath(d) || inTitle(d);
      }
    }
  }

  private passes(d: number, checks: RegExp[]): boolean {
    if (!checks.length) return true;
    const text = this.store.text(d);
    return checks.every((re) => re.test(text));
  }

  private verify(list: DocList): DocList {
    if (!list.checks.length) return list;
    return filterList({ ...list, checks: [] }, (d) => this.passes(d, list.checks));
  }

  /** The best `limit` documents; phrase checks run best-first when there are many candidates. */
  private pickTop(list: DocList, limit: number): { picked: Array<[number, number]>; total: number } {
    if (list.checks.length && list.docs.length <= CHECK_ALL_PHRASES) list = this.verify(list);
    const { docs, scores } = list;
    if (!list.checks.length) return { picked: topIndexes(scores, docs, limit).map((i) => [docs[i]!, scores[i]!]), total: docs.length };
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
    return { picked, total };
  }

  private markable(req: { tree: PlanNode; terms: ScoredTerm[][] }): { terms: Set<string>; phrases: RegExp[] } {
    const terms = new Set<string>();
    const phrases: RegExp[] = [];
    const walk = (node: PlanNode) => {
      if (node.type === 'word') for (const t of req.terms[node.spec] ?? []) terms.add(t.term);
      else if (node.type === 'phrase') phrases.push(phraseRegExp(node.text));
      else if (node.type === 'and' || node.type === 'or') node.children.forEach(walk);
    };
    walk(req.tree);
    return { terms, phrases };
  }

  private hit(d: number, score: number, terms: Set<string>, phrases: RegExp[]): SearchHit {
    const s = this.store;
    const { snippet, marks, terms: found } = makeSnippet(s.text(d), terms, phrases);
    const hit: SearchHit = {
      kind: KINDS[s.col('kind')[d]!]!,
      path: s.str(d, 'path')!,
      title: s.str(d, 'title')!,
      start: s.col('start')[d]!,
      end: s.col('end')[d]!,
      snippet,
      marks,
      terms: found,
      score,
    };
    const sourceId = s.str(d, 'sourceId');
    const heading = s.str(d, 'heading');
    const annotationId = s.str(d, 'annotationId');
    if (sourceId !== undefined) hit.sourceId = sourceId;
    if (heading !== undefined) hit.heading = heading;
    if (annotationId !== undefined) hit.annotationId = annotationId;
    return hit;
  }
}

/** One term's postings in one field of one segment (`docs`/`tfs` from `from` to `to`), with the term's weight in that field. */
interface PostingRun { term: ScoredTerm; field: number; docs: Uint32Array; tfs: Uint16Array; from: number; to: number; weight: number }

/** BM25+ score of one posting (as MiniSearch): term frequency `tf` in a field `len` tokens long, whose average length is `avgLen`. */
function bm25Plus(weight: number, tf: number, len: number, avgLen: number): number {
  return weight * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avgLen)));
}

function pickProposals(found: Expansion[], docCount: number): Expansion[] {
  const live = found.filter((e) => e.df.some((x) => x > 0));
  const exact = live.filter((e) => e.how === EXACT);
  const prefix = pickCompletions(live.filter((e) => e.how === PREFIX), docCount, PROPOSE_PREFIX);
  const fuzzy = pickTypos(live.filter((e) => e.how === FUZZY), PROPOSE_FUZZY);
  return [...exact, ...prefix, ...fuzzy];
}
