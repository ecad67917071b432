/**
 * An immutable inverted index over a run of documents: a sorted term dictionary and, per field,
 * compressed-sparse-row postings (term → ascending doc numbers with term frequencies). Built in
 * one counting sort from an append-only log, merged without re-tokenizing, and stored on disk as
 * the same typed arrays.
 */
import { GrowU16, GrowU32 } from './grow';
import { runNow, ticker, type Steps } from './slices';
import type { Streamed } from './text-blocks';
import { detach } from './tokenize';

export const FIELDS = ['text', 'title', 'heading'] as const;
export const FIELD_COUNT = FIELDS.length;

export interface FieldPostings {
  /** offsets[t]..offsets[t+1] index `docs`/`tfs` for term t. */
  offsets: Uint32Array;
  /** Every posting (a segment on disk reads them all on first use: merges and writes only). */
  docs: Uint32Array;
  tfs: Uint16Array;
  /**
   * The text field's position signature of each posting (tokenize.ts: termSignatures), used to
   * drop phrase candidates before their text is read; absent in the other fields and in files
   * written before signatures existed.
   */
  sigs?: Uint32Array;
  /** On disk: reads postings [from, to) alone, as fresh arrays (what queries use). */
  read?(from: number, to: number, withTfs?: boolean): { docs: Uint32Array; tfs: Uint16Array; sigs?: Uint32Array };
  /** On disk: where `docs`, `tfs` (and `sigs`) are (copied piece by piece by merges and writes). */
  sections?: { docs: Streamed; tfs: Streamed; sigs?: Streamed };
}

/** One term's postings in one field: `docs`/`tfs` (and `sigs`) from `from` to `to`. */
export interface PostingSlice { docs: Uint32Array; tfs: Uint16Array; sigs?: Uint32Array; from: number; to: number }

export class Segment {
  private range: [number, number] | null;
  constructor(readonly terms: string[], readonly fields: FieldPostings[], range?: [number, number]) {
    this.range = range ?? null;
  }

  /** Term t's postings in `field`, read from disk when the segment is there. */
  postings(t: number, field: number): PostingSlice {
    const f = this.fields[field]!;
    const from = f.offsets[t]!;
    const to = f.offsets[t + 1]!;
    if (!f.read) return { docs: f.docs, tfs: f.tfs, sigs: f.sigs, from, to };
    const { docs, tfs, sigs } = f.read(from, to);
    return { docs, tfs, sigs, from: 0, to: to - from };
  }

  /** Term t's documents and position signatures in the text field (no term frequencies: what the phrase filter reads). */
  signatures(t: number): { docs: Uint32Array; sigs: Uint32Array; from: number; to: number } {
    const f = this.fields[0]!;
    const from = f.offsets[t]!;
    const to = f.offsets[t + 1]!;
    if (!f.read) return { docs: f.docs, sigs: f.sigs!, from, to };
    const { docs, sigs } = f.read(from, to, false);
    return { docs, sigs: sigs!, from: 0, to: to - from };
  }

  /** Whether the text field's postings carry position signatures (files of older versions do not). */
  get hasSignatures(): boolean {
    const f = this.fields[0]!;
    // (On disk `sigs` would read the whole section: ask the sections.)
    return f.sections ? !!f.sections.sigs : !!f.sigs;
  }

  /** Whether the postings are read from disk (see shard-file.ts). */
  get onDisk(): boolean {
    return this.fields.some((f) => f.read);
  }

  /** [lowest, highest] doc number with a posting ([Infinity, -1] when empty); computed once. */
  docRange(): [number, number] {
    if (!this.range) {
      let lo = Infinity;
      let hi = -1;
      for (const f of runNow(plain(this))) for (const d of f.docs) { if (d < lo) lo = d; if (d > hi) hi = d; }
      this.range = [lo, hi];
    }
    return this.range;
  }

  get postingCount(): number {
    return this.fields.reduce((n, f) => n + f.offsets[f.offsets.length - 1]!, 0);
  }

  /** Index of `term` in the dictionary, or -1. */
  find(term: string): number {
    const i = lowerBound(this.terms, term, 0);
    return i < this.terms.length && this.terms[i] === term ? i : -1;
  }

