/**
 * What a shard knows about each document besides its postings: metadata as integer columns over
 * one table of interned strings (a book's path and title are stored once, not per passage), and
 * the passage texts outside the index, either as slices of the source's text (freshly indexed)
 * or as byte ranges of one UTF-8 buffer (after compaction or a restore: half the memory).
 */
import { GrowU16, GrowU32, GrowU8 } from './grow';
import { FIELD_COUNT } from './segment';
import { runNow, ticker, type Steps } from './slices';
import { ColdColumn } from './columns';
import { FileText, type TextFile } from './text-blocks';
import { detach } from './tokenize';
import type { SearchDoc } from './types';

export const KINDS = ['passage', 'note', 'quote'] as const;
export type TextChunk = string | Buffer | FileText;
export const NONE = 0xffffffff;

export class StringTable {
  readonly list: string[] = [];
  private ids = new Map<string, number>();
  /** `initial`: strings of their own (read from a file), kept without copying. */
  constructor(initial: string[] = []) {
    for (const s of initial) this.intern(s, true);
  }
  /** `own`: `s` pins no larger string (see detach), so it is kept as it is. */
  intern(s: string, own = false): number {
    let id = this.ids.get(s);
    if (id === undefined) { const kept = own ? s : detach(s); id = this.list.length; this.list.push(kept); this.ids.set(kept, id); }
    return id;
  }
  get(id: number): string { return this.list[id]!; }
}

/** Column names, in the order they are persisted. */
export const COLUMNS = [
  'owner', 'kind', 'sourceId', 'path', 'title', 'heading', 'color', 'annotationId', 'tags',
  'start', 'end', 'chunk', 'textStart', 'textEnd', 'len0', 'len1', 'len2',
] as const;
export type Column = (typeof COLUMNS)[number];
/** The columns holding ids into the string table (NONE where the document has no such value). */
const STRING_COLUMNS = ['owner', 'sourceId', 'path', 'title', 'heading', 'color', 'annotationId', 'tags'] as const;
/**
 * Read for every posting or candidate of a query: always in memory, 16 bits each (kind is 0–2,
 * field lengths are capped at 65,535 when added). The others are read from the shard files once
 * persisted (columns.ts). Files keep every column as 32 bits.
 */
export const HOT_COLUMNS = ['kind', 'len0', 'len1', 'len2'] as const;
export type HotColumn = (typeof HOT_COLUMNS)[number];
export type ColdColumnName = Exclude<Column, HotColumn>;
export const COLD_COLUMNS = COLUMNS.filter((c): c is ColdColumnName => !(HOT_COLUMNS as readonly string[]).includes(c));
const isString = (c: Column) => (STRING_COLUMNS as readonly string[]).includes(c);

export const TAG_SEPARATOR = '\u0000';

const toU16 = (v: Uint32Array | Uint16Array) => (v instanceof Uint16Array ? v : Uint16Array.from(v));

export class DocStore {
  strings: StringTable;
  hot: Record<HotColumn, GrowU16>;
  cold: Record<ColdColumnName, ColdColumn>;
  alive: GrowU8;
  /** Text chunks: strings (char offsets), UTF-8 buffers or UTF-8 sections of a shard file read on demand (byte offsets). */
  chunks: TextChunk[];

  /**
   * Columns are adopted as they are (no copy). `disk`: the cold columns are read from this
   * file (a restored one), at these positions, instead of `cols`.
   */
  constructor(init?: { strings: string[]; cols: Partial<Record<Column, Uint32Array | Uint16Array>>; alive: Uint8Array; chunks: TextChunk[]; disk?: { file: TextFile; at: Record<ColdColumnName, number> } }) {
    this.strings = new StringTable(init?.strings);
    this.hot = Object.fromEntries(HOT_COLUMNS.map((c) => [c, init ? GrowU16.wrap(toU16(init.cols[c]!)) : new GrowU16()])) as Record<HotColumn, GrowU16>;
    this.cold = Object.fromEntries(COLD_COLUMNS.map((c) => {
      if (!init?.disk) return [c, new ColdColumn(init?.cols[c] as Uint32Array | undefined)];
      const col = new ColdColumn();
      col.appendFile(init.alive.length, init.disk.file, init.disk.at[c]);
      return [c, col];
    })) as Record<ColdColumnName, ColdColumn>;
    this.alive = init ? GrowU8.wrap(init.alive) : new GrowU8();
    this.chunks = init?.chunks ?? [];
  }

  /** Documents ever added (live or deleted). Search hits carry no document id, so none is stored. */
  get count(): number { return this.alive.length; }

  private opt(s: string | undefined): number {
    return s === undefined || s === '' ? NONE : this.strings.intern(s);
  }

