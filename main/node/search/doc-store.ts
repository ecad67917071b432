/**
 * What a shard knows about each document besides its postings: metadata as integer columns over
 * one table of interned strings (a book's path and title are stored once, not per passage), and
 * the passage texts outside the index, either as slices of the source's text (freshly indexed)
 * or as byte ranges of one UTF-8 buffer (after compaction or a restore: half the memory).
 */
import { GrowU32, GrowU8 } from './grow';
import { FIELD_COUNT } from './segment';
import { detach } from './tokenize';
import type { SearchDoc } from './types';

export const KINDS = ['passage', 'note', 'quote'] as const;
export const NONE = 0xffffffff;

export class StringTable {
  readonly list: string[] = [];
  private ids = new Map<string, number>();
  constructor(initial: string[] = []) {
    for (const s of initial) this.intern(s);
  }
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) { const own = detach(s); id = this.list.length; this.list.push(own); this.ids.set(own, id); }
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
  /** Text chunks: strings (char offsets) or UTF-8 buffers (byte offsets). */
  chunks: Array<string | Buffer>;

  /** Columns are adopted as they are (no copy): restored ones are views into the shard file. */
  constructor(init?: { strings: string[]; cols: Record<Column, Uint32Array>; alive: Uint8Array; chunks: Array<string | Buffer> }) {
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
    return typeof chunk === 'string' ? chunk.slice(a, b) : chunk.toString('utf8', a, b);
  }

  str(d: number, name: (typeof STRING_COLUMNS)[number]): string | undefined {
    const id = this.cols[name].data[d]!;
    return id === NONE ? undefined : this.strings.get(id);
  }

  /**
   * The live documents only, renumbered in order, their texts copied into one UTF-8 buffer.
   * Returns the old → new numbering (NONE for dropped documents).
   */
  compact(): { store: DocStore; remap: Uint32Array } {
    const n = this.count;
    const remap = new Uint32Array(n).fill(NONE);
    const live: number[] = [];
    for (let d = 0; d < n; d++) if (this.alive.data[d]) { remap[d] = live.length; live.push(d); }
    const texts = live.map((d) => this.text(d));
    const buffer = Buffer.from(texts.join(''), 'utf8');
    const cols = Object.fromEntries(COLUMNS.map((c) => [c, new Uint32Array(live.length)])) as Record<Column, Uint32Array>;
    const strings = new StringTable();
    const reintern = (id: number) => (id === NONE ? NONE : strings.intern(this.strings.get(id)));
    let at = 0;
    live.forEach((d, i) => {
      for (const c of COLUMNS) cols[c][i] = this.cols[c].data[d]!;
      for (const c of STRING_COLUMNS) cols[c][i] = reintern(cols[c][i]!);
      const bytes = Buffer.byteLength(texts[i]!, 'utf8');
      cols.chunk[i] = 0;
      cols.textStart[i] = at;
      cols.textEnd[i] = at + bytes;
      at += bytes;
    });
    const store = new DocStore({ strings: strings.list, cols, alive: new Uint8Array(live.length).fill(1), chunks: [buffer] });
    return { store, remap };
  }
}
