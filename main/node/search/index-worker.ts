/**
 * The index worker: holds one shard, reads and parses library files itself (so neither the main
 * thread nor the app's main process ever spends time on it), and answers the two query rounds.
 * Bundled to out/index-worker.mjs.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { writeFileAtomic } from '../fs';
import { encodeShard, readShard } from './shard-file';
import { Shard } from './shard';
import type { WorkerMessage, WorkerReplies, WorkerRequest, WorkerResponse } from './worker-protocol';
import type { FileOutcome, LibraryFile } from './types';

let shard = new Shard();

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
  if (!outcome.ok) {
    shard.removeOwner(file.owner);
    return { owner: file.owner, outcome };
  }
  const { text, pageItems: _items, chapters: _chapters, ...meta } = outcome.source;
  const { passages } = meta;
  shard.setSource(file.owner, file.relPath, meta.title, text, passages.map((p) => ({
    start: p.start, end: p.end, heading: p.heading, tags: p.links,
  })));
  return { owner: file.owner, outcome: { ok: true, source: meta } };
}

async function handle(msg: WorkerRequest): Promise<WorkerReplies[keyof WorkerReplies]> {
  switch (msg.op) {
    case 'setOwner': shard.setOwner(msg.owner, msg.docs); return null;
    case 'removeOwner': shard.removeOwner(msg.owner); return null;
    // As JSON: a big book's outline and passages parse 3× faster than they structured-clone,
    // and the receiving side is the app's main thread.
    case 'indexFile': return JSON.stringify(await indexFile(msg.file).catch((error: unknown): FileOutcome => {
      // A file that breaks the indexer is reported like any unreadable file; the rest go on.
      shard.removeOwner(msg.file.owner);
      return { owner: msg.file.owner, outcome: { ok: false, reason: 'parse-error', message: `could not be indexed: ${error instanceof Error ? error.message : String(error)}` } };
    }));
    case 'readSource': return (await parsedSources()).readKept(msg.file);
    case 'finishBuild': shard.settle(); return null;
    case 'expand': return shard.expand(msg.specs);
    case 'execute': return shard.execute(msg.req);
    case 'hits': return JSON.stringify(shard.hits(msg.req));
    case 'persist': {
      const bytes = encodeShard(shard);
      await writeFileAtomic(msg.file, bytes);
      return { bytes: bytes.length };
    }
    case 'restore': shard = await readShard(msg.file); return { owners: [...shard.owners.keys()] };
    case 'clear': shard = new Shard(); return null;
    case 'ping': return null;
    case 'memory': {
      // Twice, a turn apart: freed ArrayBuffers leave the external count only after finalization.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) { gc(); await new Promise((r) => setTimeout(r, 20)); gc(); }
      const h = v8.getHeapStatistics() as v8.HeapInfo & { external_memory?: number };
      return { heapUsed: h.used_heap_size, external: h.external_memory ?? 0, textBytes: shard.textBytes, docs: shard.liveCount };
    }
  }
}

parentPort!.on('message', (msg: WorkerMessage) => {
  handle(msg).then(
    (value) => parentPort!.postMessage({ id: msg.id, ok: true, value } satisfies WorkerResponse),
    (error: unknown) => parentPort!.postMessage({ id: msg.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse),
  );
});
