/**
 * Sourcebook's search engine: an inverted index over passages, notes and quotes, sharded across
 * worker threads (one per core), with the query language of docs/search.md.
 *
 * Usage:
 *   const engine = await SearchEngine.create({ cacheDir });
 *   if (!(await engine.restore(fingerprint))) {
 *     await engine.indexFiles(files, (done, total) => report(done, total));   // read + parse in workers
 *     await engine.persist(fingerprint);
 *   }
 *   await engine.setOwner('note:ideas.md', docs);   // notes, quotes: replace an owner's documents
 *   const results = await engine.search('alexa "voice assistant" -echo');
 *
 * Everything heavy (reading, parsing, tokenizing, postings, phrase checks, snippets) runs in the
 * workers; the calling thread only parses the query and merges each shard's top hits. Searching
 * while `indexFiles` runs is allowed: results then cover what is indexed so far (`partial: true`).
 * Calls may overlap; each owner's updates apply in the order they were made.
 *
 * Owners are the unit of update: a source id for a library file, `note:<path>` for a note,
 * `annotation:<id>` for a quote or highlight. A SearchDoc's `id` only has to be unique; hits
 * identify passages by path and `start`/`end`, not by id. If a worker dies, every later call
 * rejects: create a new engine (and restore or re-index).
 */
import os from 'node:os';
import path from 'node:path';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { groupHits, type SearchHit, type SearchResults } from '../../common/contract';
import { writeFileAtomic } from '../fs';
import { parseQuery } from './query-parser';
import { BM25_FLOOR, EXACT, FUZZY, PREFIX, TYPO_THRESHOLD, commonDf, pickCompletions, pickTypos, toPlan, type ExecuteRequest, type Expansion, type ScoredTerm } from './plan';
import { FIELD_COUNT } from './segment';
import { WorkerClient } from './worker-client';
import type { FileOutcome, LibraryFile, SearchDoc } from './types';
import type { ParseOutcome } from '../library/parse';
import type { AnchorAnswer, AnchorJob } from '../../common/anchoring';
import { KEPT_TEXTS } from './source-anchoring';

export { QueryError, parseQuery } from './query-parser';
export type { QueryNode } from './query-parser';
export type { SearchDoc, LibraryFile, FileOutcome, ParseOutcomeWithoutText } from './types';

export interface SearchEngineOptions {
  /** Worker threads, one index shard each. Default: the number of cores, at most 4. */
  workers?: number;
  /** Where `persist`/`restore` keep the index. Required for those two. */
  cacheDir?: string;
  /** The bundled worker script. Default: `index-worker.mjs` beside the bundle that imports this module. */
  workerUrl?: URL;
}

/** Expansions kept per query word: prefix completions (most frequent first, see pickCompletions) and typo variants (closest first). */
export const PREFIX_EXPANSIONS = 60;
export const FUZZY_EXPANSIONS = 10;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const DEFAULT_LIMIT = 100;
const MANIFEST = 'manifest.json';
/** A batch of more files than this is indexed at background priority (see index-worker.ts); an edit is not. */
const BACKGROUND_BATCH = 16;
const MANIFEST_FORMAT = 2;

/** `shards[k]`: shard k's files, its base first, then its deltas in order. */
interface Manifest { format: number; fingerprint: string; shards: string[][] }

/** What one persist wrote: bytes in all, and per shard whether it wrote a base, a delta or nothing. */
export interface PersistReport { bytes: number; kinds: Array<'base' | 'delta' | 'none'> }

export class SearchEngine {
  private readonly owners = new Map<string, number>();
  private readonly shardBytes: number[];
  private building = 0;
  /** Serializes updates per owner so a later call never lands before an earlier one. */
  private readonly ownerQueue = new Map<string, Promise<unknown>>();

  private constructor(private readonly workers: WorkerClient[], private readonly cacheDir: string | undefined, private readonly workerUrl: URL) {
    this.shardBytes = workers.map(() => 0);
  }

