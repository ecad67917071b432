/**
 * One measured process of the search benchmark: one system ("ours" or plain MiniSearch), one
 * phase ("build": index, persist, measure heap and queries; "restart": from process start with
 * the persisted index to the first answered query). Prints one line `RESULT <json>`.
 * Run by search-bench.ts after bundling, never directly.
 */
import { copyFile, mkdir, readFile, rm, stat, writeFile, appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusFile, QuerySets } from './search-corpus';
// Each system is loaded only by its own processes (dynamic imports, split bundle), so neither
// pays for loading the other at restart.

interface Job { system: 'ours' | 'minisearch' | 'fts5'; phase: 'build' | 'restart'; files: CorpusFile[]; queries: QuerySets; dir: string; workerUrl: string; workers: number; limit: number; edits: number; storm?: number }

const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as Job;
const FINGERPRINT = 'bench';
const MS_OPTIONS = { fields: ['text'] };

/** The longest time the event loop could not run a 1 ms timer. */
function stallProbe() {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => { const now = performance.now(); max = Math.max(max, now - last - 1); last = now; }, 1);
  return { stop: () => { clearInterval(timer); const now = performance.now(); return Math.max(max, now - last - 1); }, reset: () => { max = 0; last = performance.now(); } };
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** This process's peak resident memory so far (VmHWM: worker threads and native memory included), MB. */
async function peakRssMB(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : process.memoryUsage().rss / 1e6;
}

/** Resident memory now (VmRSS, the whole process), MB. */
async function rssNowMB(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : process.memoryUsage().rss / 1e6;
}

/** Resident memory now, after a collection, MB. */
async function idleRssMB(): Promise<number> {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  return process.memoryUsage().rss / 1e6;
}

function percentiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}

async function timeAll(queries: string[], run: (q: string) => Promise<unknown> | unknown) {
  const times: number[] = [];
  for (const q of queries) { const t = performance.now(); await run(q); times.push(performance.now() - t); }
  return percentiles(times);
}

async function dirBytes(dir: string) {
  let n = 0;
  for (const f of await readdir(dir)) n += (await stat(path.join(dir, f))).size;
  return n;
}

