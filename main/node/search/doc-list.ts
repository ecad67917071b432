/**
 * Sorted lists of (document, score) and the set operations queries are made of, plus top-k
 * selection. Documents ascend in every list, so AND, OR and NOT are linear merges.
 */

export interface DocList {
  docs: Uint32Array;
  scores: Float64Array;
  /** Phrase checks the documents still have to pass on their text (left lazy when possible). */
  checks: RegExp[];
}

export const EMPTY: DocList = { docs: new Uint32Array(0), scores: new Float64Array(0), checks: [] };

/** First position in docs[from..to) holding a doc >= `d` (galloping: candidates arrive in order). */
export function seekDoc(docs: Uint32Array, d: number, from: number, to: number): number {
  if (from >= to || docs[from]! >= d) return from;
  let lo = from;
  let step = 1;
  while (lo + step < to && docs[lo + step]! < d) { lo += step; step *= 2; }
  let hi = Math.min(to, lo + step + 1);
  lo++;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (docs[mid]! < d) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Appends (document, score) pairs in ascending document order into typed arrays that grow. */
export class DocListBuilder {
  private docs: Uint32Array;
  private scores: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.docs = new Uint32Array(Math.max(16, capacity));
    this.scores = new Float64Array(this.docs.length);
  }
  push(d: number, score: number): void {
    if (this.size === this.docs.length) {
      const docs = new Uint32Array(this.size * 2);
      const scores = new Float64Array(this.size * 2);
      docs.set(this.docs); scores.set(this.scores);
      this.docs = docs; this.scores = scores;
    }
    this.docs[this.size] = d;
    this.scores[this.size++] = score;
  }
  list(checks: RegExp[] = []): DocList {
    return { docs: this.docs.subarray(0, this.size), scores: this.scores.subarray(0, this.size), checks };
  }
}

export function filterList(list: DocList, keep: (d: number) => boolean): DocList {
  const docs: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < list.docs.length; i++) if (keep(list.docs[i]!)) { docs.push(list.docs[i]!); scores.push(list.scores[i]!); }
  return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores), checks: list.checks };
}

export function intersect(a: DocList, b: DocList): DocList {
  const out = new DocListBuilder(Math.min(a.docs.length, b.docs.length, 1 << 16));
  const ad = a.docs;
  const bd = b.docs;
  let i = 0;
  let j = 0;
  while (i < ad.length && j < bd.length) {
    const x = ad[i]!;
    const y = bd[j]!;
    if (x === y) { out.push(x, a.scores[i]! + b.scores[j]!); i++; j++; } else if (x < y) i++; else j++;
  }
  return out.list([...a.checks, ...b.checks]);
}

export function union(a: DocList, b: DocList): DocList {
  const docs: number[] = [];
  const scores: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? a.docs[i]! : Infinity;
    const y = j < b.docs.length ? b.docs[j]! : Infinity;
    if (x === y) { docs.push(x); scores.push(a.scores[i]! + b.scores[j]!); i++; j++; } else if (x < y) { docs.push(x); scores.push(a.scores[i++]!); } else { docs.push(y); scores.push(b.scores[j++]!); }
  }
  return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores), checks: [] };
}

export function subtract(a: DocList, b: DocList): DocList {
  let j = 0;
  return filterList(a, (d) => {
    while (j < b.docs.length && b.docs[j]! < d) j++;
    return !(j < b.docs.length && b.docs[j] === d);
  });
}

/** Is entry a ranked before entry b? Higher score first, then lower doc number (stable pages). */
const before = (scores: Float64Array, docs: Uint32Array, a: number, b: number) =>
  scores[a]! > scores[b]! || (scores[a] === scores[b] && docs[a]! < docs[b]!);

/** Indexes of the `k` best entries, best first (a bounded min-heap: O(n log k)). */
export function topIndexes(scores: Float64Array, docs: Uint32Array, k: number): number[] {
  const n = scores.length;
  const byRank = (a: number, b: number) => (before(scores, docs, a, b) ? -1 : 1);
  if (n <= k) return Array.from({ length: n }, (_, i) => i).sort(byRank);
  const heap = new Uint32Array(k); // root = the worst of the best k
  let size = 0;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i;
      if (l < size && before(scores, docs, heap[m]!, heap[l]!)) m = l;
      if (r < size && before(scores, docs, heap[m]!, heap[r]!)) m = r;
      if (m === i) return;
      const t = heap[i]!; heap[i] = heap[m]!; heap[m] = t; i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < k) {
      let c = size++;
      heap[c] = i;
      while (c > 0) { const p = (c - 1) >> 1; if (!before(scores, docs, heap[p]!, heap[c]!)) break; const t = heap[c]!; heap[c] = heap[p]!; heap[p] = t; c = p; }
    } else if (before(scores, docs, i, heap[0]!)) { heap[0] = i; down(0); }
  }
  return Array.from(heap).sort(byRank);
}

/** A max-heap over entry indexes, built in O(n): pops entries best first. */
export class MaxHeap {
  private h: Uint32Array;
  size: number;
  constructor(private readonly scores: Float64Array, private readonly docs: Uint32Array) {
    const n = scores.length;
    this.h = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.h[i] = i;
    this.size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }
  pop(): number {
    const top = this.h[0]!;
    this.h[0] = this.h[--this.size]!;
    this.down(0);
    return top;
  }
  private down(i: number): void {
    const h = this.h;
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i;
      if (l < this.size && before(this.scores, this.docs, h[l]!, h[m]!)) m = l;
      if (r < this.size && before(this.scores, this.docs, h[r]!, h[m]!)) m = r;
      if (m === i) return;
      const t = h[i]!; h[i] = h[m]!; h[m] = t; i = m;
    }
  }
}

