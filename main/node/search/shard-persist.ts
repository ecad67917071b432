/**
 * Incremental persistence of one shard. The first persist (and any after the shard renumbered
 * its documents: a compaction) writes a base file; later ones write only a delta holding the
 * documents added since the base and the deletions so far. When deltas pile up the small ones
 * are rewritten as one, so an edit costs what changed since the last big file was written,
 * never the whole index. Files are named `shard-<k>-<stem>.bin` and never overwritten:
 * the engine's manifest, written last, says which are current.
 */
import path from 'node:path';
import { streamedMerge } from './disk-merge';
import type { DocStore } from './doc-store';
import { mergeSteps, Segment, sliceSegment } from './segment';
import { runNow, type Slicer, type Steps } from './slices';
import type { Shard } from './shard';
import { writeShardFile, type WrittenShard } from './shard-file';
import { closeUnusedTextFiles, diskPostings, FileText, TextFile } from './text-blocks';

/** Deltas kept before the small ones are folded into one. */
const MAX_DELTAS = 8;

interface Persisted { version: number; files: string[]; counts: number[]; dead: number }

export class ShardPersistence {
  private state: Persisted | null = null;

  /** After a restore: the shard as read from these files (document count after each). */
  restored(shard: Shard, files: string[], counts: number[]): void {
    this.state = files.length ? { version: shard.version, files, counts, dead: deadCount(shard) } : null;
  }

  forget(): void { this.state = null; }

  /** Writes what changed since the last persist into `dir`; returns the shard's current files (base first) and the bytes written. */
  async persist(shard: Shard, dir: string, name: string, slicer?: Slicer): Promise<{ files: string[]; bytes: number; kind: 'base' | 'delta' | 'none' }> {
    // In slices when a slicer is given: the worker answers queries between them.
    const run = <T>(steps: Steps<T>): Promise<T> | T => (slicer ? slicer.run(steps) : runNow(steps));
    shard.seal();
    const prev = this.state;
    if (!prev || prev.version !== shard.version) {
      await run(shard.compactSteps());
      const { store, segments, version } = shard;
      const count = store.count;
      const file = path.join(dir, `${name}.bin`);
      const written = await writeShardFile(file, { firstDoc: 0, store, segments, dead: new Uint32Array(0) }, slicer);
      const bytes = written.size;
      // Texts and postings are on disk now: read them from there and let the in-memory copies go.
      if (shard.store === store) {
        const handle = new TextFile(file);
        written.texts.forEach((t, i) => { store.chunks[i] = new FileText(handle, t.offset, t.length); });
        store.movedTo(0, store, handle, written.at, 0);
        readPostingsFrom(shard, new Map(segments.map((seg, k) => [seg, k])), handle, written);
        closeUnusedTextFiles([store], shard.segments);
      }
      this.state = { version, files: [file], counts: [count], dead: 0 };
      return { files: [file], bytes, kind: 'base' };
    }
    const count = shard.store.count;
    const dead = deadCount(shard);
    if (count === prev.counts[prev.counts.length - 1] && dead === prev.dead) return { files: prev.files, bytes: 0, kind: 'none' };
    // Since the last file kept as it is (see above).
    // Folding keeps the base and every big delta (a tenth of the shard or more: what a build
    // spilt) as they are and rewrites only the small ones after them.
    let keep = prev.files.length;
    if (prev.files.length > MAX_DELTAS) {
      keep = 1;
      for (let i = 1; i < prev.files.length; i++) if (prev.counts[i]! - prev.counts[i - 1]! >= count * 0.1) keep = i + 1;
    }
    const fold = keep < prev.files.length;
    const from = prev.counts[keep - 1]!;
    const store = await run(shard.store.sliceSteps(from));
    const segments: Segment[] = [];
    const whole = new Map<Segment, number>();
    for (const seg of shard.segments) {
      const part = await run(sliceSegment(seg, from));
      if (!part) continue;
      if (part === seg) whole.set(seg, segments.length);
      segments.push(part);
    }
    // Folding: the deltas' segments become one, so a long run of edits does not pile up
    // segments (in the file, and in the shard when every one of them went in whole).
    const captured = [...shard.segments];
    let folded: Segment | null = null;
    if (!fold && segments.length > 1 && segments.every((seg) => whole.has(seg) && !seg.onDisk)) {
      // A spill (or any delta of several segments still in memory): written as one segment,
      // merged as it is written (disk-merge.ts: no copy in memory), and read from there after.
      folded = await run(streamedMerge([...segments]));
      segments.length = 0;
      segments.push(folded);
      for (const seg of whole.keys()) whole.set(seg, -1);
    } else if (fold && segments.length > 1) {
      folded = await run(mergeSteps(segments));
      const allWhole = segments.every((seg) => whole.has(seg));
      segments.length = 0;
      segments.push(folded);
      whole.clear();
      if (allWhole) { for (const seg of captured) if (seg.docRange()[1] >= from) whole.set(seg, -1); }
    }
    const file = path.join(dir, `${name}.bin`);
    const written = await writeShardFile(file, { firstDoc: from, store, segments, dead: deadBelow(shard, from) }, slicer);
    const bytes = written.size;
    if (shard.version === prev.version) {
      const handle = new TextFile(file);
      readTextsFrom(shard, from, store, handle, written);
      // (Only if every segment it replaces is still there: a merge meanwhile may have taken some in.)
      const present = new Set(shard.segments);
      if (folded && whole.size && [...whole.keys()].every((seg) => present.has(seg))) {
        // The segments it replaces are dropped, the folded one read from disk in their place.
        const disk = onDisk(folded, 0, handle, written);
        const at = shard.segments.findIndex((seg) => whole.has(seg));
        shard.segments = shard.segments.filter((seg) => !whole.has(seg));
        shard.segments.splice(at, 0, disk);
      } else if (!folded) readPostingsFrom(shard, whole, handle, written);
      closeUnusedTextFiles([shard.store], shard.segments);
    }
    this.state = { version: prev.version, files: [...prev.files.slice(0, keep), file], counts: [...prev.counts.slice(0, keep), count], dead };
    return { files: this.state.files, bytes, kind: 'delta' };
  }