  /** Appends one document whose text is `chunk`[textStart, textEnd); returns its number. */
  add(doc: Omit<SearchDoc, 'text' | 'id'>, chunk: number, textStart: number, textEnd: number, lengths: number[]): number {
    const c = this.cold;
    const n = this.count;
    c.owner.push(this.strings.intern(doc.owner));
    this.hot.kind.push(KINDS.indexOf(doc.kind));
    c.sourceId.push(this.opt(doc.sourceId));
    c.path.push(this.strings.intern(doc.path));
    c.title.push(this.strings.intern(doc.title));
    c.heading.push(this.opt(doc.heading));
    c.color.push(this.opt(doc.color));
    c.annotationId.push(this.opt(doc.annotationId));
    c.tags.push(doc.tags.length ? this.strings.intern(doc.tags.join(TAG_SEPARATOR)) : NONE);
    c.start.push(doc.start);
    c.end.push(doc.end);
    c.chunk.push(chunk);
    c.textStart.push(textStart);
    c.textEnd.push(textEnd);
    for (let f = 0; f < FIELD_COUNT; f++) this.hot[`len${f}` as HotColumn].push(Math.min(lengths[f] ?? 0, 0xffff));
    this.alive.push(1);
    return n;
  }

  addChunk(text: string | Buffer): number {
    this.chunks.push(text);
    return this.chunks.length - 1;
  }

  /** A column every query reads, as an array. */
  col(name: HotColumn): Uint16Array { return this.hot[name].data; }

  /** One document's value in any column. */
  value(d: number, name: Column): number {
    return name in this.hot ? this.hot[name as HotColumn].data[d]! : this.cold[name as ColdColumnName].get(d);
  }

  /** Values of documents [from, to) of a column, fresh (bulk reads for merges, counts and writes). */
  range(name: Column, from: number, to: number): Uint32Array {
    return name in this.hot ? Uint32Array.from(this.hot[name as HotColumn].data.subarray(from, to)) : this.cold[name as ColdColumnName].range(from, to);
  }

  /** The files the cold columns are read from. */
  *files(): Iterable<TextFile> {
    for (const c of COLD_COLUMNS) yield* this.cold[c].files();
  }

  text(d: number): string {
    const c = this.cold;
    const chunk = this.chunks[c.chunk.get(d)]!;
    const a = c.textStart.get(d);
    const b = c.textEnd.get(d);
    return typeof chunk === 'string' ? chunk.slice(a, b) : chunk instanceof FileText ? chunk.text(a, b) : chunk.toString('utf8', a, b);
  }

  str(d: number, name: (typeof STRING_COLUMNS)[number]): string | undefined {
    const id = this.cold[name].get(d);
    return id === NONE ? undefined : this.strings.get(id);
  }

  /**
   * Documents [from, count) as a store of their own (numbered from 0), texts re-encoded into
   * UTF-8 chunks; deleted documents keep their place but not their text. What a delta persists.
   */
  slice(from: number, chunkBytes = textChunkBytes()): DocStore {
    return runNow(this.sliceSteps(from, chunkBytes));
  }

  /** slice() as work that yields (see slices.ts). */
  *sliceSteps(from: number, chunkBytes = textChunkBytes()): Steps<DocStore> {
    const tick = ticker(128);
    const n = this.count - from;
    const cols = Object.fromEntries(COLUMNS.map((c) => [c, this.range(c, from, this.count)])) as Record<Column, Uint32Array>;
    const strings = new StringTable();
    const reintern = (id: number) => (id === NONE ? NONE : strings.intern(this.strings.get(id)));
    const texts = new ChunkWriter(chunkBytes);
    for (let i = 0; i < n; i++) {
      const d = from + i;
      for (const c of STRING_COLUMNS) cols[c][i] = reintern(cols[c][i]!);
      const [chunk, a, b] = texts.add(this.alive.data[d] ? this.text(d) : '');
      cols.chunk[i] = chunk; cols.textStart[i] = a; cols.textEnd[i] = b;
      if (tick()) yield;
    }
    return new DocStore({ strings: strings.list, cols, alive: this.alive.data.slice(from, this.count), chunks: texts.finish() });
  }

  /**
   * Appends the documents of a restored delta after this store's: its hot columns in memory,
   * its cold ones read from its file (`other` was read with `disk`).
   */
  append(other: DocStore): void {
    const chunkBase = this.chunks.length;
    const remapString = Uint32Array.from(other.strings.list, (s) => this.strings.intern(s, true));
    for (const c of HOT_COLUMNS) this.hot[c].pushAll(other.hot[c].view());
    for (const c of COLD_COLUMNS) this.cold[c].appendColumn(other.cold[c], isString(c) ? remapString : undefined, c === 'chunk' ? chunkBase : 0);
    this.alive.pushAll(other.alive.view());
    this.chunks.push(...other.chunks);
  }

  /**
   * After documents [from, count) were written to `file` as `piece` (a store of their own, see
   * slice): their cold columns are read from there, their in-memory values let go. `chunkBase`:
   * where the piece's text chunks start among this store's.
   */
  movedTo(from: number, piece: DocStore, file: TextFile, at: Map<string, number>, chunkBase: number): void {
    // (The store itself, as a base: its string ids are already this store's.)
    const remapString = piece === this ? undefined : Uint32Array.from(piece.strings.list, (s) => this.strings.intern(s, true));
    for (const c of COLD_COLUMNS) this.cold[c].movedTo(from, file, at.get(`col:${c}`)!, isString(c) ? remapString : undefined, c === 'chunk' ? chunkBase : 0);
  }

