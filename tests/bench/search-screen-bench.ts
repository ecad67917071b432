/**
 * Search on screen: key press to results painted, in Chromium, against `sourcebook serve` on the
 * Gutenberg corpus (60 MB), beside the backend's own time for the same queries in the same run.
 *
 *   npm run bench:screen -- [--corpus DIR] [--compare REF] [--words a,b,…] [--rounds N] [--gap MS] [--json FILE] [--detail]
 *
 * The bench types into the real search box (found by its role and accessible name) one key at a
 * time, as a reader who watches the results: the next key goes 100 ms (`--gap`) after the last
 * one's results were painted. A keystroke's time runs from its keydown event (`event.timeStamp`)
 * to the first frame presented after the results for that query are in the DOM:
 * requestAnimationFrame runs just before a frame is painted, and a task posted from it runs
 * after the paint. "The results for that query" is a newly rendered summary line whose count is
 * the total the backend gives for that query, so a stale answer, an earlier query's list or a
 * summary that was not re-rendered never counts.
 *
 * Baseline, same run: every search request the page made is replayed over HTTP from Node, with
 * the page's own arguments, right after the word was typed: `backend` is the engine's `tookMs`,
 * `http` the whole round trip (queueing, JSON and the loopback included), `bytes` the answer's size.
 *
 * `--rounds N` types the words N times over (default 1: 55 keystrokes), for a steadier p95 on a
 * busy machine: each round is interleaved between the builds like the words.
 *
 * `--compare REF` also measures REF's code (a `git archive` of it, built once into the temp folder)
 * in the same run, word by word interleaved with the working tree's: the "before" of a change.
 * Each build gets its own server and its own index cache (kept in the temp folder between runs).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { API_PREFIX, TOKEN_HEADER } from '../../main/common/transport/http-protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : fallback; };
const corpus = path.resolve(opt('corpus', path.join(root, '../shared/corpora/gutenberg')));
const compare = opt('compare', '');
const gapMs = Number(opt('gap', '100'));
const rounds = Math.max(1, Number(opt('rounds', '1')));
const jsonOut = opt('json', '');
/** Prints each keystroke's time split into its parts. */
const detail = args.includes('--detail');
// Short words and common prefixes (`l`, `th`) are the heavy answers; a phrase and a two-word query too.
const words = opt('words', 'liberty,whale,the sea,captain,love letters,garden,emma,thunder').split(',');
const WARMUP = 'morning';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KEY_TIMEOUT_MS = 10_000;
/** Issue 10: key press to results painted, p95, at 60 MB. */
const TARGET_MS = 50;

interface Build { name: string; dir: string; cache: string }
interface Server { build: Build; child: ChildProcess; url: string; origin: string; token: string; notebook: string }
/** Where a keystroke's time went: key to request sent, the request (as the page saw it), answer to DOM updated, DOM to frame presented. */
interface Parts { toRequest: number; request: number; toDom: number; toPainted: number }
interface Keystroke { query: string; ms: number; parts: Parts | null }
interface Replay { query: string; backendMs: number; httpMs: number; bytes: number }
interface Tally { keys: Keystroke[]; replays: Replay[]; pageBytes: number[] }

