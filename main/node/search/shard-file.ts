/**
 * The persisted form of a shard: one binary file, loaded with a single read and no big
 * JSON.parse. Layout: "SBSHARD1", a u32 header length, a small JSON header (format version,
 * counts, the interned-string table, section table), then 8-byte-aligned sections that become
 * typed-array views as they are (doc columns, per-field postings) or are decoded once (the
 * '\n'-joined term dictionary); passage texts stay one UTF-8 buffer.
 */
import { readFile } from 'node:fs/promises';
import { COLUMNS, DocStore, type Column } from './doc-store';
import { FIELD_COUNT, Segment, type FieldPostings } from './segment';
import { Shard } from './shard';

const MAGIC = 'SBSHARD1';
export const SHARD_FORMAT = 2;

interface Section { name: string; offset: number; length: number }
interface Header { format: number; docCount: number; strings: string[]; sections: Section[] }

/** The shard (compacted first) as bytes. */
export function encodeShard(shard: Shard): Buffer {
  shard.compact();
  const store = shard.store;
  const segment = shard.segments[0] ?? new Segment([], Array.from({ length: FIELD_COUNT }, () => ({ offsets: new Uint32Array(1), docs: new Uint32Array(0), tfs: new Uint16Array(0) })));
  const parts: Array<[string, Uint8Array]> = [];
  const add = (name: string, a: ArrayBufferView) => parts.push([name, new Uint8Array(a.buffer, a.byteOffset, a.byteLength)]);
  for (const c of COLUMNS) add(`col:${c}`, store.cols[c].view());
  segment.fields.forEach((f, i) => { add(`offsets:${i}`, f.offsets); add(`docs:${i}`, f.docs); add(`tfs:${i}`, f.tfs); });
  add('terms', Buffer.from(segment.terms.join('\n'), 'utf8'));
  const text = store.chunks[0];
  add('text', typeof text === 'string' ? Buffer.from(text, 'utf8') : (text ?? Buffer.alloc(0)));
  const sections: Section[] = [];
  let offset = 0;
  for (const [name, bytes] of parts) {
    sections.push({ name, offset, length: bytes.byteLength });
    offset += Math.ceil(bytes.byteLength / 8) * 8;
  }
  const header: Header = { format: SHARD_FORMAT, docCount: store.count, strings: store.strings.list, sections };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerPadded = Math.ceil((MAGIC.length + 4 + headerBytes.length) / 8) * 8;
  const out = Buffer.alloc(headerPadded + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  parts.forEach(([, bytes], i) => out.set(bytes, headerPadded + sections[i]!.offset));
  return out;
}

export class ShardFormatError extends Error {}

export function decodeShard(buf: Buffer): Shard {
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new ShardFormatError('not a Sourcebook index shard');
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Header;
  if (header.format !== SHARD_FORMAT) throw new ShardFormatError(`index format ${header.format}, expected ${SHARD_FORMAT}`);
  const base = Math.ceil((MAGIC.length + 4 + headerLength) / 8) * 8;
  // Typed-array views need aligned offsets; a pooled Buffer may not be.
  const bytes = buf.byteOffset % 8 === 0 ? buf : Buffer.from(buf);
  const sections = new Map(header.sections.map((s) => [s.name, s]));
  const raw = (name: string) => {
    const s = sections.get(name);
    if (!s) throw new ShardFormatError(`index shard lacks ${name}`);
    return { at: bytes.byteOffset + base + s.offset, length: s.length };
  };
  const u32 = (name: string) => { const r = raw(name); return new Uint32Array(bytes.buffer, r.at, r.length / 4); };
  const u16 = (name: string) => { const r = raw(name); return new Uint16Array(bytes.buffer, r.at, r.length / 2); };
  const slice = (name: string) => { const r = raw(name); return bytes.subarray(r.at - bytes.byteOffset, r.at - bytes.byteOffset + r.length); };
  const split = (name: string, separator: string) => { const s = slice(name).toString('utf8'); return s ? s.split(separator) : []; };

  const cols = Object.fromEntries(COLUMNS.map((c) => [c, u32(`col:${c}`)])) as Record<Column, Uint32Array>;
  const store = new DocStore({ strings: header.strings, cols, alive: new Uint8Array(header.docCount).fill(1), chunks: [slice('text')] });
  const fields: FieldPostings[] = [];
  for (let i = 0; i < FIELD_COUNT; i++) fields.push({ offsets: u32(`offsets:${i}`), docs: u32(`docs:${i}`), tfs: u16(`tfs:${i}`) });
  return Shard.restored(store, new Segment(split('terms', '\n'), fields));
}

export async function readShard(file: string): Promise<Shard> {
  return decodeShard(await readFile(file));
}
