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
    }
    if (--left > 0) next(step);
  };
  next(step);
}
