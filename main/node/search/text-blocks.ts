/**
 * Passage texts read from the shard files on demand instead of held in memory: a text section is
 * a `FileText` (file, offset, length), read by offset in fixed-size blocks through one bounded
 * least-recently-used cache per worker (pooled: evicted blocks' buffers are reused). Reads are
 * synchronous (`readSync` on a descriptor kept open): they run in the index worker, never on the
 * app's main thread, and keep phrase checks and snippets simple loops. On Linux and macOS a file
 * stays readable through its descriptor after a newer generation of the index deleted it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const BLOCK = 16 * 1024;
const CACHE_BYTES = (Number(process.env.SOURCEBOOK_TEXT_CACHE_MB) || 32) * 1024 * 1024;

/** An open shard file whose text sections are read on demand. */
export class TextFile {
  private fd: number | null;
  constructor(readonly path: string) { this.fd = openSync(path, 'r'); openFiles.add(this); }
  get descriptor(): number {
    if (this.fd === null) throw new Error(`index file ${this.path} was closed`);
    return this.fd;
  }
  close(): void { if (this.fd !== null) { closeSync(this.fd); this.fd = null; } openFiles.delete(this); }
}

const openFiles = new Set<TextFile>();

/** Closes every open shard file that no store reads texts from and no segment reads postings from (a replaced or merged shard's). */
export function closeUnusedTextFiles(stores: Array<{ chunks: unknown[]; files?(): Iterable<TextFile> }>, segments: Array<{ fields: unknown[] }> = []): void {
  const used = new Set<TextFile>();
  for (const s of stores) for (const c of s.chunks) if (c instanceof FileText) used.add(c.file);
  for (const s of stores) for (const f of s.files?.() ?? []) used.add(f);
  for (const seg of segments) for (const f of seg.fields) { const file = (f as { file?: unknown }).file; if (file instanceof TextFile) used.add(file); }
  for (const f of [...openFiles]) if (!used.has(f)) { cache.forget(f); f.close(); }
}

/** Bytes written section by section without being held whole: a section of an older file, or bytes made as they are written. */
export interface Streamed { readonly length: number; pieces(): Iterable<Uint8Array> }

export const isStreamed = (x: unknown): x is Streamed => typeof (x as Streamed | null)?.pieces === 'function';

/** One text section of a shard file: `length` bytes of UTF-8 at `offset`. */
export class FileText implements Streamed {
  constructor(readonly file: TextFile, readonly offset: number, readonly length: number) {}

  /** Bytes [a, b) of the section, decoded. */
  text(a: number, b: number): string {
    return cache.read(this.file, this.offset + a, b - a).toString('utf8');
  }

  /** The whole section in pieces of at most `piece` bytes (for copying it into a new file). */
  *pieces(piece = 1024 * 1024): Generator<Buffer> {
    for (let at = 0; at < this.length; at += piece) {
      const n = Math.min(piece, this.length - at);
      const buf = Buffer.allocUnsafe(n);
      readFully(this.file.descriptor, buf, this.offset + at);
      yield buf;
    }
  }
}

/** `length` bytes at `position` of `file`, through the block cache, in fresh memory of their own (aligned for typed arrays). */
export function readBytes(file: TextFile, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  // A long run (a common word's postings) is read in one call, past the cache: copying it block
  // by block cost more than the read, and it would evict every block the next queries need.
  if (length >= DIRECT_READ) readFully(file.descriptor, Buffer.from(out.buffer, out.byteOffset, out.byteLength), position);
  else if (length) out.set(cache.read(file, position, length));
  return out;
}

/** Reads at least this long skip the block cache (see readBytes). */
const DIRECT_READ = 256 * 1024;

/**
 * One field's postings of a segment on disk: the offsets in memory, docs and tfs read by
 * offset. `docs`/`tfs` read the whole section each time they are asked for (a merge or a write);
 * queries use `read` for one term's range.
 */
