/**
 * What a shard knows about each document besides its postings: metadata as integer columns over
 * one table of interned strings (a book's path and title are stored once, not per passage), and
 * the passage texts outside the index, either as slices of the source's text (freshly indexed)
 * or as byte ranges of one UTF-8 buffer (after compaction or a restore: half the memory).
 */
import { GrowU32, GrowU8 } from './grow';
import { FIELD_COUNT } from './segment';
import { runNow, ticker, type Steps } from './slices';
import { FileText } from './text-blocks';
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

export const TAG_SEPARATOR = '\u0000';

export class DocStore {
  strings: StringTable;
  cols: Record<Column, GrowU32>;
  alive: GrowU8;
  /** Text chunks: strings (char offsets), UTF-8 buffers or UTF-8 sections of a shard file read on demand (byte offsets). */
  chunks: TextChunk[];

  /** Columns are adopted as they are (no copy): restored ones are views into the shard file. */
  constructor(init?: { strings: string[]; cols: Record<Column, Uint32Array>; alive: Uint8Array; chunks: TextChunk[] }) {
    this.strings = new StringTable(init?.strings);
    this.cols = Object.fromEntries(COLUMNS.map((c) => [c, init ? GrowU32.wrap(init.cols[c]) : new GrowU32()])) as Record<Column, GrowU32>;
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
    const c = this.cols;
    const n = this.count;
    c.owner.push(this.strings.intern(doc.owner));
    c.kind.push(KINDS.indexOf(doc.kind));
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
    for (let f = 0; f < FIELD_COUNT; f++) c[`len${f}` as Column].push(Math.min(lengths[f] ?? 0, 0xffff));
    this.alive.push(1);
    return n;
  }

  addChunk(text: string | Buffer): number {
    this.chunks.push(text);
    return this.chunks.length - 1;
  }

  col(name: Column): Uint32Array { return this.cols[name].data; }

  text(d: number): string {
    const chunk = this.chunks[this.cols.chunk.data[d]!]!;
    const a = this.cols.textStart.data[d]!;
    const b = this.cols.textEnd.data[d]!;
    return typeof chunk === 'string' ? chunk.slice(a, b) : chunk instanceof FileText ? chunk.text(a, b) : chunk.toString('utf8', a, b);
  }

  str(d: number, name: (typeof STRING_COLUMNS)[number]): string | undefined {
    const id = this.cols[name].data[d]!;
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
    const cols = Object.fromEntries(COLUMNS.map((c) => [c, new Uint32Array(n)])) as Record<Column, Uint32Array>;
    const strings = new StringTable();
    const reintern = (id: number) => (id === NONE ? NONE : strings.intern(this.strings.get(id)));
    const texts = new ChunkWriter(chunkBytes);
    for (let i = 0; i < n; i++) {
      const d = from + i;
      for (const c of COLUMNS) cols[c][i] = this.cols[c].data[d]!;
      for (const c of STRING_COLUMNS) cols[c][i] = reintern(cols[c][i]!);
      const [chunk, a, b] = texts.add(this.alive.data[d] ? this.text(d) : '');
      cols.chunk[i] = chunk; cols.textStart[i] = a; cols.textEnd[i] = b;
      if (tick()) yield;
    }
    return new DocStore({ strings: strings.list, cols, alive: this.alive.data.slice(from, this.count), chunks: texts.finish() });
  }

  /** Appends the documents of `other` after this store's (a restored delta). */
  append(other: DocStore): void {
    const chunkBase = this.chunks.length;
    const remapString = Uint32Array.from(other.strings.list, (s) => this.strings.intern(s, true));
    for (const c of COLUMNS) {
      const values = other.cols[c].view();
      if ((STRING_COLUMNS as readonly string[]).includes(c)) {
        const mapped = new Uint32Array(values.length);
        for (let i = 0; i < values.length; i++) { const v = values[i]!; mapped[i] = v === NONE ? NONE : remapString[v]!; }
        this.cols[c].pushAll(mapped);
      } else if (c === 'chunk') {
        this.cols[c].pushAll(values.map((v) => v + chunkBase));
      } else {
        this.cols[c].pushAll(values);
      }
    }
    this.alive.pushAll(other.alive.view());
    this.chunks.push(...other.chunks);
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
    for (let d = 0; d < n; d++) {
      if (tick()) yield;
      const i = remap[d]!;
      if (i === NONE) continue;
      for (const c of COLUMNS) cols[c][i] = this.cols[c].data[d]!;
      for (const c of STRING_COLUMNS) cols[c][i] = reintern(cols[c][i]!);
      const chunk = this.chunks[this.cols.chunk.data[d]!]!;
      if (chunk instanceof FileText) {
        let k = onDisk.get(chunk);
        if (k === undefined) { k = kept.length; kept.push(chunk); onDisk.set(chunk, k); }
        cols.chunk[i] = -1 - k; // fixed below, once the in-memory chunks are counted
        continue;
      }
      const [at, a, b] = texts.add(this.text(d));
      cols.chunk[i] = at; cols.textStart[i] = a; cols.textEnd[i] = b;
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
