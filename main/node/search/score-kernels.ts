/**
 * The loops every query spends its time in (scoring a run of postings, reading a block's scores
 * back), as functions of typed arrays and numbers only, and `warmUpScoring`, which runs them on
 * made-up arrays once when a worker starts. A worker's first query after a restart otherwise ran
 * them in V8's interpreter until they were compiled: a common word's few hundred thousand
 * postings cost it 5–10× what they cost the next query. Taking only typed arrays, they are
 * compiled for exactly the types a real shard passes, whatever the shard's objects look like.
 */
import { DocListBuilder, intersect, seekDoc, topIndexes } from './doc-list';
import { bm25Norms, D, K1 } from './plan';

/**
 * Adds the BM25+ score of postings p.. of one run to `acc`, up to the first document >= `end`
 * (or `to`), skipping dead documents and, with `within`, documents outside that bitmap; marks
 * each scored document in `bits`. Returns where it stopped. `norm` is bm25Norms' table for the
 * field, so a score is bm25Plus's to the last bit.
 */
export function scoreRun(
  docs: Uint32Array, tfs: Uint16Array, p: number, to: number, end: number, weight: number,
  alive: Uint8Array, within: Uint32Array | null, bits: Uint32Array, acc: Float64Array, norm: Float64Array, len: Uint16Array,
): number {
  for (; p < to; p++) {
    const d = docs[p]!;
    if (d >= end) break;
    if (!alive[d] || (within !== null && (within[d >>> 5]! & (1 << (d & 31))) === 0)) continue;
    bits[d >>> 5]! |= 1 << (d & 31);
    const tf = tfs[p]!;
    acc[d]! += weight * (D + (tf * (K1 + 1)) / (tf + norm[len[d]!]!));
  }
  return p;
}

/**
 * Moves the scores of the documents marked in bits[fromWord..lastWord] into `out` (ascending)
 * and clears their marks and accumulators; with `count`, keeps only documents counted `need`
 * times or more (and clears their counts).
 */
export function drainBlock(bits: Uint32Array, acc: Float64Array, count: Uint8Array | null, need: number, fromWord: number, lastWord: number, out: DocListBuilder): void {
  for (let w = fromWord; w <= lastWord; w++) {
    let word = bits[w]!;
    if (word === 0) continue;
    bits[w] = 0;
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      word &= word - 1;
      const d = (w << 5) | bit;
      const s = acc[d]!;
      acc[d] = 0;
      if (count !== null) {
        const c = count[d]!;
        count[d] = 0;
        if (c < need) continue;
      }
      out.push(d, s);
    }
  }
}

/**
 * Adds to `acc` an upper bound of each live posting's score in [from, to), `bound[min(tf, last)]`
 * (a table by term frequency that holds for any length), and marks the documents in `bits`.
 */
export function boundRun(docs: Uint32Array, tfs: Uint16Array, from: number, to: number, bound: Float64Array, alive: Uint8Array, bits: Uint32Array, acc: Float64Array): void {
  const last = bound.length - 1;
  for (let p = from; p < to; p++) {
    const d = docs[p]!;
    if (!alive[d]) continue;
    bits[d >>> 5]! |= 1 << (d & 31);
    const tf = tfs[p]!;
    acc[d]! += bound[tf < last ? tf : last]!;
  }
}

/**
 * The k-th largest accumulator among the documents marked in bits[fromWord..lastWord] (0 when
 * fewer than k are marked), leaving marks and accumulators as they are. `heap` has room for k.
 */