  /** Starts the workers. */
  static async create(opts: SearchEngineOptions = {}): Promise<SearchEngine> {
    const count = Math.max(1, Math.min(opts.workers ?? Math.min(4, os.availableParallelism()), 16));
    let url = opts.workerUrl;
    if (!url) {
      try {
        url = new URL('./index-worker.mjs', import.meta.url);
      } catch {
        throw new Error('SearchEngine.create: pass workerUrl (the bundled index-worker.mjs); it cannot be found from this bundle');
      }
    }
    const workers = Array.from({ length: count }, () => new WorkerClient(url!));
    const engine = new SearchEngine(workers, opts.cacheDir, url);
    // Started and answering (a cheap message: 'memory' would collect garbage where gc is exposed).
    await Promise.all(workers.map((w) => w.call({ op: 'ping' })));
    if (opts.cacheDir) {
      await mkdir(opts.cacheDir, { recursive: true });
      await Promise.all(workers.map((w, shard) => w.call({ op: 'configure', shard, spillDir: opts.cacheDir! })));
    }
    // Booting a worker takes 0.3–1 s on a busy machine: not waited for, and not on the first open's path.
    engine.sourceWorker();
    return engine;
  }

  /** Number of shards (= workers). */
  get shardCount(): number { return this.workers.length; }

  /** True while `indexFiles` is running: search results may be incomplete. */
  get indexing(): boolean { return this.building > 0; }

  private queued<T>(owner: string, task: () => Promise<T>): Promise<T> {
    const previous = this.ownerQueue.get(owner) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.ownerQueue.set(owner, next);
    void next.finally(() => { if (this.ownerQueue.get(owner) === next) this.ownerQueue.delete(owner); }).catch(() => undefined);
    return next;
  }

  private lightestShard(): number {
    let best = 0;
    this.shardBytes.forEach((b, i) => { if (b < this.shardBytes[best]!) best = i; });
    return best;
  }

  /** Replaces everything `owner` contributed (add, change, or remove with []). */
  setOwner(owner: string, docs: SearchDoc[]): Promise<void> {
    return this.queued(owner, async () => {
      if (!docs.length) return this.removeNow(owner);
      const shard = this.owners.get(owner) ?? this.lightestShard();
      this.owners.set(owner, shard);
      this.shardBytes[shard]! += docs.reduce((n, d) => n + d.text.length, 0);
      await this.workers[shard]!.call({ op: 'setOwner', owner, docs });
    });
  }

  /** Removes everything `owner` contributed. */
  removeOwner(owner: string): Promise<void> {
    return this.queued(owner, () => this.removeNow(owner));
  }

  private async removeNow(owner: string): Promise<void> {
    const shard = this.owners.get(owner);
    if (shard === undefined) return;
    this.owners.delete(owner);
    await this.workers[shard]!.call({ op: 'removeOwner', owner });
  }

  /**
   * Indexes library files inside the workers (each file is read and parsed there). Files are
   * handed out one by one to whichever worker is free, except that a file already indexed goes
   * back to the shard that holds it. Resolves with each file's outcome, in the given order, and
   * reports each as it is done through `onProgress`; an unreadable file removes what its owner
   * had and is reported, never thrown. If a worker fails, the call rejects with an error whose
   * `inFlight` lists the owners being read at that moment (what was done before stays indexed).
   * With `{ outcomes: false }` the outcomes are only reported (`onProgress`) and the call
   * resolves with an empty list: a big library's outcomes (every passage's offsets) are then not
   * all held at once here as well as wherever the caller keeps them.
   */
  /**
   * A library file's full parse (canonical text, outline, passages, page and chapter maps), made
   * in the engine's source worker (or read back from what indexing kept), so the caller's thread
   * never parses, and never waits behind indexing: a source opened while the library is being
   * indexed is answered at once.
   */
  async readSource(file: LibraryFile): Promise<ParseOutcome> {
    return JSON.parse(await this.sourceWorker().call({ op: 'readSource', file })) as ParseOutcome;
  }