  /**
   * Rewrites a persisted shard as one base whose segments are merged into one as it is written
   * (disk-merge.ts): after a big build spilt a dozen segments to disk, queries then walk one
   * dictionary instead of a dozen, and a restart reads one. Documents keep their numbers (the
   * deleted ones stay, marked in the base), memory stays bounded whatever the shard's size, and
   * queries are answered from the old files until it is done. False (nothing written) unless
   * everything was persisted first.
   */
  async rebase(shard: Shard, dir: string, name: string, slicer?: Slicer): Promise<boolean> {
    const prev = this.state;
    const store = shard.store;
    const persisted = prev && prev.version === shard.version && prev.counts[prev.counts.length - 1] === store.count && prev.dead === deadCount(shard);
    if (!persisted || store.chunks.some((c) => typeof c === 'string' ? c.length > 0 : !(c instanceof FileText))) return false;
    const merged = slicer ? await slicer.run(streamedMerge(shard.segments)) : runNow(streamedMerge(shard.segments));
    const file = path.join(dir, `${name}.bin`);
    const written = await writeShardFile(file, { firstDoc: 0, store, segments: [merged], dead: deadBelow(shard, store.count) }, slicer);
    // Changes waited for this job: the shard is the one written. It reads from the new file now.
    const handle = new TextFile(file);
    written.texts.forEach((t, i) => { store.chunks[i] = new FileText(handle, t.offset, t.length); });
    store.movedTo(0, store, handle, written.at, 0);
    shard.segments = [onDisk(merged, 0, handle, written)];
    closeUnusedTextFiles([store], shard.segments);
    this.state = { version: shard.version, files: [file], counts: [store.count], dead: deadCount(shard) };
    return true;
  }
}

/**
 * After a delta is written: documents [from, from + piece.count) read their texts from it, and
 * the in-memory chunks they used are let go (every document of such a chunk is in that range:
 * a chunk holds one owner's texts, added after the previous persist).
 */
function readTextsFrom(shard: Shard, from: number, piece: DocStore, textFile: TextFile, written: WrittenShard): void {
  const live = shard.store;
  const base = live.chunks.length;
  const released = new Set<number>();
  for (const old of live.range('chunk', from, from + piece.count)) if (!(live.chunks[old] instanceof FileText)) released.add(old);
  for (const t of written.texts) live.chunks.push(new FileText(textFile, t.offset, t.length));
  // Their columns too: documents [from, count) are read from the new file from now on.
  live.movedTo(from, piece, textFile, written.at, base);
  for (const c of released) live.chunks[c] = '';
}

/** After a write: the shard's segments that went into the file whole (`written`: segment → its number there) read their postings from it. */
function readPostingsFrom(shard: Shard, written: Map<Segment, number>, handle: TextFile, file: WrittenShard): void {
  shard.segments = shard.segments.map((seg) => {
    const k = written.get(seg);
    if (k === undefined) return seg;
    return onDisk(seg, k, handle, file);
  });
}

/** `seg`, written as segment `k` of a file, read from there. */
function onDisk(seg: Segment, k: number, handle: TextFile, file: WrittenShard): Segment {
  return new Segment(seg.terms, seg.fields.map((f, i) => diskPostings(handle, f.offsets, file.at.get(`${k}:docs:${i}`)!, file.at.get(`${k}:tfs:${i}`)!, file.at.get(`${k}:sigs:${i}`))), seg.docRange());
}

function deadCount(shard: Shard): number {
  return shard.store.count - shard.liveCount;
}

/** Deleted documents below `from` (those at or above it travel with their own alive flags). */
function deadBelow(shard: Shard, from: number): Uint32Array {
  const alive = shard.store.alive.data;
  const out: number[] = [];
  for (let d = 0; d < from; d++) if (!alive[d]) out.push(d);
  return Uint32Array.from(out);
}
