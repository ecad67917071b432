/**
 * Segments merged into one as they are written, never held whole: the merged dictionary and its
 * offsets are made in memory (a few bytes a term), and each postings section of the result is
 * produced piece by piece while the shard file is written, from sequential reads of the input
 * segments' sections (on disk or in memory). Inputs cover ascending, disjoint document runs, so
 * a term's merged postings are its postings in each input, one after the other; no document is
 * renumbered or dropped (a compaction does that, shard.ts).
 */
import { FIELD_COUNT, Segment, unionDictionary, type FieldPostings } from './segment';
import { ticker, type Steps } from './slices';
import type { Streamed } from './text-blocks';

/** Bytes a produced piece holds. */
const OUT_PIECE = 1024 * 1024;

type Kind = 'docs' | 'tfs' | 'sigs';
const WIDTH: Record<Kind, number> = { docs: 4, tfs: 2, sigs: 4 };

/** A segment whose postings sections are made while they are written (see writeShardFile); only for writing. */
export function* streamedMerge(segments: Segment[]): Steps<Segment> {
  const tick = ticker(4096);
  // maps[k][t]: where segment k's term t is in the merged dictionary.
  const { terms, maps } = yield* unionDictionary(segments, tick);
  const fields: FieldPostings[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) {
    const offsets = new Uint32Array(terms.length + 1);
    segments.forEach((s, k) => {
      const o = s.fields[f]!.offsets;
      const map = maps[k]!;
      for (let t = 0; t < map.length; t++) offsets[map[t]! + 1]! += o[t + 1]! - o[t]!;
    });
    for (let u = 0; u < terms.length; u++) offsets[u + 1]! += offsets[u]!;
    yield;
    const n = offsets[terms.length]!;
    const section = (kind: Kind): Streamed => ({ length: n * WIDTH[kind], pieces: () => mergedPieces(segments, maps, terms.length, f, kind) });
    const withSigs = segments.every((s) => (f === 0 ? s.hasSignatures : false));
    fields.push({
      offsets,
      // Never read as arrays: writeShardFile copies `sections`.
      docs: new Uint32Array(0),
      tfs: new Uint16Array(0),
      sections: { docs: section('docs'), tfs: section('tfs'), sigs: withSigs ? section('sigs') : undefined },
    });
  }
  const ranges = segments.map((s) => s.docRange()).filter(([lo, hi]) => hi >= lo);
  const range: [number, number] = ranges.length ? [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))] : [Infinity, -1];
  return new Segment(terms, fields, range);
}

/** One postings section of the merged segment, made in pieces from each input's section read in order. */
function* mergedPieces(segments: Segment[], maps: Uint32Array[], termCount: number, f: number, kind: Kind): Generator<Uint8Array> {
  const width = WIDTH[kind];
  const readers = segments.map((s) => new SectionReader(bytesOfSection(s.fields[f]!, kind)));
  const next = new Uint32Array(segments.length);
  let out = new Uint8Array(OUT_PIECE);
  let at = 0;
  for (let u = 0; u < termCount; u++) {
    for (let k = 0; k < segments.length; k++) {
      const t = next[k]!;
      if (t >= maps[k]!.length || maps[k]![t] !== u) continue;
      next[k] = t + 1;
      const o = segments[k]!.fields[f]!.offsets;
      let bytes = (o[t + 1]! - o[t]!) * width;
      while (bytes > 0) {
        if (at === out.length) { yield out; out = new Uint8Array(OUT_PIECE); at = 0; }
        const n = Math.min(bytes, out.length - at);
        readers[k]!.take(out, at, n);
        at += n;
        bytes -= n;
      }
    }
  }
  if (at) yield out.subarray(0, at);
}

/** An input section as bytes: its section on disk, or its array in memory. */
function bytesOfSection(fp: FieldPostings, kind: Kind): Streamed | Uint8Array {
  const onDisk = fp.sections?.[kind];
  if (onDisk) return onDisk;
  const a = fp[kind];
  if (!a) throw new Error(`disk merge: an input lacks its ${kind}`);
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Reads a section front to back in pieces. */
class SectionReader {
  private piece: Uint8Array = new Uint8Array(0);
  private at = 0;
  private readonly source: Iterator<Uint8Array> | null;
  constructor(input: Streamed | Uint8Array) {
    if (input instanceof Uint8Array) { this.piece = input; this.source = null; } else this.source = input.pieces()[Symbol.iterator]();
  }

  /** Copies the next `n` bytes into `out` at `to`. */
  take(out: Uint8Array, to: number, n: number): void {
    while (n > 0) {
      if (this.at === this.piece.length) {
        const r = this.source?.next();
        if (!r || r.done) throw new Error('disk merge: an input section ended early');
        this.piece = r.value;
        this.at = 0;
      }
      const m = Math.min(n, this.piece.length - this.at);
      out.set(this.piece.subarray(this.at, this.at + m), to);
      this.at += m;
      to += m;
      n -= m;
    }
  }
}
