/**
 * A per-document column whose values may live in a shard file: documents up to some point are
 * read by offset from the `col:` sections of the files they were persisted in (through the block
 * cache), later ones are in memory. A restored shard holds none of these values on the heap, so
 * its memory does not grow with the number of passages for them; only the columns every query
 * reads for every matching posting (field lengths, kind, alive) stay in memory (doc-store.ts).
 */
import { GrowU32 } from './grow';
import { readU32, readU32s, type TextFile } from './text-blocks';

const NONE = 0xffffffff;

/** Documents [first, first + count): in memory, or at `at` in `file`, each value then mapped (a file's string ids into the shard's; NONE stays NONE) or offset. */
interface Piece { first: number; count: number; values?: Uint32Array; file?: TextFile; at?: number; map?: Uint32Array; add: number }

export class ColdColumn {
  private pieces: Piece[] = [];
  /** Documents before `tailFirst` are in pieces, the rest in `tail`. */
  private tailFirst = 0;
  private tail: GrowU32;
  private last: Piece | null = null;

  constructor(values?: Uint32Array) {
    this.tail = values ? GrowU32.wrap(values) : new GrowU32();
  }

  get length(): number { return this.tailFirst + this.tail.length; }

  get(d: number): number {
    if (d >= this.tailFirst) return this.tail.data[d - this.tailFirst]!;
    let p = this.last;
    if (!p || d < p.first || d >= p.first + p.count) p = this.last = this.piece(d);
    const v = p.values ? p.values[d - p.first]! : readU32(p.file!, p.at! + (d - p.first) * 4);
    return p.map ? (v === NONE ? v : p.map[v]!) : v + p.add;
  }

  private piece(d: number): Piece {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.pieces[mid]!.first <= d) lo = mid;
      else hi = mid - 1;
    }
    return this.pieces[lo]!;
  }

  push(v: number): void { this.tail.push(v); }

  /** Values of documents [from, to), fresh. */
  range(from: number, to: number): Uint32Array {
    const out = new Uint32Array(Math.max(0, to - from));
    for (const p of this.pieces) {
      const a = Math.max(from, p.first);
      const b = Math.min(to, p.first + p.count);
      if (a >= b) continue;
      const raw = p.values ? p.values.subarray(a - p.first, b - p.first) : readU32s(p.file!, p.at! + (a - p.first) * 4, b - a);
      for (let i = 0; i < raw.length; i++) { const v = raw[i]!; out[a - from + i] = p.map ? (v === NONE ? v : p.map[v]!) : v + p.add; }
    }
    const a = Math.max(from, this.tailFirst);
    if (a < to) out.set(this.tail.data.subarray(a - this.tailFirst, to - this.tailFirst), a - from);
    return out;
  }

  /** Appends `count` documents read from `file` at `at` (a restored file's section), each value mapped through `map` and offset by `add`. */
  appendFile(count: number, file: TextFile, at: number, map?: Uint32Array, add = 0): void {
    if (!count) return;
    this.freezeTail();
    this.pieces.push({ first: this.tailFirst, count, file, at, map, add });
    this.tailFirst += count;
  }

  /** Appends every document of `other` (a restored file's column, read from disk), each value mapped through `map` and offset by `add`. */
  appendColumn(other: ColdColumn, map?: Uint32Array, add = 0): void {
    for (const p of other.pieces) {
      if (p.map || p.add) throw new Error('appendColumn: a column read from one file is expected');
      if (p.file) this.appendFile(p.count, p.file, p.at!, map, add);
      else for (const v of p.values!) this.tail.push(map ? (v === NONE ? v : map[v]!) : v + add);
    }
    for (let i = 0; i < other.tail.length; i++) { const v = other.tail.data[i]!; this.tail.push(map ? (v === NONE ? v : map[v]!) : v + add); }
  }

  /**
   * Documents [from, length) are now read from `file` at `at` (just written there, as a
   * store of their own whose values are mapped and offset as in appendFile); their values in
   * memory are let go.
   */
  movedTo(from: number, file: TextFile, at: number, map?: Uint32Array, add = 0): void {
    const length = this.length;
    if (from >= length) return;
    this.freezeTail();
    const kept: Piece[] = [];
    for (const p of this.pieces) {
      if (p.first >= from) continue;
      if (p.first + p.count <= from) { kept.push(p); continue; }
      const count = from - p.first;
      kept.push(p.values ? { ...p, count, values: p.values.subarray(0, count) } : { ...p, count });
    }
    kept.push({ first: from, count: length - from, file, at, map, add });
    this.pieces = kept;
    this.last = null;
  }

  /** The files the column reads from. */
  *files(): Iterable<TextFile> {
    for (const p of this.pieces) if (p.file) yield p.file;
  }

  /** The values in memory become a piece of their own, so a file's piece can follow. */
  private freezeTail(): void {
    if (this.tail.length) {
      this.pieces.push({ first: this.tailFirst, count: this.tail.length, values: this.tail.data.slice(0, this.tail.length), add: 0 });
      this.tailFirst += this.tail.length;
    }
    this.tail = new GrowU32();
    this.last = null;
  }
}