  /**
   * Runs the notebook's anchoring jobs on `source`'s text in the source worker (the same worker
   * that reads sources, so anchoring never runs on the caller's thread). The worker keeps the
   * last few texts by hash: a text is sent only when the worker lacks it. Which ones it keeps is
   * mirrored here, so a new text goes with its first batch instead of after a refused one (a
   * round trip to a thread that, on a busy machine, waits for a core each time); should the
   * worker have dropped a text all the same (its limit in characters), it says so and gets it.
   */
  async anchor(source: { hash: string; text: string }, jobs: AnchorJob[]): Promise<AnchorAnswer[]> {
    const worker = this.sourceWorker();
    if (this.keptBy !== worker) { this.keptBy = worker; this.kept.length = 0; }
    const known = this.kept.indexOf(source.hash);
    if (known >= 0) this.kept.splice(known, 1);
    this.kept.push(source.hash);
    if (this.kept.length > KEPT_TEXTS) this.kept.shift();
    return (known >= 0 ? await worker.call({ op: 'anchor', hash: source.hash, jobs }) : null)
      ?? (await worker.call({ op: 'anchor', hash: source.hash, text: source.text, jobs }))!;
  }
  /** The hashes of the texts `keptBy` (the source worker) was last sent, oldest first, as it keeps them. */
  private readonly kept: string[] = [];
  private keptBy: WorkerClient | null = null;

  // Not an index worker: those are busy for seconds parsing and tokenizing a batch, and niced for
  // good once they index one (index-worker.ts), so a source opened while the library is indexed
  // would wait behind their queue. This one (the same bundle) is started with the engine, from
  // this thread (so at its priority), and never handed index work; it holds no shard. Stateless,
  // so one that died is replaced on the next read.
  private source: WorkerClient | null = null;
  private sourceWorker(): WorkerClient {
    if (this.closed) throw new Error('the search engine is closed');
    if (!this.source || this.source.broken) this.source = new WorkerClient(this.workerUrl);
    return this.source;
  }
  private closed = false;

  async indexFiles(files: LibraryFile[], onProgress?: (done: number, total: number, result: FileOutcome) => void, opts: { outcomes?: boolean } = {}): Promise<FileOutcome[]> {
    const keep = opts.outcomes ?? true;
    this.building++;
    const inFlight = new Set<string>();
    try {
      const results: FileOutcome[] = keep ? new Array(files.length) : [];
      const own: number[][] = this.workers.map(() => []);
      const shared: number[] = [];
      files.forEach((f, i) => { const s = this.owners.get(f.owner); if (s === undefined) shared.push(i); else own[s]!.push(i); });
      let done = 0;
      const used = new Set<number>();
      const background = files.length > BACKGROUND_BATCH;
      let broken = false;
      const run = async (w: number) => {
        while (!broken) {
          const i = own[w]!.shift() ?? shared.shift();
          if (i === undefined) return;
          used.add(w);
          const file = files[i]!;
          this.owners.set(file.owner, w);
          inFlight.add(file.owner);
          const result = JSON.parse(await this.queued(file.owner, () => this.workers[w]!.call({ op: 'indexFile', file, background }))) as FileOutcome;
          inFlight.delete(file.owner);
          if (keep) results[i] = result;
          if (result.outcome.ok) this.shardBytes[w]! += result.outcome.source.bytes;
          else this.owners.delete(file.owner);
          onProgress?.(++done, files.length, result);
        }
      };
      // Two files in flight per worker: one being read while the other is indexed. The first
      // failure (a worker that died) stops handing out files.
      const settled = await Promise.allSettled(this.workers.flatMap((_, w) => [run(w), run(w)]).map((p) => p.catch((error: Error) => { broken = true; throw error; })));
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      await Promise.all([...used].map((w) => this.workers[w]!.call({ op: 'finishBuild' })));
      return results;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      throw Object.assign(failure, { inFlight: [...inFlight] });
    } finally {
      this.building--;
    }
  }

  /**
   * Runs a query (see docs/search.md). Throws QueryError for a malformed query; an empty query
   * has no hits. `limit` caps the hits returned (default 100); `total` counts every match
   * (estimated, and `estimated: true`, for a phrase with thousands of candidate passages).
   * A hit found only through typo variants of a query word lists them in `typos`.
   */
  search(query: string, opts: { limit?: number } = {}): Promise<SearchResults> {
    return this.run(query, opts.limit ?? DEFAULT_LIMIT, false);
  }

