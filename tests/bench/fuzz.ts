/**
 * `npm run fuzz -- [--calls N] [--json FILE] [--seed S]`: N random and hostile argument sets
 * (default 10,000) per transport, sent to the real backend (sample library, empty notebook)
 * over the loopback HTTP server exactly as a page or another local program could, and over the
 * Electron IPC bridge (in-memory pair, as a compromised renderer could call `invoke`).
 *
 * Counted: `crashes` (uncaught exceptions or rejections in the backend's process, or a backend
 * that stops answering), `fiveXX` (HTTP 5xx, or IPC replies with code "internal"), `hangs`
 * (no answer within 15 s), `leaks` (a stack trace, or an absolute path of the machine, in any
 * answer; getLibrary's own folder list excepted), `outside` (files created, changed or removed
 * outside the notebook: a snapshot of the tree around it, and a search for the marker every
 * escaping path carries). Targets: all 0. Prints the report as JSON; exits 1 if any is not 0.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { methodNames } from '../../main/common/contract';
import { TOKEN_HEADER } from '../../main/common/transport/http-protocol';
import { registerNotebookIpc } from '../../main/electron-main/ipc-bridge';
import { channelFor } from '../../main/common/transport/ipc-protocol';
import { Backend } from '../../main/node/backend/backend';
import { startLoopbackServer } from '../../main/server/server';
import { createInMemoryIpc, OWN_WEB_CONTENTS_ID } from '../electron/in-memory-ipc';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { seededRandom } from '../support/seeded-random';
import { MARKER, randomCall, type FuzzCall, type KnownIds } from './fuzz/arguments';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HANG_MS = 15_000;

interface TransportReport { calls: number; crashes: number; fiveXX: number; hangs: number; leaks: number; outside: number; examples: string[] }

const args = process.argv.slice(2);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const calls = Number(option('--calls') ?? 10_000);
const seed = Number(option('--seed') ?? 14);
if (!Number.isInteger(calls) || calls < 1) throw new Error('--calls needs a positive whole number');

// Crashes: anything thrown where nobody catches it, in this process (which hosts the backend).
let uncaught = 0;
const uncaughtExamples: string[] = [];

const base = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-fuzz-')));
const libraryDir = path.join(base, 'library');
const notebookDir = path.join(base, 'notebook');
const outsideDir = path.join(base, 'outside');
await fsp.cp(path.join(repoRoot, 'seeds'), libraryDir, { recursive: true });
await fsp.mkdir(outsideDir);
await fsp.writeFile(path.join(outsideDir, 'Secret.md'), 'not in the notebook\n');
const rendererDir = path.join(base, 'renderer');
await fsp.mkdir(rendererDir);
await fsp.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sourcebook</title>');

const backend = await Backend.open({ libraryFolders: [libraryDir], notebookDir, cacheDir: path.join(base, 'cache'), workerUrl: await bundleIndexWorker(), watch: true });
await backend.library.ready;
const server = await startLoopbackServer(backend, { rendererDir });
const ipc = createInMemoryIpc();
const bridge = registerNotebookIpc(ipc.ipcMain, backend, (event) => event.sender.id === OWN_WEB_CONTENTS_ID);
// Installed once the backend is up (a failing set-up should fail loudly).
process.on('uncaughtException', (err) => { uncaught++; uncaughtExamples.push(String(err?.stack ?? err).slice(0, 300)); });
process.on('unhandledRejection', (err) => { uncaught++; uncaughtExamples.push(String((err as Error)?.stack ?? err).slice(0, 300)); });

/** The index worker, bundled as the app's build does (the backend runs it in worker threads). */
async function bundleIndexWorker(): Promise<URL> {
  const outfile = path.join(base, 'worker', 'index-worker.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'main/node/search/index-worker.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    logLevel: 'error', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return pathToFileURL(outfile);
}

/** Every file outside the notebook and the index cache, with size and modification time. */
async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (full === notebookDir || full === path.join(base, 'cache') || full === path.join(base, 'worker')) continue;
      const stats = await fsp.lstat(full).catch(() => null);
      if (!stats) continue;
      out.set(full, entry.isDirectory() ? 'dir' : `${stats.size}:${stats.mtimeMs}`);
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(base);
  return out;
}

/** Files whose name carries the marker, anywhere an escaping path could have put them. */
async function markedFiles(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.name.includes(MARKER) && !full.startsWith(notebookDir + path.sep)) found.push(full);
      if (entry.isDirectory() && depth > 0 && full !== notebookDir && entry.name !== 'node_modules' && entry.name !== '.git') await walk(full, depth - 1);
    }
  };
  for (const [dir, depth] of [[os.tmpdir(), 1], [base, 4], [repoRoot, 1], ['/', 0]] as const) await walk(dir, depth);
  return found;
}

const absolutePaths = [base, repoRoot, os.homedir() !== '/' ? os.homedir() : null, os.tmpdir() + path.sep].filter((p): p is string => Boolean(p));
const STACK = /\n\s+at |\bat [^\s]+ \((?:file:|\/)[^)]*:\d+:\d+\)|\.ts:\d+:\d+/;

function leakIn(call: FuzzCall, text: string, ok: boolean): string | null {
  if (STACK.test(text)) return 'stack trace';
  // getLibrary names the library folders and the notebook: that is its job.
  if (ok && call.method === 'getLibrary') return null;
  // An answer quoting what the caller sent ("/tmp/x.md" is not a trash id) reveals nothing.
  const sent = call.rawBody ?? safeJson(call.args);
  const found = absolutePaths.find((p) => !sent.includes(p) && (text.includes(p) || text.includes(JSON.stringify(p).slice(1, -1))));
  return found ? `absolute path ${found}` : null;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? '';
  } catch {
    return '';
  }
}