/** REF's tree, built once: `git archive` into the temp folder, node_modules linked from this tree. */
async function buildRef(ref: string): Promise<Build> {
  const sha = execFileSync('git', ['rev-parse', ref], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `sb-screen-bench-${sha.slice(0, 12)}`);
  if (!existsSync(path.join(dir, 'out/cli.mjs'))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`], { cwd: root });
    await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts'], { cwd: dir, stdio: 'inherit' });
  }
  return { name: `${ref} (${sha.slice(0, 8)})`, dir, cache: path.join(os.tmpdir(), `sb-screen-bench-cache-${sha.slice(0, 12)}`) };
}

async function startServer(build: Build): Promise<Server> {
  const notebook = await mkdtemp(path.join(os.tmpdir(), 'sb-screen-bench-notebook-'));
  const child = spawn(process.execPath, [path.join(build.dir, 'out/cli.mjs'), 'serve', '--library', corpus, '--notebook', notebook, '--cache', build.cache, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sourcebook serve exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  const server = { build, child, url, origin: parsed.origin, token: parsed.searchParams.get('token')!, notebook };
  // Indexed (or restored from the cache) in full before anything is timed.
  const began = Date.now();
  for (;;) {
    const { result } = await call(server, 'getLibrary', []);
    const { phase, done, total } = (result as { progress: { phase: string; done: number; total: number } }).progress;
    if (phase === 'ready') break;
    if (Date.now() - began > 15 * 60_000) throw new Error(`${build.name}: the library was not ready after 15 minutes (${phase} ${done}/${total})`);
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`${build.name}: library ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return server;
}

async function call(server: Server, method: string, params: unknown[]): Promise<{ result: unknown; ms: number; bytes: number }> {
  const began = performance.now();
  const response = await fetch(`${server.origin}${API_PREFIX}${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: JSON.stringify(params),
  });
  const text = await response.text();
  const ms = performance.now() - began;
  if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return { result: (JSON.parse(text) as { result: unknown }).result, ms, bytes: Buffer.byteLength(text) };
}

/** The page, with the search requests it makes collected (their arguments, to replay them). */
async function openPage(browser: Browser, server: Server) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // tsx names functions through a helper of its own; the functions handed to the page use it too.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const sent: unknown[][] = [];
  const bytes: number[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/search')) sent.push(JSON.parse(r.postData() ?? '[]') as unknown[]); });
  page.on('response', (r) => { if (r.url().endsWith('/api/search')) void r.body().then((b) => bytes.push(b.length), () => {}); });
  await page.goto(server.url);
  await page.getByRole('heading', { name: /^Sources \(\d+\)$/ }).waitFor({ timeout: 60_000 });
  return { page, sent, bytes, errors };
}

/**
 * Installs the in-page clock once: the keydown's timestamp, and a watcher that resolves when a
 * freshly rendered results summary shows `expected` results and the frame after it was presented.
 */
async function arm(page: Page, expected: { total: number; estimated: boolean }): Promise<void> {
  await page.evaluate((exp) => {
    const w = window as unknown as { __sbKey?: number; __sbArmed?: Promise<number>; __sbListening?: boolean };
    if (!w.__sbListening) {
      w.__sbListening = true;
      document.addEventListener('keydown', (e) => { if ((e.target as HTMLElement).matches('input[type="search"]')) w.__sbKey = e.timeStamp; }, true);
    }
    w.__sbKey = undefined;
    const box = document.querySelector('input[type="search"]')!.closest('.library')!;
    const summary = () => box.querySelector('[role="status"]');
    const before = summary();
    const shows = (text: string) => {
      if (/^No results/.test(text)) return exp.total === 0;
      const m = /^(about )?([\d,]+) results?\b/.exec(text);
      if (!m) return false;
      const n = Number(m[2]!.replace(/,/g, ''));
      // An estimate is shown rounded to two significant digits.
      return exp.estimated || m[1] ? Math.abs(n - exp.total) <= Math.max(1, exp.total * 0.05) : n === exp.total;
    };
    w.__sbArmed = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        const now = summary();
        if (!now || now === before || !shows(now.textContent ?? '') || w.__sbKey === undefined) return;
        observer.disconnect();
        const key = w.__sbKey;
        const dom = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const painted = performance.now();
            const fetches = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.endsWith('/api/search') && e.startTime >= key);
            const f = fetches[fetches.length - 1];
            (w as unknown as { __sbParts: unknown }).__sbParts = f
              ? { toRequest: f.startTime - key, request: f.responseEnd - f.startTime, toDom: dom - f.responseEnd, toPainted: painted - dom }
              : null;
            resolve(painted - key);
          };
          channel.port2.postMessage(null);
        });
      });
      observer.observe(box, { childList: true, subtree: true, characterData: true });
    });
  }, expected);
}

async function typeWord(server: Server, page: Page, sent: unknown[][], word: string, tally: Tally | null): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.click();
  if (await box.inputValue()) {
    await box.press('Escape');
    await page.getByRole('heading', { name: /^Sources \(\d+\)$/ }).waitFor();
  }
  const firstRequest = sent.length;
  for (let i = 1; i <= word.length; i++) {
    const query = word.slice(0, i);
    if (!query.trim()) { await page.keyboard.press(word[i - 1]!); continue; }
    const { result } = await call(server, 'search', [query, { limit: 1 }]);
    const { total, estimated } = result as { total: number; estimated?: boolean };
    await arm(page, { total, estimated: estimated === true });
    await page.keyboard.press(word[i - 1] === ' ' ? 'Space' : word[i - 1]!);
    const ms = await Promise.race([
      page.evaluate(() => (window as unknown as { __sbArmed: Promise<number> }).__sbArmed),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${server.build.name}: no results painted for "${query}" in ${KEY_TIMEOUT_MS} ms`)), KEY_TIMEOUT_MS)),
    ]);
    const parts = await page.evaluate(() => (window as unknown as { __sbParts: Parts | null }).__sbParts);
    if (detail && tally) console.log(`  ${server.build.name} "${query}" ${ms.toFixed(1)} ms`, JSON.stringify(parts, (_, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)));
    tally?.keys.push({ query, ms, parts });
    await page.waitForTimeout(gapMs);
  }
  if (!tally) return;
  // The baseline: the page's own requests for this word, replayed one by one.
  for (const params of sent.slice(firstRequest)) {
    const { result, ms, bytes } = await call(server, 'search', params);
    tally.replays.push({ query: String(params[0]), backendMs: (result as { tookMs: number }).tookMs, httpMs: ms, bytes });
  }
}

