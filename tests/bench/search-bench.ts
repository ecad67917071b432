/**
 * Search at library scale: Sourcebook's engine against plain MiniSearch 7 (default options,
 * fields ['text']), same passages, same queries, measured in the same run, interleaved, each
 * build and each restart in a fresh process.
 *
 *   npm run bench -- [--corpus DIR] [--scales 1,10,all] [--runs N] [--json FILE] [--workers N]
 *
 * Per scale (≈1 MB, ≈10 MB, all: a fixed seeded shuffle of the corpus files) and system:
 * buildMs (files → searchable, reading and parsing included), restartMs (process start with a
 * persisted index → first answered query), heapMB (retained after GC; ours: main thread plus
 * every worker, ArrayBuffers included), indexBytes (persisted size), query p50/p95 per kind, and
 * for ours: editMs (one changed file searchable again), firstHitMs (first results while a cold
 * library is indexing), stallMs (longest main-thread stall while indexing / restoring).
 * Medians over the runs (and the worst stall of any run); `runs` in the JSON keeps every run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { makeQuerySets, readPassages, shuffledFiles, takeScale } from './search-corpus';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : fallback; };
const corpus = path.resolve(opt('corpus', path.join(root, '../shared/corpora/gutenberg')));
const scales = opt('scales', '1,10,all').split(',').map((s) => s.trim());
const runs = Number(opt('runs', '1'));
const jsonOut = args.includes('--json') ? opt('json', '') : '';
const workers = Number(opt('workers', String(Math.min(4, os.availableParallelism()))));
const LIMIT = 50;

type Quantiles = { p50: number; p95: number };
interface Measure {
  buildMs: number; restartMs: number; heapMB: number; indexBytes: number;
  query: { typing: Quantiles; words: Quantiles; phrase: Quantiles; fuzzy: Quantiles };
  persistMs: number; stallMs: number; restartStallMs: number; editMs?: number; firstHitMs?: number | null;
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
  };
  if (rs[0]!.editMs !== undefined) { out.editMs = m((r) => r.editMs); out.firstHitMs = m((r) => r.firstHitMs ?? NaN); }
  return out;
}

const all = await shuffledFiles(corpus);
if (!all.length) throw new Error(`no corpus files in ${corpus}`);
const results: Array<{ name: string; bytes: number; passages: number; files: number; ours: Measure; minisearch: Measure; runs: Record<string, unknown[]> }> = [];
for (const scale of scales) {
  const files = takeScale(all, scale === 'all' ? Infinity : Number(scale));
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const passages = await readPassages(files);
  const queries = makeQuerySets(passages);
  const name = scale === 'all' ? 'all' : `${scale} MB`;
  console.error(`[${name}] ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${passages.length} passages; ${runs} run(s)`);
  const per: Record<'ours' | 'minisearch', Array<Record<string, unknown>>> = { ours: [], minisearch: [] };
  for (let r = 0; r < runs; r++) {
    const order: Array<'ours' | 'minisearch'> = r % 2 === 0 ? ['ours', 'minisearch'] : ['minisearch', 'ours'];
    for (const system of order) {
      const dir = path.join(tmp, `${scale}-${system}`);
      const job = { system, files, queries, dir, workerUrl: pathToFileURL(path.join(tmp, 'index-worker.mjs')).href, workers, limit: LIMIT };
      const jobFile = path.join(tmp, `job-${scale}-${system}.json`);
      await writeFile(jobFile, JSON.stringify({ ...job, phase: 'build' }));
      const built = await child(jobFile);
      await writeFile(jobFile, JSON.stringify({ ...job, phase: 'restart' }));
      const restarted = await child(jobFile);
      per[system].push({ ...built, restartMs: restarted.restartMs, restartStallMs: restarted.stallMs });
      console.error(`  run ${r + 1} ${system}: build ${(built.buildMs as number / 1000).toFixed(2)} s, restart ${(restarted.restartMs as number).toFixed(0)} ms`);
      await rm(dir, { recursive: true, force: true });
    }
  }
  results.push({ name, bytes, passages: passages.length, files: files.length, ours: combine(per.ours), minisearch: combine(per.minisearch), runs: per });
}

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const rows: Array<[string, (m: Measure) => number | null | undefined, number]> = [
  ['build (s)', (m) => m.buildMs / 1000, 2],
  ['restart → first answer (ms)', (m) => m.restartMs, 0],
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
const lines: string[] = [];
lines.push(`| | ${results.map((r) => `${r.name} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.passages} passages): ours | MiniSearch | ratio`).join(' | ')} |`);
lines.push(`|---|${results.map(() => '---|---|---').join('|')}|`);
for (const [label, get, digits] of rows) {
  const cells = results.map((r) => {
    const pair = (m: Measure) => (label.includes('p50') ? `${fmt(m.query[label.split(' ')[0] as 'typing'].p50, 1)} / ${fmt(get(m), digits)}` : fmt(get(m), digits));
    const a = get(r.ours) ?? NaN;
    const b = get(r.minisearch) ?? NaN;
    const ratio = a > 0 && b > 0 ? (b / a >= 1 ? `${(b / a).toFixed(1)}× better` : `${(a / b).toFixed(1)}× worse`) : '';
    return `${pair(r.ours)} | ${pair(r.minisearch)} | ${label.includes('stall') ? '' : ratio}`;
  });
  lines.push(`| ${label} | ${cells.join(' | ')} |`);
}
lines.push(`| one file edited → searchable (ms) | ${results.map((r) => `${fmt(r.ours.editMs, 0)} | | `).join(' | ')} |`);
lines.push(`| first results while indexing (ms) | ${results.map((r) => `${fmt(r.ours.firstHitMs, 0)} | | `).join(' | ')} |`);
console.log(lines.join('\n'));
if (jsonOut) await writeFile(jsonOut, JSON.stringify({ corpus, runs, workers, scales: results }, null, 2));
await rm(tmp, { recursive: true, force: true });
