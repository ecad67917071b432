/**
 * The persisted form of a shard: a base file and the deltas written after it. Layout of each:
 * "SBSHARD1", a u32 header length, a small JSON header (format, doc range, the interned-string
 * table, the section table), then 8-byte-aligned sections that become typed arrays (doc columns,
 * per-field postings per segment, the dead documents below the file's range) or are decoded once
 * (the '\n'-joined dictionary of each segment), and the passage texts as several UTF-8 sections.
 *
 * Written section by section and read section by section through a FileHandle: no string or
 * buffer ever holds the whole file, and a worker answers queries between two writes.
 *
 * A base holds documents [0, docCount); a delta holds documents [firstDoc, firstDoc + docCount)
 * (numbered as in the shard when it was written), the postings of those documents, and every
 * document of the shard deleted by then (`dead`, below firstDoc + docCount). Restoring loads the base and applies each
 * delta in order.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { COLD_COLUMNS, COLUMNS, DocStore, HOT_COLUMNS, type ColdColumnName, type Column } from './doc-store';
import { FIELD_COUNT, Segment, type FieldPostings } from './segment';
import { Shard } from './shard';
import { runNow, type Slicer, type Steps } from './slices';
import { diskPostings, FileText, isStreamed, TextFile, type Streamed } from './text-blocks';

const MAGIC = 'SBSHARD1';
export const SHARD_FORMAT = 3;
/** Reads and writes go through pieces of at most this size. */
const IO_PIECE = 16 * 1024 * 1024;
/** Documents per piece when a column is written. */
const COLUMN_RUN = 65536;

interface Section { name: string; offset: number; length: number }
interface Header { format: number; firstDoc: number; docCount: number; segments: number; ranges: Array<[number, number]>; textChunks: number; strings: string[]; sections: Section[] }

export class ShardFormatError extends Error {}

/** What one file holds: documents from `firstDoc` on, their segments and the deaths below `firstDoc`. */
export interface ShardPiece { firstDoc: number; store: DocStore; segments: Segment[]; dead: Uint32Array }

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Writes `piece` to `file` (a new name: the manifest written afterwards makes it current).
 * `store` must hold only UTF-8 chunks for the documents in the piece (see sliceStore).
 */
/** What a written file holds where: absolute positions of its text sections, and of every section by name. */
export interface WrittenShard { size: number; texts: Array<{ offset: number; length: number }>; at: Map<string, number> }

