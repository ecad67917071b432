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

interface Job { system: 'ours' | 'minisearch'; phase: 'build' | 'restart'; files: CorpusFile[]; queries: QuerySets; dir: string; workerUrl: string; workers: number; limit: number }

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
    const r = await engine.search(`${job.queries.words[0]!} `, { limit: job.limit });
    const restartMs = performance.now();
    return { restartMs, hits: r.hits.length, stallMs: probe.stop() };
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
  await engine.indexFiles(job.files);
  const buildMs = performance.now() - t0;
  clearInterval(asker);
  const buildStallMs = probe.stop();
  gc();
  const mem = await engine.memory();
  const heapMB = (process.memoryUsage().heapUsed + mem.reduce((n, m) => n + m.heapUsed + m.external, 0)) / 1e6;
  const tp = performance.now();
  await engine.persist(FINGERPRINT);
  const persistMs = performance.now() - tp;
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
  await engine.close();
  return { buildMs, heapMB, indexBytes, persistMs, query, editMs, firstHitMs, stallMs: buildStallMs, passages: mem.reduce((n, m) => n + m.docs, 0) };
}

async function minisearch() {
  const { default: MiniSearch } = await import('minisearch');
  const file = path.join(job.dir, 'minisearch.json');
  await mkdir(job.dir, { recursive: true });
  const probe = stallProbe();
  if (job.phase === 'restart') {
    const ms = MiniSearch.loadJSON(await readFile(file, 'utf8'), MS_OPTIONS);
    const r = ms.search(job.queries.words[0]!, { combineWith: 'AND' }).slice(0, job.limit);
    const restartMs = performance.now();
    return { restartMs, hits: r.length, stallMs: probe.stop() };
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
  return { buildMs, heapMB, indexBytes, persistMs, query, stallMs: buildStallMs, passages: ms.documentCount };
}

const result = job.system === 'ours' ? await ours() : await minisearch();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