  /** Dictionary range [lo, hi) of the terms starting with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const lo = lowerBound(this.terms, prefix, 0);
    return [lo, lowerBound(this.terms, prefix + '\uffff', lo)];
  }

  df(t: number, field: number): number {
    const o = this.fields[field]!.offsets;
    return o[t + 1]! - o[t]!;
  }
}

/** First index in sorted `terms[from..to)` whose term is >= `key` (`to` if none). */
export function lowerBound(terms: string[], key: string, from: number, to = terms.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A segment's postings as plain arrays (a segment on disk is read once, here, in pieces). */
function* plain(seg: Segment): Steps<FieldPostings[]> {
  const out: FieldPostings[] = [];
  for (const f of seg.fields) {
    if (!f.read || !f.sections) { out.push(f); continue; }
    const docs = new Uint32Array(yield* readWhole(f.sections.docs));
    const tfs = new Uint16Array(yield* readWhole(f.sections.tfs));
    const sigs = f.sections.sigs ? new Uint32Array(yield* readWhole(f.sections.sigs)) : undefined;
    out.push({ offsets: f.offsets, docs, tfs, sigs });
  }
  return out;
}

function* readWhole(section: Streamed): Steps<ArrayBuffer> {
  const buf = new Uint8Array(section.length);
  let at = 0;
  for (const piece of section.pieces()) { buf.set(piece, at); at += piece.length; yield; }
  return buf.buffer;
}

/** The postings of documents >= `from` only (a delta's share of a segment); null when none. */
export function* sliceSegment(seg: Segment, from: number): Steps<Segment | null> {
  const [lo, hi] = seg.docRange();
  if (hi < from) return null;
  if (lo >= from) return seg;
  const input = yield* plain(seg);
  const tick = ticker(1024);
  const counts: Uint32Array[] = [];
  for (const f of input) {
    const c = new Uint32Array(seg.terms.length);
    for (let t = 0; t < seg.terms.length; t++) {
      for (let p = f.offsets[t]!; p < f.offsets[t + 1]!; p++) if (f.docs[p]! >= from) c[t]!++;
      if (tick()) yield;
    }
    counts.push(c);
  }
  const keep: number[] = [];
  for (let t = 0; t < seg.terms.length; t++) if (counts.some((c) => c[t]! > 0)) keep.push(t);
  const fields: FieldPostings[] = [];
  for (let field = 0; field < input.length; field++) {
    const f = input[field]!;
    const c = counts[field]!;
    const offsets = new Uint32Array(keep.length + 1);
    keep.forEach((t, k) => { offsets[k + 1] = offsets[k]! + c[t]!; });
    const docs = new Uint32Array(offsets[keep.length]!);
    const tfs = new Uint16Array(offsets[keep.length]!);
    const sigs = f.sigs ? new Uint32Array(offsets[keep.length]!) : undefined;
    let at = 0;
    for (const t of keep) {
      for (let p = f.offsets[t]!; p < f.offsets[t + 1]!; p++) {
        if (f.docs[p]! < from) continue;
        if (sigs) sigs[at] = f.sigs![p]!;
        docs[at] = f.docs[p]!;
        tfs[at++] = f.tfs[p]!;
      }
      if (tick()) yield;
    }
    fields.push({ offsets, docs, tfs, sigs });
  }
  return new Segment(keep.map((t) => seg.terms[t]!), fields);
}

/** A tokenized source's pairs as addPairs reads them (source-terms.ts: SourceTerms; `vocabulary` is compared by identity only). */
export interface TokenizedPairs { vocabulary: object; terms: string[]; ids: Uint32Array; counts: Uint32Array; signatures: Uint32Array }

/** Collects postings of newly added documents (in ascending doc order) until sealed. */
export class SegmentBuilder {
  private termIds = new Map<string, number>();
  private termList: string[] = [];
  private logs = FIELDS.map(() => ({ term: new GrowU32(), doc: new GrowU32(), tf: new GrowU16() }));
  /** The text field's position signatures, beside logs[0]. */
  private sigLog = new GrowU32();
  /** The vocabulary addPairs last saw, and its word ids → this builder's term ids (-1: not yet). */
  private vocabulary: object | null = null;
  private fromVocabulary = new Int32Array(0);

  get postingCount(): number {
    return this.logs.reduce((n, l) => n + l.doc.length, 0);
  }

  /** `signatures`: the text field's (required there, see termSignatures). */
  add(doc: number, field: number, counts: Map<string, number>, signatures?: Map<string, number>): void {
    const log = this.logs[field]!;
    for (const [term, count] of counts) {
      if (field === 0) this.sigLog.push(signatures?.get(term) ?? 0xffffffff);
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termList.length;
        const own = detach(term);
        this.termIds.set(own, id);
        this.termList.push(own);
      }
      log.term.push(id);
      log.doc.push(doc);
      log.tf.push(count > 65535 ? 65535 : count);
    }
  }

  /**
   * Adds pairs [from, to) of a tokenized source (source-terms.ts) as `doc`'s postings in `field`.
   * The source's word ids are its vocabulary's, which a worker keeps for a whole build: they map
   * to the builder's by an array, so a word is looked up by string once per seal, not once per source.
   */
  addPairs(doc: number, field: number, source: TokenizedPairs, from: number, to: number): void {
    const log = this.logs[field]!;
    if (field === 0) this.sigLog.pushAll(source.signatures.subarray(from, to));
    if (source.vocabulary !== this.vocabulary) { this.vocabulary = source.vocabulary; this.fromVocabulary = new Int32Array(Math.max(1024, source.terms.length)).fill(-1); }
    if (this.fromVocabulary.length < source.terms.length) {
      const grown = new Int32Array(Math.max(source.terms.length, this.fromVocabulary.length * 2)).fill(-1);
      grown.set(this.fromVocabulary);
      this.fromVocabulary = grown;
    }
    const local = this.fromVocabulary;
    // Written straight into the logs' arrays (three pushes a pair were most of this loop's time).
    const termLog = log.term.reserve(to - from);
    const docLog = log.doc.reserve(to - from);
    const tfLog = log.tf.reserve(to - from);
    let at = log.doc.length;
    for (let i = from; i < to; i++) {
      const s = source.ids[i]!;
      let id = local[s]!;
      if (id < 0) {
        const term = source.terms[s]!;
        id = this.termIds.get(term) ?? -1;
        if (id < 0) {
          id = this.termList.length;
          const own = detach(term);
          this.termIds.set(own, id);
          this.termList.push(own);
        }
        local[s] = id;
      }
      const count = source.counts[i]!;
      termLog[at] = id;
      docLog[at] = doc;
      tfLog[at++] = count > 65535 ? 65535 : count;
    }
    log.term.length = log.doc.length = log.tf.length = at;
  }

  /** The collected postings as a segment; the builder starts empty again. */
  seal(): Segment {
    // Documents come in ascending order: the range is the logs' first and last (no scan later).
    let lo = Infinity;
    let hi = -1;
    for (const log of this.logs) if (log.doc.length) { lo = Math.min(lo, log.doc.data[0]!); hi = Math.max(hi, log.doc.data[log.doc.length - 1]!); }
    const order = this.termList.map((_, i) => i).sort((a, b) => (this.termList[a]! < this.termList[b]! ? -1 : 1));
    const rank = new Uint32Array(order.length);
    order.forEach((id, r) => { rank[id] = r; });
    const terms = order.map((id) => this.termList[id]!);
    const fields = this.logs.map((log, field): FieldPostings => {
      const n = log.doc.length;
      const offsets = new Uint32Array(terms.length + 1);
      const termLog = log.term.data;
      for (let i = 0; i < n; i++) offsets[rank[termLog[i]!]! + 1]!++;
      for (let t = 0; t < terms.length; t++) offsets[t + 1]! += offsets[t]!;
      const cursor = offsets.slice(0, terms.length);
      const docs = new Uint32Array(n);
      const tfs = new Uint16Array(n);
      const sigs = field === 0 ? new Uint32Array(n) : undefined;
      const docLog = log.doc.data;
      const tfLog = log.tf.data;
      const sigLog = this.sigLog.data;
      for (let i = 0; i < n; i++) {
        const at = cursor[rank[termLog[i]!]!]!++;
        docs[at] = docLog[i]!;
        tfs[at] = tfLog[i]!;
        if (sigs) sigs[at] = sigLog[i]!;
      }
      return { offsets, docs, tfs, sigs };
    });
    this.termIds = new Map();
    this.termList = [];
    this.logs = FIELDS.map(() => ({ term: new GrowU32(), doc: new GrowU32(), tf: new GrowU16() }));
    this.sigLog = new GrowU32();
    this.vocabulary = null;
    this.fromVocabulary = new Int32Array(0);
    return new Segment(terms, fields, [lo, hi]);
  }
}

function* mergeSorted(a: string[], b: string[], tick: () => boolean): Steps<string[]> {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) { out.push(x); i++; j++; } else if (x < y) { out.push(x); i++; } else { out.push(y); j++; }
    if (tick()) yield;
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** The segments' dictionaries merged (sorted, each term once), and for each segment where its terms are in it. */
export function* unionDictionary(segments: Segment[], tick: () => boolean): Steps<{ terms: string[]; maps: Uint32Array[] }> {
  const terms = yield* unionTerms(segments.map((s) => s.terms), tick);
  const maps: Uint32Array[] = [];
  for (const s of segments) {
    const map = new Uint32Array(s.terms.length);
    let u = 0;
    for (let t = 0; t < s.terms.length; t++) {
      while (terms[u] !== s.terms[t]) u++;
      map[t] = u;
      if (tick()) yield;
    }
    maps.push(map);
  }
  return { terms, maps };
}

function* unionTerms(lists: string[][], tick: () => boolean): Steps<string[]> {
  let level = lists;
  while (level.length > 1) {
    const next: string[][] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? yield* mergeSorted(level[i]!, level[i + 1]!, tick) : level[i]!);
    level = next;
  }
  return level[0] ?? [];
}