export async function writeShardFile(file: string, piece: ShardPiece, slicer?: Slicer): Promise<WrittenShard> {
  const { store, segments, dead } = piece;
  const parts: Array<[string, Uint8Array | Streamed | Buffer[]]> = [];
  const add = (name: string, a: ArrayBufferView | Streamed | Buffer[]) => parts.push([name, isStreamed(a) || Array.isArray(a) ? a : bytesOf(a)]);
  // Columns in runs of documents: a shard's cold columns are on disk, read as they are written.
  for (const c of COLUMNS) add(`col:${c}`, { length: store.count * 4, *pieces() { for (let d = 0; d < store.count; d += COLUMN_RUN) yield bytesOf(store.range(c, d, Math.min(store.count, d + COLUMN_RUN))); } });
  const terms: Buffer[][] = [];
  const encode = function* (): Steps<void> {
    for (const seg of segments) { terms.push(yield* termBytes(seg.terms)); }
  };
  if (slicer) await slicer.run(encode()); else runNow(encode());
  segments.forEach((seg, s) => {
    seg.fields.forEach((f, i) => {
      add(`${s}:offsets:${i}`, f.offsets);
      // Postings still on disk (an older file's) are copied piece by piece, never read whole.
      add(`${s}:docs:${i}`, f.sections ? f.sections.docs : f.docs);
      add(`${s}:tfs:${i}`, f.sections ? f.sections.tfs : f.tfs);
      const sigs = f.sections ? f.sections.sigs : f.sigs;
      if (sigs) add(`${s}:sigs:${i}`, sigs);
    });
    add(`${s}:terms`, terms[s]!);
  });
  store.chunks.forEach((c, i) => add(`text:${i}`, typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
  const length = (x: Uint8Array | Streamed | Buffer[]) => (isStreamed(x) ? x.length : Array.isArray(x) ? x.reduce((n, b) => n + b.length, 0) : x.byteLength);
  add('dead', dead);
  const sections: Section[] = [];
  let offset = 0;
  for (const [name, bytes] of parts) {
    sections.push({ name, offset, length: length(bytes) });
    offset += Math.ceil(length(bytes) / 8) * 8;
  }
  const header: Header = { format: SHARD_FORMAT, firstDoc: piece.firstDoc, docCount: store.count, segments: segments.length, ranges: segments.map((seg) => seg.docRange()), textChunks: store.chunks.length, strings: store.strings.list, sections };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const base = Math.ceil((MAGIC.length + 4 + headerBytes.length) / 8) * 8;
  const head = Buffer.alloc(base);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(head, MAGIC.length + 4);
  const fh = await open(file, 'w');
  let size: number;
  try {
    // One write in flight while the next piece is made (read from an older file, merged,
    // encoded): the worker's thread and the disk work side by side, two pieces in memory at most.
    let pending: Promise<void> = writeAll(fh, head, 0);
    const write = async (piece: Uint8Array, at: number) => {
      await pending;
      pending = writeAll(fh, piece, at);
      pending.catch(() => undefined);
    };
    for (let i = 0; i < parts.length; i++) {
      const bytes = parts[i]![1];
      let at = base + sections[i]!.offset;
      // A section still on disk (an older file's) is copied over piece by piece.
      const pieces = isStreamed(bytes) ? bytes.pieces() : Array.isArray(bytes) ? bytes : [bytes];
      const end = at + sections[i]!.length;
      for (const p of pieces) { await write(p, at); at += p.length; await slicer?.due(); }
      if (at !== end) throw new Error(`index section ${parts[i]![0]} wrote ${at - end + sections[i]!.length} of ${sections[i]!.length} bytes`);
    }
    await pending;
    await fh.sync();
    size = (await fh.stat()).size;
  } finally {
    await fh.close();
  }
  const texts = sections.filter((x) => x.name.startsWith('text:')).map((x) => ({ offset: base + x.offset, length: x.length }));
  return { size, texts, at: new Map(sections.map((x) => [x.name, base + x.offset])) };
}

/** A sorted dictionary as '\n'-joined UTF-8, in pieces of a few thousand terms. */
function* termBytes(terms: string[]): Steps<Buffer[]> {
  const out: Buffer[] = [];
  const PIECE = 8192;
  for (let i = 0; i < terms.length; i += PIECE) {
    const last = i + PIECE >= terms.length;
    out.push(Buffer.from(terms.slice(i, i + PIECE).join('\n') + (last ? '' : '\n'), 'utf8'));
    yield;
  }
  return out;
}

async function writeAll(fh: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(IO_PIECE, bytes.length - at);
    const { bytesWritten } = await fh.write(bytes, at, n, position + at);
    at += bytesWritten;
  }
}

async function readExactly(fh: FileHandle, target: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < target.length;) {
    const { bytesRead } = await fh.read(target, at, Math.min(IO_PIECE, target.length - at), position + at);
    if (bytesRead === 0) throw new ShardFormatError('index shard is truncated');
    at += bytesRead;
  }
}

