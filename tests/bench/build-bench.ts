/**
 * The build alone, this tree's engine against other commits' in the same run, alternating: the
 * first N MB of the bench's `1gb` library (search-bench.ts generates it once into the temp
 * folder) indexed into a fresh cache by a fresh process, each version in turn, so the machine's
 * load weighs on both alike.
 *
 *   npx tsx tests/bench/build-bench.ts [--mb 250] [--rounds 2] [--workers 2] [--compare REF[,REF…]] [--cpu-prof DIR] [--json FILE]
 *
 * Per build: wall time (files → searchable, reading and parsing included, the end-of-build merge
 * too), the tail (last file indexed → build done: the merge a worker waits on), peak RSS of the
 * process (VmHWM), and the CPU time of each thread that used more than 0.3 s (the two index
 * workers) in all and in the tail. With --cpu-prof every thread writes a V8 CPU profile into DIR. The load average is
 * printed before each build. Another commit's code is a `git archive` of it in the temp folder,
 * bundled with this tree's node_modules.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generateLibrary } from './search-corpus-gen';
import { takeScale, type CorpusFile } from './search-corpus';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : fallback; };
const megabytes = Number(opt('mb', '250'));
const rounds = Number(opt('rounds', '2'));
const workers = Number(opt('workers', '2'));
const refs = opt('compare', '').split(',').filter(Boolean);
const profDir = opt('cpu-prof', '');
const jsonOut = opt('json', '');

const library = path.join(os.tmpdir(), 'sourcebook-bench-1gb-seed1');
if (!existsSync(path.join(library, 'DONE'))) {
  // (As search-bench.ts makes it: same seed, same folder, so either bench reuses it.)
  console.error(`generating the 1gb library into ${library} …`);
  await rm(library, { recursive: true, force: true });
  const made = await generateLibrary(library, 1.02e9, { seed: 1 });
  await writeFile(path.join(library, 'DONE'), JSON.stringify(made));
}
const all: CorpusFile[] = [];
for (const part of (await readdir(library)).filter((n) => n.startsWith('part-')).sort()) {
  for (const n of (await readdir(path.join(library, part))).sort()) {
    const relPath = `${part}/${n}`;
    all.push({ owner: relPath, absPath: path.join(library, relPath), relPath, folder: 0, bytes: (await stat(path.join(library, relPath))).size });
  }
}
const files = takeScale(all, megabytes);

interface Version { name: string; dir: string }

/** A tree's engine and index worker bundled into `out` (the child imports the engine from there). */
async function bundle(tree: string, out: string): Promise<void> {
  const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };
  await build({
    entryPoints: { engine: path.join(tree, 'main/node/search/index.ts'), 'index-worker': path.join(tree, 'main/node/search/index-worker.ts') },
    outdir: out, splitting: true, entryNames: '[name]', chunkNames: 'chunk-[hash]', outExtension: { '.js': '.mjs' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', banner, nodePaths: [path.join(root, 'node_modules')],
  });
}