/**
 * One segment holding the postings of `segments` (which cover ascending, disjoint doc runs).
 * `remap[doc]` renumbers documents; 0xffffffff drops a document (and terms left without postings).
 */
export function mergeSegments(segments: Segment[], remap?: Uint32Array): Segment {
  return runNow(mergeSteps(segments, remap));
}

/** mergeSegments as work that yields (see slices.ts). */
export function* mergeSteps(segments: Segment[], remap?: Uint32Array): Steps<Segment> {
  const DROP = 0xffffffff;
  const tick = ticker(1024);
  const { terms: all, maps: toUnion } = yield* unionDictionary(segments, tick);
  const counts = FIELDS.map(() => new Uint32Array(all.length + 1));
  const inputs: FieldPostings[][] = [];
  for (const s of segments) inputs.push(yield* plain(s));
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    const map = toUnion[k]!;
    for (let field = 0; field < inputs[k]!.length; field++) {
      const f = inputs[k]![field]!;
      const c = counts[field]!;
      for (let t = 0; t < s.terms.length; t++) {
        let n = f.offsets[t + 1]! - f.offsets[t]!;
        if (remap) for (let p = f.offsets[t]!; p < f.offsets[t + 1]!; p++) if (remap[f.docs[p]!] === DROP) n--;
        c[map[t]! + 1]! += n;
        if (tick()) yield;
      }
    }
  }
  // Terms that lost every posting disappear from the dictionary.
  const keep = new Int32Array(all.length).fill(-1);
  const terms: string[] = [];
  for (let u = 0; u < all.length; u++) {
    if (counts.some((c) => c[u + 1]! > 0)) { keep[u] = terms.length; terms.push(all[u]!); }
    if (tick()) yield;
  }
  const fields: FieldPostings[] = counts.map((c, field) => {
    const offsets = new Uint32Array(terms.length + 1);
    for (let u = 0; u < all.length; u++) if (keep[u]! >= 0) offsets[keep[u]! + 1] = c[u + 1]!;
    for (let t = 0; t < terms.length; t++) offsets[t + 1]! += offsets[t]!;
    const n = offsets[terms.length]!;
    // Signatures survive a merge only when every input has them.
    const sigs = inputs.every((fs) => fs[field]!.sigs) ? new Uint32Array(n) : undefined;
    return { offsets, docs: new Uint32Array(n), tfs: new Uint16Array(n), sigs };
  });
  for (let field = 0; field < fields.length; field++) {
    const out = fields[field]!;
    const cursor = out.offsets.slice(0, terms.length);
    for (let k = 0; k < segments.length; k++) {
      const s = segments[k]!;
      const map = toUnion[k]!;
      const f = inputs[k]![field]!;
      for (let t = 0; t < s.terms.length; t++) {
        if (tick()) yield;
        const target = keep[map[t]!]!;
        if (target < 0) continue;
        for (let p = f.offsets[t]!; p < f.offsets[t + 1]!; p++) {
          const doc = remap ? remap[f.docs[p]!]! : f.docs[p]!;
          if (doc === DROP) continue;
          const at = cursor[target]!++;
          out.docs[at] = doc;
          out.tfs[at] = f.tfs[p]!;
          if (out.sigs) out.sigs[at] = f.sigs![p]!;
        }
      }
    }
  }
  // Without renumbering, the inputs' ranges give the merged one (no scan of its postings later).
  const ranges = remap ? [] : segments.map((s) => s.docRange()).filter(([lo, hi]) => hi >= lo);
  return new Segment(terms, fields, ranges.length ? [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))] : undefined);
}