async function knownIds(): Promise<KnownIds> {
  const [notes, library, annotations, trash] = await Promise.all([
    backend.listNotes().catch(() => []),
    backend.getLibrary().catch(() => ({ sources: [] as { id: string }[] })),
    backend.listAnnotations().catch(() => []),
    fsp.readdir(path.join(notebookDir, '.sourcebook', 'trash')).catch(() => [] as string[]),
  ]);
  return {
    notes: notes.map((n) => n.path).slice(0, 40),
    sources: library.sources.map((s) => s.id),
    annotations: annotations.map((a) => a.id).slice(0, 40),
    trash: trash.filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)),
  };
}

async function send(transport: 'http' | 'ipc', call: FuzzCall): Promise<{ status: 'ok' | 'refused' | 'fiveXX'; text: string }> {
  if (transport === 'http') {
    let body: string;
    try {
      body = call.rawBody ?? JSON.stringify(call.args);
    } catch {
      body = '[';
    }
    const response = await fetch(`http://127.0.0.1:${server.port}/api/${encodeURIComponent(call.method)}`, {
      method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body,
    });
    const text = await response.text();
    return { status: response.status >= 500 ? 'fiveXX' : response.ok ? 'ok' : 'refused', text };
  }
  try {
    const reply = (await ipc.ipcRenderer.invoke(channelFor(call.method as never), ...call.args)) as { ok: boolean; error?: { code: string } };
    const text = JSON.stringify(reply) ?? '';
    return { status: reply?.ok ? 'ok' : reply?.error?.code === 'internal' ? 'fiveXX' : 'refused', text };
  } catch (err) {
    // The transport itself refused (no handler for an unknown channel, an argument IPC cannot carry).
    return { status: 'refused', text: String((err as Error)?.message ?? err) };
  }
}

async function fuzz(transport: 'http' | 'ipc', transportSeed: number): Promise<TransportReport> {
  const random = seededRandom(transportSeed);
  const report: TransportReport = { calls: 0, crashes: 0, fiveXX: 0, hangs: 0, leaks: 0, outside: 0, examples: [] };
  const example = (kind: string, call: FuzzCall, detail: string) => {
    if (report.examples.length < 30) report.examples.push(`${kind}: ${call.method}(${(call.rawBody ?? safeJson(call.args)).slice(0, 160)}) → ${detail.slice(0, 240)}`);
  };
  const before = await snapshot();
  const uncaughtBefore = uncaught;
  let known = await knownIds();
  for (let i = 0; i < calls; i++) {
    if (i % 250 === 0) known = await knownIds();
    const call = randomCall(random, methodNames, known, transport);
    report.calls++;
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      send(transport, call).catch((err: Error) => ({ status: 'refused' as const, text: `transport error: ${err.message}` })),
      new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), HANG_MS); }),
    ]);
    clearTimeout(timer);
    if (!answer) { report.hangs++; example('hang', call, 'no answer'); continue; }
    if (answer.status === 'fiveXX') { report.fiveXX++; example('5xx', call, answer.text); }
    const leak = leakIn(call, answer.text, answer.status === 'ok');
    if (leak) { report.leaks++; example('leak', call, `${leak}: ${answer.text}`); }
    if ((i + 1) % 2500 === 0) process.stderr.write(`  ${transport}: ${i + 1} calls, 5xx ${report.fiveXX}, hangs ${report.hangs}, leaks ${report.leaks}\n`);
  }
  const after = await snapshot();
  for (const [file, key] of after) if (before.get(file) !== key) { report.outside++; if (report.examples.length < 30) report.examples.push(`outside: ${file} written`); }
  for (const file of before.keys()) if (!after.has(file)) { report.outside++; if (report.examples.length < 30) report.examples.push(`outside: ${file} removed`); }
  for (const file of await markedFiles()) { report.outside++; if (report.examples.length < 30) report.examples.push(`outside: ${file} created`); }
  // Still answering after all that?
  const alive = await Promise.race([backend.listNotes().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), HANG_MS))]);
  report.crashes = uncaught - uncaughtBefore + (alive ? 0 : 1);
  return report;
}

const started = Date.now();
const http = await fuzz('http', seed);
const ipcReport = await fuzz('ipc', seed + 1);
const total = (key: keyof Omit<TransportReport, 'examples'>) => http[key] + ipcReport[key];
const report = {
  calls: total('calls'), crashes: total('crashes'), fiveXX: total('fiveXX'), hangs: total('hangs'), leaks: total('leaks'), outside: total('outside'),
  byTransport: { http, ipc: ipcReport },
  uncaught: uncaughtExamples.slice(0, 10),
  elapsedSeconds: Math.round((Date.now() - started) / 100) / 10,
};
const json = JSON.stringify(report, null, 2);
console.log(json);
const file = option('--json');
if (file) await fsp.writeFile(file, json + '\n');

bridge.close();
await server.close();
await backend.close();
await fsp.rm(base, { recursive: true, force: true });
process.exitCode = report.crashes + report.fiveXX + report.hangs + report.leaks + report.outside ? 1 : 0;
// Calls that hung would keep the process alive.
setTimeout(() => process.exit(), 1000).unref();