async function version(ref: string | null): Promise<Version> {
  if (!ref) {
    const dir = path.join(os.tmpdir(), `sb-build-bench-here-${process.pid}`);
    await bundle(root, dir);
    return { name: 'this tree', dir };
  }
  const sha = execFileSync('git', ['rev-parse', ref], { cwd: root, encoding: 'utf8' }).trim();
  const tree = path.join(os.tmpdir(), `sb-build-bench-${sha.slice(0, 12)}`);
  if (!existsSync(path.join(tree, 'bundle', 'engine.mjs'))) {
    await rm(tree, { recursive: true, force: true });
    await mkdir(tree, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C ${JSON.stringify(tree)}`], { cwd: root });
    await symlink(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
    await bundle(tree, path.join(tree, 'bundle'));
  }
  return { name: `${ref} (${sha.slice(0, 8)})`, dir: path.join(tree, 'bundle') };
}

/** The measured process: indexes `files` with the engine bundled in `dir`, prints `RESULT <json>`. */
const CHILD = `
import { readFileSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
const [dir, jobFile] = process.argv.slice(2);
const job = JSON.parse(await readFile(jobFile, 'utf8'));
const { SearchEngine } = await import(dir + '/engine.mjs');
// CPU ms of each thread so far (utime + stime, 100 Hz ticks).
const threads = () => {
  const out = {};
  for (const t of readdirSync('/proc/self/task')) {
    let stat = '';
    try { stat = readFileSync('/proc/self/task/' + t + '/stat', 'utf8'); } catch {}
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out[t] = (Number(f[11]) + Number(f[12])) * 10;
  }
  return out;
};
await rm(job.cacheDir, { recursive: true, force: true });
const t0 = performance.now();
const engine = await SearchEngine.create({ workers: job.workers, cacheDir: job.cacheDir, workerUrl: new URL(dir + '/index-worker.mjs', 'file://') });
let last = 0;
let before = {};
await engine.indexFiles(job.files, (done, total) => { last = performance.now(); if (done === total) before = threads(); }, { outcomes: false });
const end = performance.now();
const after = threads();
const busy = Object.keys(after).filter((t) => after[t] > 300).sort((a, b) => after[b] - after[a]);
const cpu = busy.map((t) => after[t]);
// The tail's CPU: what each thread did between the last file indexed and the build's end.
const tailCpu = busy.map((t) => after[t] - (before[t] ?? 0));
const status = await readFile('/proc/self/status', 'utf8');
const peak = Number(/VmHWM:\\s+(\\d+)/.exec(status)[1]) / 1024;
await engine.close();
console.log('RESULT ' + JSON.stringify({ buildMs: end - t0, tailMs: end - last, peakRssMB: peak, cpuMs: cpu, tailCpuMs: tailCpu }));
`;

const tmp = path.join(os.tmpdir(), `sb-build-bench-run-${process.pid}`);
await mkdir(tmp, { recursive: true });
await writeFile(path.join(tmp, 'child.mjs'), CHILD);
const jobFile = path.join(tmp, 'job.json');
await writeFile(jobFile, JSON.stringify({ files, workers, cacheDir: path.join(tmp, 'cache') }));

function measure(v: Version, label: string): Promise<Record<string, any>> {
  const flags = profDir ? ['--cpu-prof', '--cpu-prof-dir', path.join(profDir, label)] : [];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...flags, path.join(tmp, 'child.mjs'), v.dir, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`build process failed (${code}):\n${err || out}`));
    });
  });
}

const versions = [await version(null), ...(await Promise.all(refs.map(version)))];
console.error(`${files.length} files, ${(files.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(1)} MB, ${workers} workers; ${versions.map((v) => v.name).join(' / ')}`);
const results: Record<string, Array<Record<string, any>>> = Object.fromEntries(versions.map((v) => [v.name, []]));
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? versions : [...versions].reverse();
  for (const v of order) {
    const load = os.loadavg()[0]!.toFixed(1);
    const m = await measure(v, `${r}-${versions.indexOf(v)}`);
    results[v.name]!.push({ ...m, load: Number(load) });
    console.error(`  round ${r + 1} ${v.name}: build ${(m.buildMs / 1000).toFixed(1)} s (tail ${(m.tailMs / 1000).toFixed(1)} s), peak RSS ${m.peakRssMB.toFixed(0)} MB, CPU ${m.cpuMs.map((x: number) => (x / 1000).toFixed(1)).join(' + ')} s (tail ${m.tailCpuMs.slice(0, 6).map((x: number) => (x / 1000).toFixed(1)).join(' + ')}), load ${load}`);
  }
}
await rm(tmp, { recursive: true, force: true });
for (const v of versions) if (v.name === 'this tree') await rm(v.dir, { recursive: true, force: true });
if (jsonOut) await writeFile(jsonOut, JSON.stringify({ megabytes, files: files.length, workers, results }, null, 2));