  private async run(query: string, limit: number, retried: boolean): Promise<SearchResults> {
    const began = performance.now();
    const partial = this.building > 0;
    const node = parseQuery(query);
    if (!node) return { query, hits: [], groups: [], total: 0, partial, tookMs: performance.now() - began };
    const { tree, specs } = toPlan(node);
    const replies = await Promise.all(this.workers.map((w) => w.call({ op: 'expand', specs })));
    const docCount = replies.reduce((n, r) => n + r.docCount, 0);
    const fieldLength = Array.from({ length: FIELD_COUNT }, (_, f) => replies.reduce((n, r) => n + r.fieldLength[f]!, 0));
    const avgLength = fieldLength.map((l) => (docCount ? l / docCount : 1));
    const terms = specs.map((spec, i) => chooseTerms(spec.prefix, replies.map((r) => r.expansions[i]!), docCount));
    const exactDf = specs.map((spec, i) => replies.reduce((n, r) => n + (r.expansions[i]!.find((e) => e.term === spec.word)?.df[0] ?? 0), 0));
    const req: ExecuteRequest = { tree, terms, avgLength, limit, exactDf, common: commonDf(docCount) };
    const tops = await Promise.all(this.workers.map((w) => w.call({ op: 'execute', req })));
    const ranked = tops.flatMap((top, shard) => top.docs.map((doc, i) => ({ shard, doc, score: top.scores[i]! })))
      .sort((a, b) => b.score - a.score || a.shard - b.shard || a.doc - b.doc)
      .slice(0, limit);
    const pages = await Promise.all(tops.map((top, shard) => {
      const mine = ranked.filter((r) => r.shard === shard);
      if (!mine.length) return [] as SearchHit[];
      return this.workers[shard]!.call({ op: 'hits', req: { version: top.version, docs: mine.map((r) => r.doc), scores: mine.map((r) => r.score), tree, terms } })
        .then((json) => JSON.parse(json) as SearchHit[]);
    })).catch((error: Error) => {
      if (retried || !error.message.startsWith('stale')) throw error;
      return null;
    });
    // A shard renumbered its documents between rounds (a merge finished): ask again, once.
    if (!pages) return this.run(query, limit, true);
    const next = pages.map(() => 0);
    const hits = ranked.map((r) => pages[r.shard]![next[r.shard]!++]!);
    const total = tops.reduce((n, t) => n + t.total, 0);
    const results: SearchResults = { query, hits, groups: groupHits(hits), total, partial, tookMs: performance.now() - began };
    if (tops.some((t) => t.estimated)) results.estimated = true;
    return results;
  }

  private manifestPath(): string {
    if (!this.cacheDir) throw new Error('SearchEngine: no cacheDir was given, so the index cannot be persisted');
    return path.join(this.cacheDir, MANIFEST);
  }

  /**
   * Writes the index to cacheDir, tagged with `fingerprint` (what the caller's index format is;
   * the library keeps per-file fingerprints itself). Incremental: a shard writes only what changed
   * since its last persist (a delta of new documents and deletions); a shard whose documents were
   * renumbered by a merge writes a new base. The previous index stays valid until the new
   * manifest is in place; queries are answered meanwhile.
   */
  async persist(fingerprint: string): Promise<PersistReport> {
    const manifestFile = this.manifestPath();
    const dir = path.dirname(manifestFile);
    await mkdir(dir, { recursive: true });
    const began = Date.now();
    const generation = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const written = await Promise.all(this.workers.map((w, i) => w.call({ op: 'persist', dir, name: `shard-${i}-${generation}` })));
    const shards = written.map((w) => w.files);
    const manifest: Manifest = { format: MANIFEST_FORMAT, fingerprint, shards };
    await writeFileAtomic(manifestFile, JSON.stringify(manifest));
    // Files of older generations that no shard uses any more are unreachable now.
    const current = new Set(shards.flat());
    // (A file written since this persist began is a shard spilling while it indexes: the next persist lists it.)
    for (const name of await readdir(dir)) {
      if (!/^shard-\d+-.*\.bin$/.test(name) || current.has(name)) continue;
      const info = await stat(path.join(dir, name)).catch(() => null);
      if (info && info.mtimeMs < began) await unlink(path.join(dir, name)).catch(() => undefined);
    }
    return { bytes: written.reduce((n, w) => n + w.bytes, 0), kinds: written.map((w) => w.kind) };
  }