  /** Text bytes held in memory (UTF-16 strings counted at 2 bytes a character; texts read from disk not at all). */
  get textBytes(): number {
    return this.chunks.reduce((n, c) => n + (typeof c === 'string' ? c.length * 2 : c instanceof FileText ? 0 : c.length), 0);
  }

  /** Whether every text is already in UTF-8 buffers (nothing for compact() to re-encode). */
  isCompact(): boolean {
    return this.chunks.every((c) => typeof c !== 'string');
  }

  /**
   * The live documents only, renumbered in order, their texts copied into UTF-8 buffers of at
   * most TEXT_CHUNK_BYTES each (never one string or buffer the size of the shard: V8 caps a string
   * at about 537 M characters). Returns the old → new numbering (NONE for dropped documents).
   */
  compact(chunkBytes = textChunkBytes()): { store: DocStore; remap: Uint32Array } {
    return runNow(this.compactSteps(chunkBytes));
  }

  /** compact() as work that yields (see slices.ts). */
  *compactSteps(chunkBytes = textChunkBytes()): Steps<{ store: DocStore; remap: Uint32Array }> {
    const tick = ticker(256);
    const n = this.count;
    const remap = new Uint32Array(n).fill(NONE);
    let live = 0;
    for (let d = 0; d < n; d++) if (this.alive.data[d]) remap[d] = live++;
    const cols = Object.fromEntries(COLUMNS.map((c) => [c, new Uint32Array(live)])) as Record<Column, Uint32Array>;
    const strings = new StringTable();
    const reintern = (id: number) => (id === NONE ? NONE : strings.intern(this.strings.get(id)));
    const texts = new ChunkWriter(chunkBytes);
    // Texts already on disk stay where they are (only their documents are renumbered); texts in
    // memory are packed into fresh UTF-8 buffers.
    const onDisk = new Map<FileText, number>();
    const kept: FileText[] = [];
    const BLOCK = 16384;
    for (let from = 0; from < n; from += BLOCK) {
      const to = Math.min(n, from + BLOCK);
      // Read in blocks (a restored store's columns are on disk).
      const block = Object.fromEntries(COLUMNS.map((c) => [c, this.range(c, from, to)])) as Record<Column, Uint32Array>;
      for (let d = from; d < to; d++) {
        if (tick()) yield;
        const i = remap[d]!;
        if (i === NONE) continue;
        const j = d - from;
        for (const c of COLUMNS) cols[c][i] = block[c][j]!;
        for (const c of STRING_COLUMNS) cols[c][i] = reintern(cols[c][i]!);
        const chunk = this.chunks[block.chunk[j]!]!;
        if (chunk instanceof FileText) {
          let k = onDisk.get(chunk);
          if (k === undefined) { k = kept.length; kept.push(chunk); onDisk.set(chunk, k); }
          cols.chunk[i] = -1 - k; // fixed below, once the in-memory chunks are counted
          continue;
        }
        const [at, a, b] = texts.add(this.text(d));
        cols.chunk[i] = at; cols.textStart[i] = a; cols.textEnd[i] = b;
      }
    }
    const packed = texts.finish();
    for (let i = 0; i < live; i++) { const c = cols.chunk[i]! | 0; if (c < 0) cols.chunk[i] = packed.length + (-1 - c); }
    const chunks: TextChunk[] = [...packed, ...kept];
    const store = new DocStore({ strings: strings.list, cols, alive: new Uint8Array(live).fill(1), chunks });
    return { store, remap };
  }
}

/** Packs texts into UTF-8 buffers of a bounded size; each text gets (chunk, start, end). */
class ChunkWriter {
  private readonly chunks: Buffer[] = [];
  private current = Buffer.allocUnsafe(0);
  private at = 0;
  constructor(private readonly chunkBytes: number) {}
  add(text: string): [number, number, number] {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.at + bytes > this.current.length) {
      this.close();
      this.current = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
    }
    this.current.write(text, this.at, 'utf8');
    const start = this.at;
    this.at += bytes;
    return [this.chunks.length, start, this.at];
  }
  private close(): void {
    // A copy of the filled part: the rest of a big allocation is not kept alive.
    if (this.at) this.chunks.push(Buffer.from(this.current.subarray(0, this.at)));
    this.current = Buffer.allocUnsafe(0);
    this.at = 0;
  }
  finish(): Buffer[] {
    this.close();
    return this.chunks;
  }
}

/** Passage texts are kept in UTF-8 buffers of this size (a test lowers it to cross many chunk boundaries). */
export function textChunkBytes(): number {
  return Number(process.env.SOURCEBOOK_TEXT_CHUNK_BYTES) || 64 * 1024 * 1024;
}
