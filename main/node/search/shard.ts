/**
 * One shard of the index (one per worker): its documents, their postings in segments, and their
 * upkeep. New documents collect in a builder and become a segment when a query needs them (so
 * search works while a library is still being indexed) or when the builder grows large; segments
 * are merged at the end of a build and when many small ones pile up. The three query rounds
 * (plan.ts) read a shard in shard-query.ts (expand, execute) and shard-hits.ts (hits).
 */
import type { SearchHit } from '../../common/contract';
import { DocStore } from './doc-store';
import type { ExecuteRequest, ExpandReply, HitsRequest, ShardTop, TermSpec } from './plan';
import { FIELD_COUNT, mergeSegments, mergeSteps, Segment, SegmentBuilder } from './segment';
import { shardHits } from './shard-hits';
import { runNow, type Steps } from './slices';
import { execute, expand } from './shard-query';
import type { ShardView } from './shard-view';
import { tokenizeSource, type PassageInput } from './source-terms';
import { termCounts, termSignatures } from './tokenize';
import type { SearchDoc } from './types';

export { FIELD_BOOST } from './plan';
const SEAL_POSTINGS = 2_000_000;
const MAX_SEGMENTS = 10;
/** Texts (in memory or on disk) beyond which a shard is not compacted in memory (see compactsInMemory). */
const COMPACT_BYTES = (Number(process.env.SOURCEBOOK_COMPACT_MB) || 256) * 1024 * 1024;

export type { PassageInput } from './source-terms';

let versions = 0;

export class StaleError extends Error {
  constructor() { super('stale: the shard changed during the query'); }
}

export class Shard implements ShardView {
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
  /** Per-document scratch for scoring (dense accumulators), grown with the shard. */
  scratch = new Float64Array(0);
  counter = new Uint8Array(0);
  touched = new Uint32Array(0);

  static restored(store: DocStore, segments: Segment[]): Shard {
    const shard = new Shard();
    shard.store = store;
    shard.segments = segments.filter((s) => s.terms.length);
    shard.recount();
    return shard;
  }

  get textBytes(): number {
    return this.store.textBytes;
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

  /**
   * Adds the passages of a parsed source as `owner` (replacing what it had). `terms`: the
   * passages already tokenized (tokenizeSource, e.g. in slices before the shard is touched).
   */
  setSource(owner: string, relPath: string, title: string, text: string, passages: PassageInput[], terms = runNow(tokenizeSource(title, text, passages))): void {
    this.removeOwner(owner);
    if (!passages.length) return;
    const chunk = this.store.addChunk(text);
    const first = this.store.count;
    const lengths = [0, 0, 0];
    passages.forEach((p, i) => {
      const doc = { owner, kind: 'passage' as const, sourceId: owner, path: relPath, title, heading: p.heading, start: p.start, end: p.end, tags: p.tags };
      const at = i * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) lengths[f] = terms.ends[at + f]! - (at + f ? terms.ends[at + f - 1]! : 0);
      const n = this.store.add(doc, chunk, p.start, p.end, lengths);
      for (let f = 0; f < FIELD_COUNT; f++) {
        this.builder.addPairs(n, f, terms, at + f ? terms.ends[at + f - 1]! : 0, terms.ends[at + f]!);
        this.fieldLength[f]! += Math.min(lengths[f]!, 0xffff);
      }
      this.liveCount++;
      this.pendingDocs++;
    });
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
  }

  /**
   * Whether enough documents were deleted for a compaction to pay (30 % of the shard). The
   * worker then runs compactSteps in slices before the next change; a shard used on its own
   * keeps answering correctly without it.
   */
  get needsCompaction(): boolean {
    return this.store.count - this.liveCount > Math.max(1000, this.store.count * 0.3) && this.compactsInMemory;
  }

  /**
   * A compaction renumbers in memory: it reads every live text and posting back. A shard whose
   * texts pass COMPACT_BYTES (a big library's, read from disk) is not compacted, so a storm of
   * changes cannot bring the whole shard into memory: its deleted passages stay on disk, skipped
   * by every query, and still count in document frequencies (see docs/search.md, non-goals).
   */
  get compactsInMemory(): boolean {
    return this.store.chunks.reduce((n, c) => n + (typeof c === 'string' ? c.length * 2 : c.length), 0) <= COMPACT_BYTES;
  }

