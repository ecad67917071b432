/**
 * Search at library scale: Sourcebook's engine against plain MiniSearch 7 (default options,
 * fields ['text']), same passages, same queries, measured in the same run, interleaved, each
 * build and each restart in a fresh process.
 *
 *   npm run bench -- [--corpus DIR] [--scales 1,10,all,500mb,1gb] [--runs N] [--json FILE] [--workers N] [--edits N] [--storm N] [--systems ours,minisearch,fts5]
 *
 * Three systems in the same run: ours, plain MiniSearch, and SQLite FTS5 through better-sqlite3
 * 12 with a database on disk (a bench-only install; `fts5: null` with the reason in `errors`
 * when it is missing, and for MiniSearch beyond the `all` scale, whose heap would not fit).
 * Scales: ≈1 MB, ≈10 MB, all (a fixed seeded shuffle of the corpus files) and `1gb`: ≥ 1 GB of
 * distinct text recombined from the corpus paragraphs (tests/bench/search-corpus-gen.ts, made
 * once into the temp folder and reused; never in the repository); `500mb`: the first 500 MB of
 * the `1gb` library's files (issue 15 measures searches behind a persist at 486 MB).
 * Per scale and system:
 * buildMs (files → searchable, reading and parsing included), restartMs (process start with a
 * persisted index → first answered query), heapMB (retained after GC; ours: main thread plus
 * every worker, ArrayBuffers included), indexBytes (persisted size), query p50/p95 per kind, and
 * peakRssMB (the process's peak resident memory while building, worker threads and native memory
 * included), idleRssMB (after a restart and the first answer), coldQueryMs (that first query), and
 * for ours: editMs (one changed file searchable again), firstHitMs (first results while a cold
 * library is indexing), stallMs (longest main-thread stall while indexing / restoring),
 * editPersist (N edits persisted one by one while a query runs every 50 ms: median persist time,
 * largest write, slowest query asked while a persist was under way, slowest asked while the
 * edited file was re-indexed), storm (N files of the library changed at once, N = --storm,
 * default 1,000 at 500mb and 1gb, 0 below: the batch's time until all are searchable, the
 * process's resident memory before and after it and its peak meanwhile, the slowest query asked
 * meanwhile).
 * Medians over the runs (and the worst stall of any run); `runs` in the JSON keeps every run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { generateLibrary } from './search-corpus-gen';
import { makeQuerySets, readPassages, shuffledFiles, takeScale, type CorpusFile } from './search-corpus';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : fallback; };
const corpus = path.resolve(opt('corpus', path.join(root, '../shared/corpora/gutenberg')));
const scales = opt('scales', '1,10,all').split(',').map((s) => s.trim());
const runs = Number(opt('runs', '1'));
const jsonOut = args.includes('--json') ? opt('json', '') : '';
const workers = Number(opt('workers', String(Math.min(4, os.availableParallelism()))));
const edits = Number(opt('edits', '20'));
const stormArg = opt('storm', '');
const only = opt('systems', 'ours,minisearch,fts5').split(',').map((x) => x.trim());
const LIMIT = 50;

type Quantiles = { p50: number; p95: number };
interface Measure {
  buildMs: number; restartMs: number; heapMB: number; indexBytes: number;
  query: { typing: Quantiles; words: Quantiles; phrase: Quantiles; fuzzy: Quantiles };
  persistMs: number; stallMs: number; restartStallMs: number; editMs?: number; firstHitMs?: number | null;
  peakRssMB: number; idleRssMB: number; coldQueryMs: number;
  editPersist?: { edits: number; medianMs: number; maxBytes: number; slowestQueryMs: number; slowestQueryIndexingMs: number };
  storm?: { files: number; ms: number; rssBeforeMB: number; rssAfterMB: number; peakRssMB: number; slowestQueryMs: number } | null;
  /** The longest stall over all runs (the other figures are medians). */
  worstStallMs: number;
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'sb-search-bench-'));
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };
const bundle = (entry: string, name: string) => build({
  entryPoints: { [name]: path.join(root, entry) }, outdir: tmp, splitting: true, entryNames: '[name]', chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', banner,
});
await Promise.all([bundle('tests/bench/search-child.ts', 'child'), bundle('main/node/search/index-worker.ts', 'index-worker')]);