  /**
   * Loads the index persisted with this `fingerprint` (each worker reads its files in parallel).
   * False, with the engine left empty, when there is none, it has another fingerprint, was made
   * with another number of workers or format, or cannot be read.
   */
  async restore(fingerprint: string): Promise<boolean> {
    let manifest: Partial<Manifest> | null;
    try {
      manifest = JSON.parse(await readFile(this.manifestPath(), 'utf8')) as Partial<Manifest> | null;
    } catch {
      return false;
    }
    // Anything but the manifest persist writes (hand-edited, another app's file) means "no index".
    if (manifest?.format !== MANIFEST_FORMAT || manifest.fingerprint !== fingerprint) return false;
    const shards = manifest.shards;
    if (!Array.isArray(shards) || shards.length !== this.workers.length || !shards.every((s) => Array.isArray(s) && s.every((f) => typeof f === 'string' && /^shard-\d+-[\w-]+\.bin$/.test(f)))) return false;
    const dir = path.dirname(this.manifestPath());
    try {
      const loaded = await Promise.all(this.workers.map((w, i) => w.call({ op: 'restore', dir, files: shards[i]! })));
      this.owners.clear();
      loaded.forEach((l, i) => { for (const o of l.owners) this.owners.set(o, i); });
      return true;
    } catch {
      await Promise.all(this.workers.map((w) => w.call({ op: 'clear' })));
      this.owners.clear();
      return false;
    }
  }

  /** The owners the engine holds (what a restored index covers), e.g. to re-check them against the library. */
  ownerIds(): string[] {
    return [...this.owners.keys()];
  }

  /** Memory held by each shard's worker (after a GC where the process allows it), for diagnostics and the benchmark. */
  memory(): Promise<Array<{ heapUsed: number; external: number; textBytes: number; docs: number }>> {
    return Promise.all(this.workers.map((w) => w.call({ op: 'memory' })));
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers, ...(this.source ? [this.source] : [])].map((w) => w.terminate()));
  }
}

/** The library-wide expansions of one query word, capped, with their weights and idf per field. */
export function chooseTerms(prefix: boolean, perShard: Expansion[][], docCount: number): ScoredTerm[] {
  const merged = new Map<string, Expansion>();
  for (const list of perShard) {
    for (const e of list) {
      const m = merged.get(e.term);
      if (m) e.df.forEach((x, f) => { m.df[f]! += x; });
      else merged.set(e.term, { ...e, df: [...e.df] });
    }
  }
  const all = [...merged.values()];
  const exact = all.filter((e) => e.how === EXACT);
  const completions = pickCompletions(all.filter((e) => e.how === PREFIX), docCount, PREFIX_EXPANSIONS);
  // Typo variants only stand in for a word the library (almost) lacks; a word being typed uses
  // them only when nothing starts with it.
  const exactPassages = exact.reduce((n, e) => Math.max(n, e.df[0]!), 0);
  const typos = exactPassages < TYPO_THRESHOLD && !(prefix && completions.length)
    ? pickTypos(all.filter((e) => e.how === FUZZY), FUZZY_EXPANSIONS)
    : [];
  const chosen = [...exact, ...completions, ...typos];
  const idfOf = (df: number[]) => df.map((n) => (n > 0 ? Math.log(1 + (docCount - n + 0.5) / (n + 0.5)) : 0));
  const exactIdf = exact[0] ? idfOf(exact[0].df) : null;
  return chosen.map((e): ScoredTerm => {
    const len = e.term.length;
    const weight = e.how === EXACT ? 1 : e.how === PREFIX ? (PREFIX_WEIGHT * len) / (len + 0.3 * e.distance) : (FUZZY_WEIGHT * len) / (len + e.distance);
    const idf = idfOf(e.df);
    if (e.how !== FUZZY) return { term: e.term, weight, idf };
    // Exact matches outrank typo variants in the same field, whatever the passages' lengths: a
    // posting scores weight·idf·(D + …) with the "…" in (0, K1 + 1), so capping a variant's
    // weight·idf at D/(D + K1 + 1) of the exact word's idf puts its best below the exact's worst.
    if (exactIdf) idf.forEach((x, f) => { if (exactIdf[f]! > 0) idf[f] = Math.min(x, (BM25_FLOOR * exactIdf[f]!) / weight); });
    return { term: e.term, weight, idf, typo: true };
  });
}