  private addDoc(doc: Omit<SearchDoc, 'text' | 'id'>, chunk: number, a: number, b: number, text: string, titleCounts?: Map<string, number>): void {
    const body = termSignatures(text);
    const counts = [body.counts, titleCounts ?? termCounts(doc.title), termCounts(doc.heading ?? '')];
    const n = this.store.add(doc, chunk, a, b, counts.map((c) => c.size));
    counts.forEach((c, f) => {
      this.builder.add(n, f, c, f === 0 ? body.signatures : undefined);
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
    // Counted in memory only: a build that spilt has segments on disk (one a spill, see
    // shard-persist.ts), and counting those made every later seal merge the growing in-memory
    // run again (at 1 GB, copies of up to 14 M postings beside their inputs: the build's peak).
    const inMemory = this.segments.filter((seg) => !seg.onDisk);
    if (inMemory.length > MAX_SEGMENTS) {
      // Merge the newest (smallest) half; order of doc runs is kept. Segments on disk are left
      // there (merging them would read them back into memory).
      const newest = inMemory.slice(inMemory.length >> 1);
      this.segments = [...this.segments.filter((seg) => !newest.includes(seg)), mergeSegments(newest)];
    }
  }

  /**
   * After a batch: merges segments when the batch was a large part of the shard (a one-file edit
   * stays cheap). With segments on disk (a library that spilled while indexing), only the
   * in-memory ones are merged, into one, without renumbering.
   */
  settle(): void {
    runNow(this.settleSteps());
  }

  /**
   * Whether the shard holds more than two big segments (each a twentieth of its postings or
   * more): what a build that spilt to disk leaves, worth one merge into a single segment
   * (ShardPersistence.rebase). The small segments of edits never add up to it.
   */
  get needsRebase(): boolean {
    const total = this.segments.reduce((n, s) => n + s.postingCount, 0);
    return this.segments.filter((s) => s.postingCount >= total / 20).length > 2;
  }

  /** Whether settle() has anything to merge (an edit of a few files usually has not). */
  get needsSettle(): boolean {
    const pending = this.pendingDocs ? 1 : 0;
    if (this.segments.length + pending < 2) return false;
    if (this.segments.some((seg) => seg.onDisk)) return this.segments.filter((seg) => !seg.onDisk).length + pending >= 2;
    return true;
  }

  /** settle() as work that yields (see slices.ts); the shard must not change meanwhile. */
  *settleSteps(): Steps<void> {
    this.seal();
    if (this.segments.length < 2) return;
    if (this.segments.some((seg) => seg.onDisk)) {
      const inMemory = this.segments.filter((seg) => !seg.onDisk);
      if (inMemory.length < 2) return;
      const merged = yield* mergeSteps(inMemory);
      this.segments = [...this.segments.filter((seg) => seg.onDisk), merged];
      return;
    }
    const total = this.segments.reduce((n, s) => n + s.postingCount, 0);
    const largest = Math.max(...this.segments.map((s) => s.postingCount));
    if (total - largest > total * 0.1) yield* this.compactSteps();
  }

  /** One segment, no deleted documents, texts in UTF-8 buffers. */
  compact(): void {
    runNow(this.compactSteps());
  }

  /**
   * compact() as work that yields (see slices.ts); the shard must not change meanwhile. Until
   * its last step the shard answers from what it was; the new store and segment replace the old
   * ones at once (and the version changes, so a query between its rounds asks again).
   */
  *compactSteps(): Steps<void> {
    this.seal();
    if (this.segments.length <= 1 && this.liveCount === this.store.count && this.store.isCompact()) return;
    const { store, remap } = yield* this.store.compactSteps();
    const segments = this.segments.length || store.count ? [yield* mergeSteps(this.segments, remap)] : [];
    const counted = yield* countSteps(store);
    this.segments = segments;
    this.store = store;
    this.version = ++versions;
    Object.assign(this, counted);
  }

  private recount(): void {
    Object.assign(this, runNow(countSteps(this.store)));
  }

  /** Round 1 (shard-query.ts). */
  expand(specs: TermSpec[]): ExpandReply {
    this.seal();
    return expand(this, specs);
  }

  /** Round 2 (shard-query.ts). */
  execute(req: ExecuteRequest): ShardTop {
    this.seal();
    const n = this.store.count;
    if (this.scratch.length < n) {
      this.scratch = new Float64Array(n + 1024);
      this.counter = new Uint8Array(n + 1024);
      this.touched = new Uint32Array(((n + 1024) >>> 5) + 1);
    }
    return execute(this, req);
  }

  /** Round 3 (shard-hits.ts). */
  hits(req: HitsRequest): SearchHit[] {
    if (req.version !== this.version) throw new StaleError();
    return shardHits(this, req);
  }
}

/** A store's owners' ranges, live documents and field lengths. */
function* countSteps(s: DocStore): Steps<Pick<Shard, 'owners' | 'fieldLength' | 'liveCount'>> {
  const owners = new Map<string, [number, number]>();
  let liveCount = 0;
  let len0 = 0;
  let len1 = 0;
  let len2 = 0;
  const [l0, l1, l2] = [s.col('len0'), s.col('len1'), s.col('len2')];
  const alive = s.alive.data;
  const n = s.count;
  // An owner's documents are contiguous: look its range up only where the owner changes.
  let id = -1;
  let range: [number, number] = [0, 0];
  for (let from = 0; from < n; from += 16384) {
    const to = Math.min(n, from + 16384);
    const owners_ = s.cold.owner.range(from, to);
    for (let d = from; d < to; d++) {
      if (!alive[d]) continue;
      liveCount++;
      len0 += l0[d]!;
      len1 += l1[d]!;
      len2 += l2[d]!;
      if (owners_[d - from] !== id) {
        id = owners_[d - from]!;
        const name = s.strings.get(id);
        const known = owners.get(name);
        if (known) range = known;
        else owners.set(name, (range = [d, d + 1]));
      }
      range[1] = d + 1;
    }
    yield;
  }
  return { owners, fieldLength: [len0, len1, len2], liveCount };
}