export function kthLargest(bits: Uint32Array, acc: Float64Array, fromWord: number, lastWord: number, k: number, heap: Float64Array): number {
  let size = 0;
  for (let w = fromWord; w <= lastWord; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      word &= word - 1;
      const s = acc[(w << 5) | bit]!;
      if (size < k) {
        // Sift up: heap[0] is the smallest of the k largest so far.
        let c = size++;
        heap[c] = s;
        while (c > 0) { const p = (c - 1) >> 1; if (heap[p]! <= heap[c]!) break; const t = heap[c]!; heap[c] = heap[p]!; heap[p] = t; c = p; }
      } else if (s > heap[0]!) {
        heap[0] = s;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1; const r = l + 1; let m = i;
          if (l < size && heap[l]! < heap[m]!) m = l;
          if (r < size && heap[r]! < heap[m]!) m = r;
          if (m === i) break;
          const t = heap[i]!; heap[i] = heap[m]!; heap[m] = t; i = m;
        }
      }
    }
  }
  return size < k ? 0 : heap[0]!;
}

/**
 * Clears the marks and accumulators of bits[fromWord..lastWord] and returns how many documents
 * were marked; the marked documents whose accumulator reaches `floor` are written, ascending, to
 * `out.docs` (grown as needed) from `out.kept` on.
 */
export function drainCandidates(bits: Uint32Array, acc: Float64Array, fromWord: number, lastWord: number, floor: number, out: { docs: Uint32Array; kept: number }): number {
  let marked = 0;
  for (let w = fromWord; w <= lastWord; w++) {
    let word = bits[w]!;
    if (word === 0) continue;
    bits[w] = 0;
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      word &= word - 1;
      const d = (w << 5) | bit;
      marked++;
      const s = acc[d]!;
      acc[d] = 0;
      if (s < floor) continue;
      if (out.kept === out.docs.length) { const grown = new Uint32Array(out.docs.length * 2); grown.set(out.docs); out.docs = grown; }
      out.docs[out.kept++] = d;
    }
  }
  return marked;
}

/**
 * Runs the kernels above (and the list operations a query ends with) on made-up postings until V8
 * has compiled them: about 15 ms of a worker's time, in steps of about 1 ms at most, in `slices` steps, each handed to `next`
 * (setImmediate in a worker, so a request that arrives meanwhile is answered between two steps).
 */
export function warmUpScoring(next: (step: () => void) => void, slices = 40): void {
  const n = 1 << 13;
  const docs = new Uint32Array(n >>> 2);
  const tfs = new Uint16Array(docs.length);
  for (let i = 0; i < docs.length; i++) { docs[i] = i * 4 + (i % 3); tfs[i] = 1 + (i % 5); }
  const alive = new Uint8Array(n).fill(1);
  const within = new Uint32Array((n >>> 5) + 1).fill(0x55555555);
  const bits = new Uint32Array((n >>> 5) + 1);
  const acc = new Float64Array(n);
  const count = new Uint8Array(n);
  const len = new Uint16Array(n).fill(12);
  const norm = bm25Norms(20);
  const heap = new Float64Array(50);
  const bounds = new Float64Array([0, 2, 2.2, 2.4]);
  const out = { docs: new Uint32Array(16), kept: 0 };
  let left = slices;
  const step = () => {
    {
      const lists = [null, within].map((w) => {
        scoreRun(docs, tfs, 0, docs.length, n, 1.5, alive, w, bits, acc, norm, len);
        const out = new DocListBuilder(16);
        drainBlock(bits, acc, w ? count : null, 0, 0, (n - 1) >>> 5, out);
        return out.list();
      });
      const both = intersect(lists[0]!, lists[1]!);
      topIndexes(both.scores, both.docs, 50);
      for (let i = 0, p = 0; i < both.docs.length; i += 7) p = seekDoc(docs, both.docs[i]!, p, docs.length);
      // The bounded top of a lone word (word-top.ts): partial scores, their k-th best, the rest marked.
      scoreRun(docs, tfs, 0, docs.length >>> 1, n, 2.5, alive, null, bits, acc, norm, len);
      kthLargest(bits, acc, 0, (n - 1) >>> 5, 50, heap);
      boundRun(docs, tfs, docs.length >>> 1, docs.length, bounds, alive, bits, acc);
      drainCandidates(bits, acc, 0, (n - 1) >>> 5, 3, out);
    }
    out.kept = 0;
    if (--left > 0) next(step);
  };
  next(step);
}