const quantile = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const dist = (xs: number[]) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
const fmt = (d: ReturnType<typeof dist>, unit = 'ms') => `median ${d.p50.toFixed(1)} ${unit}, p95 ${d.p95.toFixed(1)} ${unit}, max ${d.max.toFixed(1)} ${unit} (n=${d.n})`;
const kb = (d: ReturnType<typeof dist>) => `median ${(d.p50 / 1024).toFixed(1)} KB, p95 ${(d.p95 / 1024).toFixed(1)} KB, max ${(d.max / 1024).toFixed(1)} KB`;

if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
if (!existsSync(path.join(root, 'out/cli.mjs'))) throw new Error('out/cli.mjs is missing: run `npx tsx scripts/build.ts` (npm run bench:screen does)');
const builds: Build[] = [{ name: 'this tree', dir: root, cache: path.join(os.tmpdir(), 'sb-screen-bench-cache-tree') }];
if (compare) builds.unshift(await buildRef(compare));

const servers: Server[] = [];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  // One server at a time while indexing, so neither build's figures include the other's start.
  for (const b of builds) servers.push(await startServer(b));
  const pages = await Promise.all(servers.map((s) => openPage(browser, s)));
  const tallies: Tally[] = servers.map(() => ({ keys: [], replays: [], pageBytes: [] }));
  for (const [i, s] of servers.entries()) await typeWord(s, pages[i]!.page, pages[i]!.sent, WARMUP, null);
  for (const word of Array.from({ length: rounds }, () => words).flat()) {
    for (const [i, s] of servers.entries()) {
      await pages[i]!.page.bringToFront();
      await typeWord(s, pages[i]!.page, pages[i]!.sent, word, tallies[i]!);
    }
  }
  for (const [i, p] of pages.entries()) {
    tallies[i]!.pageBytes = p.bytes;
    if (p.errors.length) throw new Error(`${servers[i]!.build.name}: the page threw:\n${p.errors.join('\n')}`);
  }
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\nkey press to results painted, Chromium, ${corpus} (words: ${words.join(', ')}${rounds > 1 ? `, ${rounds} rounds` : ''}; ${gapMs} ms after each paint); load average ${load}`);
  const report: Record<string, unknown> = { corpus, words, rounds, gapMs, load: os.loadavg(), builds: {} };
  for (const [i, s] of servers.entries()) {
    const t = tallies[i]!;
    const screen = dist(t.keys.map((k) => k.ms));
    const backend = dist(t.replays.map((r) => r.backendMs));
    const http = dist(t.replays.map((r) => r.httpMs));
    const bytes = dist(t.replays.map((r) => r.bytes));
    console.log(`\n${s.build.name}`);
    console.log(`  screen   ${fmt(screen)}`);
    console.log(`  backend  ${fmt(backend)}   (engine tookMs, ${t.replays.length} requests the page sent, replayed)`);
    console.log(`  http     ${fmt(http)}   (the same requests' round trip from Node)`);
    console.log(`  answer   ${kb(bytes)}`);
    const part = (k: keyof Parts) => dist(t.keys.flatMap((x) => (x.parts ? [x.parts[k]] : [])));
    console.log(`  parts    median key→request ${part('toRequest').p50.toFixed(1)}, request ${part('request').p50.toFixed(1)}, answer→DOM ${part('toDom').p50.toFixed(1)}, DOM→painted ${part('toPainted').p50.toFixed(1)} ms (p95 ${part('toRequest').p95.toFixed(0)}, ${part('request').p95.toFixed(0)}, ${part('toDom').p95.toFixed(0)}, ${part('toPainted').p95.toFixed(0)})`);
    const slowest = [...t.keys].sort((a, b) => b.ms - a.ms).slice(0, 3).map((k) => `"${k.query}" ${k.ms.toFixed(0)} ms`).join(', ');
    console.log(`  slowest  ${slowest}`);
    // Where the slow ones come from: a query's first letter (the widest prefix) against the keys after it.
    const over = t.keys.filter((k) => k.ms > TARGET_MS);
    const firsts = over.filter((k) => k.query.trim().length === 1).length;
    console.log(`  over ${TARGET_MS} ms  ${over.length} of ${t.keys.length} keystrokes (${firsts} of them a first letter; their backend p95 ${dist(t.replays.filter((r) => over.some((k) => k.query === r.query)).map((r) => r.backendMs)).p95.toFixed(1)} ms)`);
    (report.builds as Record<string, unknown>)[s.build.name] = { screen, backend, http, bytes, keys: t.keys, replays: t.replays };
  }
  console.log(`\ntarget: screen p95 <= ${TARGET_MS} ms`);
  if (jsonOut) await writeFile(jsonOut, JSON.stringify(report, null, 2));
} finally {
  await browser.close().catch(() => {});
  for (const s of servers) {
    s.child.kill('SIGTERM');
    await rm(s.notebook, { recursive: true, force: true });
  }
}
