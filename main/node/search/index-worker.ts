/**
 * The index worker: holds one shard, reads and parses library files itself (so neither the main
 * thread nor the app's main process ever spends time on it), and answers the two query rounds.
 * Bundled to out/index-worker.mjs.
 */
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { readShard } from './shard-file';
import { ShardPersistence } from './shard-persist';
import { Shard } from './shard';
import { closeUnusedTextFiles, textCacheBytes } from './text-blocks';
import type { WorkerMessage, WorkerReplies, WorkerRequest, WorkerResponse } from './worker-protocol';
import type { FileOutcome, LibraryFile } from './types';

let shard = new Shard();
const persistence = new ShardPersistence();
/** Where this shard may spill while indexing (the engine's cacheDir) and its number there. */
let spill: { dir: string; shard: number } | null = null;
/**
 * Indexing keeps at most this much passage text in memory: beyond it the shard writes what it
 * has (a base, then deltas) and reads those texts from disk from then on, so a library of any
 * size is indexed with bounded text memory. The next engine.persist lists the files written.
 */
const SPILL_BYTES = (Number(process.env.SOURCEBOOK_SPILL_MB) || 256) * 1024 * 1024;
/** One persist at a time; queries go on between its writes. */
let persisting: Promise<unknown> = Promise.resolve();

// Indexing is background work: once this worker starts indexing files it lowers its priority
// (on Linux only this thread's), so the app's main thread and the UI get the CPU first when the
// cores are busy. Not before: a restore and the first queries after a restart run at full speed.
// (A thread cannot raise its priority again without privileges, so this is one-way.)
const NICE = Number(process.env.SOURCEBOOK_INDEX_NICE ?? 10);
let niced = false;
function background(): void {
  if (niced) return;
  niced = true;
  try { os.setPriority(0, NICE); } catch { /* not permitted here: stay at normal priority */ }
}

// Loaded on first use: a worker that only restores an index and answers queries starts faster.
let sources: Promise<typeof import('../library/parsed-cache')> | null = null;
const parsedSources = () => (sources ??= import('../library/parsed-cache'));

async function indexFile(file: LibraryFile): Promise<FileOutcome> {
  background();
  const outcome = await (await parsedSources()).parseAndKeep(file);
  await settledPersist();
  if (!outcome.ok) {
    shard.removeOwner(file.owner);
    return { owner: file.owner, outcome };
  }
  const { text, pageItems: _items, chapters: _chapters, ...meta } = outcome.source;
  const { passages } = meta;
  shard.setSource(file.owner, file.relPath, meta.title, text, passages.map((p) => ({
    start: p.start, end: p.end, heading: p.heading, tags: p.links,
  })));
  if (spill && shard.store.textBytes > SPILL_BYTES) await persistShard(spill.dir, `shard-${spill.shard}-${Date.now().toString(36)}-spill${(spills++).toString(36)}`);
  return { owner: file.owner, outcome: { ok: true, source: meta } };
}

let spills = 0;

/**
 * Changes wait for a persist under way (queries do not): what a persist writes and then reads
 * back from disk is exactly the shard it started from. Persists are incremental, so the wait is short.
 */
async function settledPersist(): Promise<void> {
  for (let seen = persisting; ; seen = persisting) {
    await seen.catch(() => undefined);
    if (seen === persisting) return;
  }
}

function persistShard(dir: string, name: string) {
  const run = persisting.catch(() => undefined).then(() => persistence.persist(shard, dir, name));
  persisting = run;
  return run;
}

async function handle(msg: WorkerRequest): Promise<WorkerReplies[keyof WorkerReplies]> {
  switch (msg.op) {
    case 'setOwner': await settledPersist(); shard.setOwner(msg.owner, msg.docs); return null;
    case 'removeOwner': await settledPersist(); shard.removeOwner(msg.owner); return null;
    // As JSON: a big book's outline and passages parse 3× faster than they structured-clone,
    // and the receiving side is the app's main thread.
    case 'indexFile': return JSON.stringify(await indexFile(msg.file).catch((error: unknown): FileOutcome => {
      // A file that breaks the indexer is reported like any unreadable file; the rest go on.
      shard.removeOwner(msg.file.owner);
      return { owner: msg.file.owner, outcome: { ok: false, reason: 'parse-error', message: `could not be indexed: ${error instanceof Error ? error.message : String(error)}` } };
    }));
    case 'readSource': return (await parsedSources()).readKept(msg.file);
    case 'finishBuild': await settledPersist(); shard.settle(); return null;
    case 'expand': return shard.expand(msg.specs);
    case 'execute': return shard.execute(msg.req);
    case 'hits': return JSON.stringify(shard.hits(msg.req));
    case 'persist': {
      const { files, bytes, kind } = await persistShard(msg.dir, msg.name);
      return { files: files.map((f) => path.basename(f)), bytes, kind };
    }
    case 'restore': {
      const files = msg.files.map((f) => path.join(msg.dir, f));
      const loaded = await readShard(files);
      shard = loaded.shard;
      closeUnusedTextFiles([shard.store], shard.segments);
      persistence.restored(shard, files, loaded.counts);
      return { owners: [...shard.owners.keys()] };
    }
    case 'clear': shard = new Shard(); closeUnusedTextFiles([]); persistence.forget(); return null;
    case 'ping': return null;
    case 'configure': spill = msg.spillDir ? { dir: msg.spillDir, shard: msg.shard } : null; return null;
    case 'memory': {
      // Twice, a turn apart: freed ArrayBuffers leave the external count only after finalization.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) { gc(); await new Promise((r) => setTimeout(r, 20)); gc(); }
      const h = v8.getHeapStatistics() as v8.HeapInfo & { external_memory?: number };
      return { heapUsed: h.used_heap_size, external: h.external_memory ?? 0, textBytes: shard.textBytes + textCacheBytes(), docs: shard.liveCount };
    }
  }
}

parentPort!.on('message', (msg: WorkerMessage) => {
  handle(msg).then(
    (value) => parentPort!.postMessage({ id: msg.id, ok: true, value } satisfies WorkerResponse),
    (error: unknown) => parentPort!.postMessage({ id: msg.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse),
  );
});