async function ours() {
  const { SearchEngine } = await import('../../main/node/search');
  const cacheDir = path.join(job.dir, 'ours');
  const probe = stallProbe();
  const workerUrl = new URL(job.workerUrl);
  if (job.phase === 'restart') {
    const engine = await SearchEngine.create({ workers: job.workers, cacheDir, workerUrl });
    if (!(await engine.restore(FINGERPRINT))) throw new Error('restore failed');
    const tq = performance.now();
    const r = await engine.search(`${job.queries.words[0]!} `, { limit: job.limit });
    const restartMs = performance.now();
    const coldQueryMs = restartMs - tq;
    const stallMs = probe.stop();
    return { restartMs, coldQueryMs, hits: r.hits.length, stallMs, idleRssMB: await idleRssMB() };
  }
  await rm(cacheDir, { recursive: true, force: true });
  const t0 = performance.now();
  const engine = await SearchEngine.create({ workers: job.workers, cacheDir, workerUrl });
  // While building, ask for a frequent word now and then: when do the first results appear?
  let firstHitMs: number | null = null;
  let asking = false;
  const asker = setInterval(() => {
    if (asking || firstHitMs !== null) return;
    asking = true;
    void engine.search('said ').then((r) => { if (r.hits.length && firstHitMs === null) firstHitMs = performance.now() - t0; asking = false; });
  }, 100);
  // Outcomes as the library takes them: one by one, not all held by the engine until the end.
  await engine.indexFiles(job.files, undefined, { outcomes: false });
  const buildMs = performance.now() - t0;
  clearInterval(asker);
  const buildStallMs = probe.stop();
  gc();
  const mem = await engine.memory();
  const heapMB = (process.memoryUsage().heapUsed + mem.reduce((n, m) => n + m.heapUsed + m.external, 0)) / 1e6;
  const tp = performance.now();
  await engine.persist(FINGERPRINT);
  const persistMs = performance.now() - tp;
  const peakRss = await peakRssMB();
  const indexBytes = await dirBytes(cacheDir);
  const search = (q: string) => engine.search(q, { limit: job.limit });
  const query = {
    typing: await timeAll(job.queries.typing.flat(), search),
    words: await timeAll(job.queries.words.map((q) => `${q} `), search),
    phrase: await timeAll(job.queries.phrase.map((q) => `${q} `), search),
    fuzzy: await timeAll(job.queries.fuzzy.map((q) => `${q} `), search),
  };
  // Edit one file of the library: how long until its new words are found?
  const victim = job.files[Math.floor(job.files.length / 2)]!;
  const edited = path.join(job.dir, 'edited', victim.relPath);
  await mkdir(path.dirname(edited), { recursive: true });
  await copyFile(victim.absPath, edited);
  await appendFile(edited, '\n\nA freshly added paragraph mentioning zyxwvutsrq.\n');
  const te = performance.now();
  await engine.indexFiles([{ ...victim, absPath: edited }]);
  const found = await engine.search('zyxwvutsrq ');
  const editMs = performance.now() - te;
  if (!found.hits.length) throw new Error('the edited file is not searchable');
  // Edits persisted one after another while a query runs every 50 ms: the slowest query asked
  // while a persist was under way, the slowest asked while the edited file was re-indexed, and
  // what each persist wrote (a delta, not the whole index).
  const persists: number[] = [];
  const written: number[] = [];
  let slowest = 0;
  let slowestIndexing = 0;
  let querying = true;
  let phase = 'idle' as 'idle' | 'indexing' | 'persisting';
  const prober = (async () => {
    let k = 0;
    while (querying) {
      const t = performance.now();
      const asked = phase;
      await search(`${job.queries.words[k++ % job.queries.words.length]!} `);
      const took = performance.now() - t;
      if (asked === 'persisting') slowest = Math.max(slowest, took);
      if (asked === 'indexing') slowestIndexing = Math.max(slowestIndexing, took);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  for (let i = 0; i < job.edits; i++) {
    const victim = job.files[(i * 7919) % job.files.length]!;
    const copy = path.join(job.dir, 'edited', `${i}-${path.basename(victim.relPath)}`);
    await copyFile(victim.absPath, copy);
    await appendFile(copy, `\n\nEdit number ${i} mentions qqedit${i}zz.\n`);
    phase = 'indexing';
    await engine.indexFiles([{ ...victim, absPath: copy }]);
    const t = performance.now();
    phase = 'persisting';
    const report = await engine.persist(FINGERPRINT);
    phase = 'idle';
    persists.push(performance.now() - t);
    written.push(report.bytes);
  }
  querying = false;
  await prober;
  const storm = job.storm ? await stormOf(engine, job.storm, search) : null;
  await engine.close();
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return {
    buildMs, heapMB, indexBytes, persistMs, query, editMs, firstHitMs, stallMs: buildStallMs, passages: mem.reduce((n, m) => n + m.docs, 0), peakRssMB: peakRss,
    storm,
    editPersist: { edits: job.edits, medianMs: sorted(persists)[persists.length >> 1] ?? 0, maxBytes: Math.max(0, ...written), slowestQueryMs: slowest, slowestQueryIndexingMs: slowestIndexing },
  };
}

/**
 * A watcher storm as the engine sees it: `count` files of the library changed at once (each
 * copy gains a line with a word of its own) and handed over in one batch, while a query runs
 * every 50 ms and resident memory is sampled every 100 ms. Done when every changed file is found.
 */
async function stormOf(engine: { indexFiles(files: CorpusFile[], p: undefined, o: { outcomes: boolean }): Promise<unknown>; search(q: string, o?: { limit: number }): Promise<{ total: number }> }, count: number, search: (q: string) => Promise<unknown>) {
  const step = Math.max(1, Math.floor(job.files.length / count));
  const victims = Array.from({ length: Math.min(count, job.files.length) }, (_, i) => job.files[(i * step) % job.files.length]!);
  const changed: CorpusFile[] = [];
  for (const [i, v] of victims.entries()) {
    const copy = path.join(job.dir, 'storm', `${i}-${path.basename(v.relPath)}`);
    await mkdir(path.dirname(copy), { recursive: true });
    await copyFile(v.absPath, copy);
    await appendFile(copy, `\n\nThe storm changed this file: qqstorm${i}zz and qqstormall.\n`);
    changed.push({ ...v, absPath: copy });
  }
  gc();
  const rssBeforeMB = await rssNowMB();
  let peak = rssBeforeMB;
  const sampler = setInterval(() => { void rssNowMB().then((r) => { peak = Math.max(peak, r); }); }, 100);
  let slowestQueryMs = 0;
  let querying = true;
  const prober = (async () => {
    for (let k = 0; querying; k++) {
      const t = performance.now();
      await search(`${job.queries.words[k % job.queries.words.length]!} `);
      slowestQueryMs = Math.max(slowestQueryMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  await engine.indexFiles(changed, undefined, { outcomes: false });
  const found = await engine.search('qqstormall ', { limit: 1 });
  const ms = performance.now() - t0;
  querying = false;
  await prober;
  clearInterval(sampler);
  if (found.total !== changed.length) throw new Error(`storm: ${found.total} of ${changed.length} changed files are searchable`);
  gc();
  const rssAfterMB = await rssNowMB();
  return { files: changed.length, ms, rssBeforeMB, rssAfterMB, peakRssMB: Math.max(peak, rssAfterMB), slowestQueryMs };
}

async function minisearch() {
  const { default: MiniSearch } = await import('minisearch');
  const file = path.join(job.dir, 'minisearch.json');
  await mkdir(job.dir, { recursive: true });
  const probe = stallProbe();
  if (job.phase === 'restart') {
    const ms = MiniSearch.loadJSON(await readFile(file, 'utf8'), MS_OPTIONS);
    const tq = performance.now();
    const r = ms.search(job.queries.words[0]!, { combineWith: 'AND' }).slice(0, job.limit);
    const restartMs = performance.now();
    const stallMs = probe.stop();
    return { restartMs, coldQueryMs: restartMs - tq, hits: r.length, stallMs, idleRssMB: await idleRssMB() };
  }
  const { readPassages } = await import('./search-corpus');
  const { phraseRegExp } = await import('../../main/node/search/phrase');
  const { words: tokenize } = await import('../../main/node/search/tokenize');
  const t0 = performance.now();
  const passages = await readPassages(job.files);
  const texts = new Map(passages.map((p) => [p.id, p.text]));
  const ms = new MiniSearch(MS_OPTIONS);
  ms.addAll(passages);
  const buildMs = performance.now() - t0;
  const buildStallMs = probe.stop();
  passages.length = 0;
  gc();
  const m = process.memoryUsage();
  const heapMB = (m.heapUsed + m.external) / 1e6;
  const tp = performance.now();
  const json = JSON.stringify(ms);
  await writeFile(file, json);
  const persistMs = performance.now() - tp;
  const indexBytes = Buffer.byteLength(json);
  const peakRss = await peakRssMB();
  const and = (q: string, opts: object = {}) => ms.search(q, { combineWith: 'AND', ...opts }).slice(0, job.limit);
  const query = {
    typing: await timeAll(job.queries.typing.flat(), (q) => and(q, { prefix: (_t: string, i: number, terms: string[]) => i === terms.length - 1 })),
    words: await timeAll(job.queries.words, (q) => and(q)),
    phrase: await timeAll(job.queries.phrase, (q) => {
      const re = phraseRegExp(q.replace(/"/g, ''));
      return ms.search(tokenize(q).join(' '), { combineWith: 'AND' }).filter((r) => re.test(texts.get(r.id as string) ?? '')).slice(0, job.limit);
    }),
    fuzzy: await timeAll(job.queries.fuzzy, (q) => and(q, { fuzzy: 0.2 })),
  };
  return { buildMs, heapMB, indexBytes, persistMs, query, stallMs: buildStallMs, passages: ms.documentCount, peakRssMB: peakRss };
}

/**
 * SQLite FTS5 through better-sqlite3 12 (a bench-only install, see the README), a database on
 * disk: one row per passage, tokenizer unicode61 with diacritics removed, bm25 ranking, a
 * snippet per hit. Words are ANDed, the word being typed is a prefix (`word*`), phrases are
 * FTS5 phrases; FTS5 has no typo tolerance, so a misspelt word is searched as typed.
 */
async function fts5() {
  const Database = await loadSqlite();
  const file = path.join(job.dir, 'fts5.db');
  await mkdir(job.dir, { recursive: true });
  const probe = stallProbe();
  const quote = (w: string) => `"${w.replace(/"/g, '""')}"`;
  const { words: tokenize } = await import('../../main/node/search/tokenize');
  const match = (q: string, prefix: boolean) => {
    const phrase = /^\s*"/.test(q);
    const ws = tokenize(q).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
    if (!ws.length) return null;
    if (phrase) return quote(ws.join(' '));
    return ws.map((w, i) => (prefix && i === ws.length - 1 ? `${quote(w)}*` : quote(w))).join(' ');
  };
  const open = () => {
    const db = new Database(file);
    const stmt = db.prepare(`SELECT rowid, snippet(p, 0, '[', ']', '…', 24) AS snippet FROM p WHERE p MATCH ? ORDER BY rank LIMIT ${job.limit}`);
    return { db, run: (q: string, prefix: boolean) => { const m = match(q, prefix); return m ? stmt.all(m) : []; } };
  };
  if (job.phase === 'restart') {
    const { db, run } = open();
    const tq = performance.now();
    const r = run(job.queries.words[0]!, false);
    const restartMs = performance.now();
    const stallMs = probe.stop();
    const idle = await idleRssMB();
    db.close();
    return { restartMs, coldQueryMs: restartMs - tq, hits: r.length, stallMs, idleRssMB: idle };
  }
  await rm(file, { force: true });
  const { readSource } = await import('../../main/node/library/parse');
  const t0 = performance.now();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE VIRTUAL TABLE p USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')");
  const insert = db.prepare('INSERT INTO p(text) VALUES (?)');
  let passages = 0;
  for (const f of job.files) {
    const r = await readSource(f.absPath, f.relPath);
    if (!r.ok) continue;
    const text = r.source.text;
    db.transaction(() => { for (const p of r.source.passages) { insert.run(text.slice(p.start, p.end)); passages++; } })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const buildMs = performance.now() - t0;
  const buildStallMs = probe.stop();
  const peakRss = await peakRssMB();
  const { run, db: reader } = open();
  const heapMB = await idleRssMB();
  const indexBytes = await dirBytes(job.dir).catch(() => 0);
  const query = {
    typing: await timeAll(job.queries.typing.flat(), (q) => run(q, true)),
    words: await timeAll(job.queries.words, (q) => run(q, false)),
    phrase: await timeAll(job.queries.phrase, (q) => run(q, false)),
    fuzzy: await timeAll(job.queries.fuzzy, (q) => run(q, false)),
  };
  reader.close();
  return { buildMs, heapMB, indexBytes, persistMs: 0, query, stallMs: buildStallMs, passages, peakRssMB: peakRss };
}

/** better-sqlite3 from the project, or from the folder named by SOURCEBOOK_FTS5_MODULES (a bench-only install). */
async function loadSqlite(): Promise<new (file: string) => SqliteDb> {
  try {
    return (await import('better-sqlite3' as string)).default;
  } catch {
    const dir = process.env.SOURCEBOOK_FTS5_MODULES;
    if (!dir) throw new Error('better-sqlite3 is not installed (bench-only: see the README, "Measuring against SQLite FTS5")');
    const { createRequire } = await import('node:module');
    return createRequire(path.join(dir, 'noop.js'))('better-sqlite3');
  }
}
interface SqliteDb {
  prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  exec(sql: string): void;
  pragma(p: string): unknown;
  transaction(f: () => void): () => void;
  close(): void;
}

const result = job.system === 'ours' ? await ours() : job.system === 'fts5' ? await fts5() : await minisearch();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