/** Reads one file, each section into its own (aligned) memory, except the passage texts: those are read from the file as needed. */
export async function readShardFile(file: string): Promise<ShardPiece> {
  const fh = await open(file, 'r');
  try {
    const lead = Buffer.alloc(MAGIC.length + 4);
    await readExactly(fh, lead, 0);
    if (lead.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new ShardFormatError('not a Sourcebook index shard');
    const headerLength = lead.readUInt32LE(MAGIC.length);
    const headerBytes = Buffer.alloc(headerLength);
    await readExactly(fh, headerBytes, lead.length);
    const header = JSON.parse(headerBytes.toString('utf8')) as Header;
    if (header.format !== SHARD_FORMAT) throw new ShardFormatError(`index format ${header.format}, expected ${SHARD_FORMAT}`);
    const base = Math.ceil((lead.length + headerLength) / 8) * 8;
    const sections = new Map(header.sections.map((s) => [s.name, s]));
    const raw = async (name: string): Promise<Buffer> => {
      const s = sections.get(name);
      if (!s) throw new ShardFormatError(`index shard lacks ${name}`);
      // A fresh ArrayBuffer per section: aligned for typed-array views, and freed on its own.
      const buf = Buffer.from(new ArrayBuffer(s.length));
      await readExactly(fh, buf, base + s.offset);
      return buf;
    };
    const u32 = async (name: string) => { const b = await raw(name); return new Uint32Array(b.buffer, b.byteOffset, b.length / 4); };
    const u16 = async (name: string) => { const b = await raw(name); return new Uint16Array(b.buffer, b.byteOffset, b.length / 2); };
    // Only the columns every query reads come into memory; the others are read by offset.
    const cols: Partial<Record<Column, Uint32Array | Uint16Array>> = {};
    // Narrowed to 16 bits as they are read, in pieces: no 32-bit copy of a column is left for the GC.
    const narrow = async (name: string) => {
      const s = sections.get(name);
      if (!s) throw new ShardFormatError(`index shard lacks ${name}`);
      const out = new Uint16Array(s.length / 4);
      const piece = Buffer.alloc(Math.min(s.length, 256 * 1024));
      for (let at = 0; at < s.length; at += piece.length) {
        const part = piece.subarray(0, Math.min(piece.length, s.length - at));
        await readExactly(fh, part, base + s.offset + at);
        const values = new Uint32Array(part.buffer, part.byteOffset, part.length / 4);
        for (let i = 0; i < values.length; i++) out[at / 4 + i] = values[i]!;
      }
      return out;
    };
    for (const c of HOT_COLUMNS) cols[c] = await narrow(`col:${c}`);
    const chunks: FileText[] = [];
    const textFile = header.docCount || header.segments ? new TextFile(file) : null;
    const at = (name: string) => { const x = sections.get(name); if (!x) throw new ShardFormatError(`index shard lacks ${name}`); return base + x.offset; };
    const disk = textFile ? { file: textFile, at: Object.fromEntries(COLD_COLUMNS.map((c) => [c, at(`col:${c}`)])) as Record<ColdColumnName, number> } : undefined;
    for (let i = 0; i < header.textChunks; i++) {
      const sec = sections.get(`text:${i}`);
      if (!sec) throw new ShardFormatError(`index shard lacks text:${i}`);
      chunks.push(new FileText(textFile!, base + sec.offset, sec.length));
    }
    const store = new DocStore({ strings: header.strings, cols, alive: new Uint8Array(header.docCount).fill(1), chunks, disk });
    // Postings stay on disk: only the dictionary and the offsets are read.
    const segments: Segment[] = [];
    const postingsFile = textFile;
    for (let s = 0; s < header.segments; s++) {
      const fields: FieldPostings[] = [];
      for (let i = 0; i < FIELD_COUNT; i++) {
        // (Signatures are absent in files written before they existed: phrases then skip that filter.)
        const sigs = sections.has(`${s}:sigs:${i}`) ? at(`${s}:sigs:${i}`) : undefined;
        fields.push(diskPostings(postingsFile!, await u32(`${s}:offsets:${i}`), at(`${s}:docs:${i}`), at(`${s}:tfs:${i}`), sigs));
      }
      const terms = (await raw(`${s}:terms`)).toString('utf8');
      segments.push(new Segment(terms ? terms.split('\n') : [], fields, header.ranges?.[s]));
    }
    return { firstDoc: header.firstDoc, store, segments, dead: await u32('dead') };
  } finally {
    await fh.close();
  }
}

/** The shard persisted as `files` (a base, then its deltas in order), and its document count after each file. */
export async function readShard(files: string[]): Promise<{ shard: Shard; counts: number[] }> {
  const [first, ...rest] = files;
  if (!first) return { shard: new Shard(), counts: [] };
  const piece = await readShardFile(first);
  if (piece.firstDoc !== 0) throw new ShardFormatError('the first index file is not a base');
  const store = piece.store;
  // (A base written by a rebase keeps the shard's deleted documents: they are not renumbered away.)
  for (const d of piece.dead) if (d < store.count) store.alive.data[d] = 0;
  const segments = [...piece.segments];
  const counts = [store.count];
  for (const file of rest) {
    const delta = await readShardFile(file);
    if (delta.firstDoc !== store.count) throw new ShardFormatError(`index delta starts at document ${delta.firstDoc}, expected ${store.count}`);
    store.append(delta.store);
    for (const d of delta.dead) if (d < store.count) store.alive.data[d] = 0;
    segments.push(...delta.segments);
    counts.push(store.count);
  }
  return { shard: Shard.restored(store, segments), counts };
}