function child(jobFile: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', path.join(tmp, 'child.mjs'), jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`benchmark process failed (${code}):\n${err || out}`));
    });
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)] ?? 0; };
function combine(rs: Array<Record<string, any>>): Measure {
  const m = (f: (r: Record<string, any>) => number) => median(rs.map(f));
  const q = (k: string) => ({ p50: m((r) => r.query[k].p50), p95: m((r) => r.query[k].p95) });
  const out: Measure = {
    buildMs: m((r) => r.buildMs), restartMs: m((r) => r.restartMs), heapMB: m((r) => r.heapMB), indexBytes: m((r) => r.indexBytes),
    query: { typing: q('typing'), words: q('words'), phrase: q('phrase'), fuzzy: q('fuzzy') },
    persistMs: m((r) => r.persistMs), stallMs: m((r) => r.stallMs), restartStallMs: m((r) => r.restartStallMs),
    worstStallMs: Math.max(...rs.map((r) => Math.max(r.stallMs, r.restartStallMs))),
    peakRssMB: m((r) => r.peakRssMB), idleRssMB: m((r) => r.idleRssMB), coldQueryMs: m((r) => r.coldQueryMs),
  };
  if (rs[0]!.editMs !== undefined) { out.editMs = m((r) => r.editMs); out.firstHitMs = m((r) => r.firstHitMs ?? NaN); }
  if (rs[0]!.storm) out.storm = { files: rs[0]!.storm.files, ms: m((r) => r.storm.ms), rssBeforeMB: m((r) => r.storm.rssBeforeMB), rssAfterMB: m((r) => r.storm.rssAfterMB), peakRssMB: m((r) => r.storm.peakRssMB), slowestQueryMs: Math.max(...rs.map((r) => r.storm.slowestQueryMs)) };
  if (rs[0]!.editPersist) out.editPersist = { edits: rs[0]!.editPersist.edits, medianMs: m((r) => r.editPersist.medianMs), maxBytes: m((r) => r.editPersist.maxBytes), slowestQueryMs: Math.max(...rs.map((r) => r.editPersist.slowestQueryMs)), slowestQueryIndexingMs: Math.max(...rs.map((r) => r.editPersist.slowestQueryIndexingMs)) };
  return out;
}

const all = await shuffledFiles(corpus);
if (!all.length) throw new Error(`no corpus files in ${corpus}`);
type System = 'ours' | 'minisearch' | 'fts5';
const SYSTEMS: System[] = ['ours', 'minisearch', 'fts5'];
const results: Array<{ name: string; bytes: number; passages: number; files: number; ours: Measure | null; minisearch: Measure | null; fts5: Measure | null; errors: Partial<Record<System, string>>; runs: Record<string, unknown[]> }> = [];

/** The `1gb` library: generated once into the temp folder (seeded), reused by later runs. */
async function gigabyteLibrary(): Promise<CorpusFile[]> {
  const dir = path.join(os.tmpdir(), 'sourcebook-bench-1gb-seed1');
  if (!existsSync(path.join(dir, 'DONE'))) {
    console.error(`[1gb] generating ≥ 1 GB of recombined text into ${dir} …`);
    await rm(dir, { recursive: true, force: true });
    const made = await generateLibrary(dir, 1.02e9, { seed: 1 });
    await writeFile(path.join(dir, 'DONE'), JSON.stringify(made));
  }
  const files: CorpusFile[] = [];
  for (const part of (await readdir(dir)).filter((n) => n.startsWith('part-')).sort()) {
    for (const n of (await readdir(path.join(dir, part))).sort()) {
      const relPath = `${part}/${n}`;
      files.push({ owner: relPath, absPath: path.join(dir, relPath), relPath, folder: 0, bytes: (await stat(path.join(dir, relPath))).size });
    }
  }
  return files;
}