export function diskPostings(file: TextFile, offsets: Uint32Array, docsAt: number, tfsAt: number, sigsAt?: number): { file: TextFile; offsets: Uint32Array; docs: Uint32Array; tfs: Uint16Array; sigs?: Uint32Array; sections: { docs: FileText; tfs: FileText; sigs?: FileText }; read(from: number, to: number, withTfs?: boolean): { docs: Uint32Array; tfs: Uint16Array; sigs?: Uint32Array } } {
  const n = offsets[offsets.length - 1]!;
  const sections = { docs: new FileText(file, docsAt, n * 4), tfs: new FileText(file, tfsAt, n * 2), sigs: sigsAt === undefined ? undefined : new FileText(file, sigsAt, n * 4) };
  const whole = (at: number, width: number) => {
    const buf = new Uint8Array(n * width);
    readFully(file.descriptor, Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), at);
    return buf.buffer;
  };
  return {
    file,
    offsets,
    sections,
    get docs() { return new Uint32Array(whole(docsAt, 4)); },
    get tfs() { return new Uint16Array(whole(tfsAt, 2)); },
    get sigs() { return sigsAt === undefined ? undefined : new Uint32Array(whole(sigsAt, 4)); },
    // Scoring wants term frequencies, the phrase filter signatures: never both (a common word's
    // signatures are megabytes a query).
    read(from: number, to: number, withTfs = true) {
      return {
        docs: new Uint32Array(readBytes(file, docsAt + from * 4, (to - from) * 4).buffer),
        tfs: withTfs ? new Uint16Array(readBytes(file, tfsAt + from * 2, (to - from) * 2).buffer) : new Uint16Array(0),
        sigs: sigsAt === undefined || withTfs ? undefined : new Uint32Array(readBytes(file, sigsAt + from * 4, (to - from) * 4).buffer),
      };
    },
  };
}

function readFully(fd: number, buf: Buffer, position: number): void {
  for (let at = 0; at < buf.length;) {
    const n = readSync(fd, buf, at, buf.length - at, position + at);
    if (n === 0) throw new Error('index file is truncated');
    at += n;
  }
}

class BlockCache {
  private readonly blocks = new Map<string, Buffer>();
  private readonly spare: Buffer[] = [];
  private bytes = 0;
  hits = 0;
  misses = 0;
  /** The block `u32` read last (column reads come in runs of neighbouring documents). */
  private memoFile: TextFile | null = null;
  private memoN = -1;
  private memoBlock: Buffer | null = null;

  /** The little-endian u32 at `position` (4-aligned, so within one block). */
  u32(file: TextFile, position: number): number {
    const n = Math.floor(position / BLOCK);
    if (this.memoFile !== file || this.memoN !== n) {
      const block = this.block(file, n);
      this.memoFile = file; this.memoN = n; this.memoBlock = block;
    }
    return this.memoBlock!.readUInt32LE(position - n * BLOCK);
  }

  read(file: TextFile, position: number, length: number): Buffer {
    const first = Math.floor(position / BLOCK);
    const last = Math.floor((position + length - 1) / BLOCK);
    if (length <= 0) return Buffer.alloc(0);
    if (first === last) {
      const block = this.block(file, first);
      return block.subarray(position - first * BLOCK, position - first * BLOCK + length);
    }
    const out = Buffer.allocUnsafe(length);
    for (let b = first, at = 0; b <= last; b++) {
      const block = this.block(file, b);
      const from = b === first ? position - first * BLOCK : 0;
      const to = Math.min(block.length, position + length - b * BLOCK);
      block.copy(out, at, from, to);
      at += to - from;
    }
    return out;
  }

  private block(file: TextFile, n: number): Buffer {
    const key = `${file.path}\u0000${n}`;
    const hit = this.blocks.get(key);
    if (hit) { this.blocks.delete(key); this.blocks.set(key, hit); this.hits++; return hit; }
    this.misses++;
    while (this.bytes + BLOCK > CACHE_BYTES && this.blocks.size) {
      this.memoFile = null;
      const [oldest, buf] = this.blocks.entries().next().value!;
      this.blocks.delete(oldest);
      this.bytes -= BLOCK;
      if (buf.length === BLOCK) this.spare.push(buf);
    }
    const buf = this.spare.pop() ?? Buffer.allocUnsafe(BLOCK);
    const n0 = readSync(file.descriptor, buf, 0, BLOCK, n * BLOCK);
    const block = n0 === BLOCK ? buf : buf.subarray(0, n0);
    this.blocks.set(key, block);
    this.bytes += BLOCK;
    return block;
  }

  /** Drops the blocks of files no longer used. */
  forget(file: TextFile): void {
    this.memoFile = null;
    const prefix = `${file.path}\u0000`;
    for (const [key, buf] of this.blocks) if (key.startsWith(prefix)) { this.blocks.delete(key); this.bytes -= BLOCK; if (buf.length === BLOCK) this.spare.push(buf); }
  }

  get size(): number { return this.bytes; }
}

const cache = new BlockCache();

/** The u32 at `position` of `file`, through the block cache (a column of a shard file, see columns.ts). */
export const readU32 = (file: TextFile, position: number): number => cache.u32(file, position);

/** `count` u32 values at `position` of `file`, read directly (bulk scans: not through the cache). */
export function readU32s(file: TextFile, position: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  if (count) readFully(file.descriptor, Buffer.from(out.buffer, out.byteOffset, out.byteLength), position);
  return out;
}

/** Bytes the worker's text cache holds now. */
export const textCacheBytes = () => cache.size;
