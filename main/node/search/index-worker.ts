/**
 * The index worker: holds one shard, reads and parses library files itself (so neither the main
 * thread nor the app's main process ever spends time on it), and answers the three query rounds (expand, execute, hits).
 * Bundled to out/index-worker.mjs.
 */
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { readShard } from './shard-file';
import { ShardPersistence } from './shard-persist';
import { Shard } from './shard';
import { Slicer } from './slices';
import { warmUpScoring } from './score-kernels';
import { tokenizeSource, Vocabulary } from './source-terms';
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
const SPILL_BYTES = (Number(process.env.SOURCEBOOK_SPILL_MB) || 128) * 1024 * 1024;
/**
 * The shard's long jobs (a persist, a compaction, the merge after a build), one at a time and in
 * slices (slices.ts): queries are answered between the slices, changes wait until the job is done.
 */
let exclusive: Promise<unknown> = Promise.resolve();

// Indexing a library is background work: once this worker is handed a big batch it lowers its
// priority (on Linux only this thread's), so the app's main thread and the UI get the CPU first
// when the cores are busy. Not before, and not for a few edited files: a restore, the queries
// after a restart and re-indexing an edit run at full speed (a thread cannot raise its priority
// again without privileges, so lowering it is one-way, and queries then wait on a busy machine).
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
let anchoring: Promise<typeof import('./source-anchoring')> | null = null;
const sourceAnchoring = () => (anchoring ??= import('./source-anchoring'));

async function indexFile(file: LibraryFile, big: boolean): Promise<FileOutcome> {
  if (big) background();
  const outcome = await (await parsedSources()).parseAndKeep(file);
  if (!outcome.ok) {
    await settled();
    shard.removeOwner(file.owner);
    maintain();
    return { owner: file.owner, outcome };
  }
  const { text, pageItems: _items, chapters: _chapters, ...meta } = outcome.source;
  const passages = meta.passages.map((p) => ({ start: p.start, end: p.end, heading: p.heading, tags: p.links }));
  // Tokenized in slices, the shard untouched (queries are answered meanwhile); then added at once.
  if (vocabulary.size > VOCABULARY_WORDS) vocabulary = new Vocabulary();
  const terms = await new Slicer().run(tokenizeSource(meta.title, text, passages, vocabulary));
  await settled();
  shard.setSource(file.owner, file.relPath, meta.title, text, passages, terms);
  if (spill && shard.store.textBytes > SPILL_BYTES) await persistShard(spill.dir, `shard-${spill.shard}-${Date.now().toString(36)}-spill${(spills++).toString(36)}`);
  maintain();
  return { owner: file.owner, outcome: { ok: true, source: meta } };
}

let spills = 0;

/**
 * The words of the sources this worker tokenizes, shared by them (source-terms.ts), so a word
 * costs a string once per build rather than once per source. Let go at the end of a build and
 * when it passes VOCABULARY_WORDS (a library of many numbers and identifiers), so what it holds
 * stays bounded and nothing of it stays after a build.
 */
let vocabulary = new Vocabulary();
const VOCABULARY_WORDS = 1 << 20;

/**
 * Changes wait for the job under way (queries do not): what a persist writes and then reads
 * back from disk is exactly the shard it started from, and a compaction swaps in a shard built
 * from the one it read.
 */
async function settled(): Promise<void> {
  for (let seen = exclusive; ; seen = exclusive) {
    await seen.catch(() => undefined);
    if (seen === exclusive) return;
  }
}

/** Runs `job` after the jobs before it (see `exclusive`). */
function alone<T>(job: () => Promise<T>): Promise<T> {
  const run = exclusive.catch(() => undefined).then(job);
  exclusive = run;
  return run;
}

function persistShard(dir: string, name: string) {
  return alone(() => persistence.persist(shard, dir, name, new Slicer()));
}

/** After a change: a shard with many deleted documents is compacted, in slices, before the next change. */
function maintain(): void {
  if (!shard.needsCompaction) return;
  void alone(async () => { if (shard.needsCompaction) await new Slicer().run(shard.compactSteps()); });
}

async function handle(msg: WorkerRequest): Promise<WorkerReplies[keyof WorkerReplies]> {
  switch (msg.op) {
    case 'setOwner': await settled(); shard.setOwner(msg.owner, msg.docs); maintain(); return null;
    case 'removeOwner': await settled(); shard.removeOwner(msg.owner); maintain(); return null;
    // As JSON: a big book's outline and passages parse 3× faster than they structured-clone,
    // and the receiving side is the app's main thread.
    case 'indexFile': return JSON.stringify(await indexFile(msg.file, msg.background).catch(async (error: unknown): Promise<FileOutcome> => {
      // A file that breaks the indexer is reported like any unreadable file; the rest go on.
      await settled();
      shard.removeOwner(msg.file.owner);
      maintain();
      return { owner: msg.file.owner, outcome: { ok: false, reason: 'parse-error', message: `could not be indexed: ${error instanceof Error ? error.message : String(error)}` } };
    }));
    case 'readSource': return (await parsedSources()).readKept(msg.file);
    case 'anchor': return (await sourceAnchoring()).anchorJobs(msg.hash, msg.text, msg.jobs);
    // (Not behind a compaction under way when there is nothing to merge: an edit is searchable at once.)
    case 'finishBuild': {
      vocabulary = new Vocabulary();
      if (shard.needsSettle) await alone(() => new Slicer().run(shard.settleSteps()));
      // A build that spilt many segments to disk: persist the rest, then merge them all on disk (the next engine.persist lists the file).
      if (spill && shard.needsRebase) {
        const stem = `shard-${spill.shard}-${Date.now().toString(36)}`;
        await persistShard(spill.dir, `${stem}-spill${(spills++).toString(36)}`);
        await alone(async () => { if (spill && shard.needsRebase) await persistence.rebase(shard, spill.dir, `${stem}-merged`, new Slicer()); });
      }
      return null;
    }
    case 'expand': return shard.expand(msg.specs);
    case 'execute': return shard.execute(msg.req);
    case 'hits': return JSON.stringify(shard.hits(msg.req));
    case 'persist': {
      const { files, bytes, kind } = await persistShard(msg.dir, msg.name);
      return { files: files.map((f) => path.basename(f)), bytes, kind };
    }
    case 'restore': {
      await settled();
      const files = msg.files.map((f) => path.join(msg.dir, f));
      const loaded = await readShard(files);
      shard = loaded.shard;
      closeUnusedTextFiles([shard.store], shard.segments);
      persistence.restored(shard, files, loaded.counts);
      return { owners: [...shard.owners.keys()] };
    }
    case 'clear': await settled(); shard = new Shard(); closeUnusedTextFiles([]); persistence.forget(); return null;
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

// The scoring loops are compiled in the background while the worker waits for its first work
// (score-kernels.ts), in steps a request never waits more than one of behind.
warmUpScoring((step) => setImmediate(step));