for (const scale of scales) {
  const big = scale === '1gb' || scale === '500mb';
  const files = scale === '1gb' ? await gigabyteLibrary() : scale === '500mb' ? takeScale(await gigabyteLibrary(), 500) : takeScale(all, scale === 'all' ? Infinity : Number(scale));
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  // Queries come from the passages; at 1 GB from a seeded 30 MB sample of the files (the bench process must not hold 1 GB of text).
  const sample = big ? takeScale(files.filter((_, i) => i % 33 === 0), 30) : files;
  const passages = await readPassages(sample);
  const queries = makeQuerySets(passages);
  const passageCount = big ? Math.round((passages.length * bytes) / sample.reduce((n, f) => n + f.bytes, 0)) : passages.length;
  passages.length = 0;
  const name = scale === 'all' ? 'all' : scale === '1gb' ? '1 GB' : scale === '500mb' ? '500 MB' : `${scale} MB`;
  console.error(`[${name}] ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${big ? '≈' : ''}${passageCount} passages; ${runs} run(s)`);
  const per: Record<System, Array<Record<string, unknown>>> = { ours: [], minisearch: [], fts5: [] };
  const errors: Partial<Record<System, string>> = {};
  for (const sys of SYSTEMS) if (!only.includes(sys)) errors[sys] = 'not run (--systems)';
  if (big && !errors.minisearch) errors.minisearch = 'not run: plain MiniSearch keeps the whole index on the JavaScript heap (564 MB at 60 MB of books), beyond the 4 GB heap at 1 GB';
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse();
    for (const system of order) {
      if (errors[system]) continue;
      const dir = path.join(tmp, `${scale}-${system}`);
      const storm = Number(stormArg || (big ? 1000 : 0));
      const job = { system, files, queries, dir, workerUrl: pathToFileURL(path.join(tmp, 'index-worker.mjs')).href, workers, limit: LIMIT, edits, storm };
      const jobFile = path.join(tmp, `job-${scale}-${system}.json`);
      try {
        await writeFile(jobFile, JSON.stringify({ ...job, phase: 'build' }));
        const built = await child(jobFile);
        await writeFile(jobFile, JSON.stringify({ ...job, phase: 'restart' }));
        const restarted = await child(jobFile);
        per[system].push({ ...built, restartMs: restarted.restartMs, restartStallMs: restarted.stallMs, idleRssMB: restarted.idleRssMB, coldQueryMs: restarted.coldQueryMs });
        console.error(`  run ${r + 1} ${system}: build ${(built.buildMs as number / 1000).toFixed(2)} s, peak RSS ${(built.peakRssMB as number).toFixed(0)} MB, restart ${(restarted.restartMs as number).toFixed(0)} ms, idle RSS ${(restarted.idleRssMB as number).toFixed(0)} MB`);
      } catch (error) {
        errors[system] = ((error as Error).message.split('\n').find((l) => /Error|error/.test(l)) ?? (error as Error).message).slice(0, 400);
        console.error(`  run ${r + 1} ${system}: failed: ${errors[system]}`);
      }
      await rm(dir, { recursive: true, force: true });
    }
  }
  const combined = (sys: System) => (per[sys].length && !errors[sys] ? combine(per[sys]) : null);
  results.push({ name, bytes, passages: passageCount, files: files.length, ours: combined('ours'), minisearch: combined('minisearch'), fts5: combined('fts5'), errors, runs: per });
}

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const rows: Array<[string, (m: Measure) => number | null | undefined, number]> = [
  ['build (s)', (m) => m.buildMs / 1000, 2],
  ['peak RSS while building (MB)', (m) => m.peakRssMB, 0],
  ['restart → first answer (ms)', (m) => m.restartMs, 0],
  ['cold query after restart (ms)', (m) => m.coldQueryMs, 1],
  ['idle RSS after restart (MB)', (m) => m.idleRssMB, 0],
  ['retained heap (MB)', (m) => m.heapMB, 0],
  ['index on disk (MB)', (m) => m.indexBytes / 1e6, 1],
  ['typing p50 / p95 (ms)', (m) => m.query.typing.p95, 1],
  ['words p50 / p95 (ms)', (m) => m.query.words.p95, 1],
  ['phrase p50 / p95 (ms)', (m) => m.query.phrase.p95, 1],
  ['fuzzy p50 / p95 (ms)', (m) => m.query.fuzzy.p95, 1],
  ['longest main-thread stall, build (ms)', (m) => m.stallMs, 0],
  ['longest main-thread stall, restart (ms)', (m) => m.restartStallMs, 0],
  ['longest main-thread stall, worst run (ms)', (m) => m.worstStallMs, 0],
];
/** Ours against another system: "2.0× better" (lower is better for every figure). */
const ratio = (a: number, b: number) => (a > 0 && b > 0 ? (b / a >= 1 ? `${(b / a).toFixed(1)}× better` : `${(a / b).toFixed(1)}× worse`) : '');
const lines: string[] = [];
lines.push(`| | ${results.map((r) => `${r.name} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.passages} passages): ours | MiniSearch | FTS5 | vs MiniSearch | vs FTS5`).join(' | ')} |`);
lines.push(`|---|${results.map(() => '---|---|---|---|---').join('|')}|`);
for (const [label, get, digits] of rows) {
  const cells = results.map((r) => {
    const pair = (m: Measure | null) => (!m ? '–' : label.includes('p50') ? `${fmt(m.query[label.split(' ')[0] as 'typing'].p50, 1)} / ${fmt(get(m), digits)}` : fmt(get(m), digits));
    const a = r.ours ? get(r.ours) ?? NaN : NaN;
    const vs = (m: Measure | null) => (!m || label.includes('stall') ? '' : ratio(a, get(m) ?? NaN));
    return `${pair(r.ours)} | ${pair(r.minisearch)} | ${pair(r.fts5)} | ${vs(r.minisearch)} | ${vs(r.fts5)}`;
  });
  lines.push(`| ${label} | ${cells.join(' | ')} |`);
}
const oursOnly = (label: string, get: (m: Measure) => string) => lines.push(`| ${label} | ${results.map((r) => `${r.ours ? get(r.ours) : '–'} | | | | `).join(' | ')} |`);
oursOnly('one file edited → searchable (ms)', (m) => fmt(m.editMs, 0));
oursOnly('first results while indexing (ms)', (m) => fmt(m.firstHitMs, 0));
oursOnly('edits persisted: median ms / largest write MB', (m) => (m.editPersist ? `${fmt(m.editPersist.medianMs, 0)} / ${fmt(m.editPersist.maxBytes / 1e6, 2)}` : '–'));
oursOnly('slowest query asked while an edit persists (ms)', (m) => fmt(m.editPersist?.slowestQueryMs, 0));
oursOnly('slowest query asked while an edit is re-indexed (ms)', (m) => fmt(m.editPersist?.slowestQueryIndexingMs, 0));
oursOnly('storm: files changed at once / all searchable after (s)', (m) => (m.storm ? `${m.storm.files} / ${fmt(m.storm.ms / 1000, 1)}` : '–'));
oursOnly('storm: RSS before / peak / after (MB)', (m) => (m.storm ? `${fmt(m.storm.rssBeforeMB, 0)} / ${fmt(m.storm.peakRssMB, 0)} / ${fmt(m.storm.rssAfterMB, 0)}` : '–'));
oursOnly('storm: slowest query asked meanwhile (ms)', (m) => fmt(m.storm?.slowestQueryMs, 0));
console.log(lines.join('\n'));
for (const r of results) for (const [sys, why] of Object.entries(r.errors)) console.log(`${r.name}, ${sys}: ${why}`);
if (jsonOut) await writeFile(jsonOut, JSON.stringify({ corpus, runs, workers, scales: results }, null, 2));
await rm(tmp, { recursive: true, force: true });
