/**
 * Benchmark (not a test): re-anchoring 1,000 quotes on a ~1 MB source after an edit, through
 * the notebook (anchoring + updating the stored selectors + the review list), compared in the
 * same run with the anchoring alone; then the listing that follows and the W3C export.
 * Run twice in one go: anchoring in process (the baseline: how the backend anchored before
 * issue 8) and in the engine's source worker (how the backend anchors now), each with the time
 * the calling thread was busy (event-loop utilisation) and its longest stall: what a window or
 * an HTTP request waiting on the backend's thread would feel.
 * Run: npx tsx scripts/build.ts && npx tsx tests/notebook/reanchor-bench.ts [--only inprocess|worker]
 */
import fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchor, describe } from '../../main/common/anchoring';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openNotebook } from '../../main/node/notebook';
import type { AnchorRunner } from '../../main/node/notebook/anchoring';
import { SearchEngine } from '../../main/node/search';
import { selectorsOf } from '../../main/node/notebook/placement';
import { FakeSources } from './helpers';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/gutenberg');
if (!fs.existsSync(corpus)) {
  console.log(`skipped: ${corpus} is missing`);
  process.exit(0);
}
let text = '';
for (const f of fs.readdirSync(corpus).sort()) {
  if (text.length >= 1_000_000) break;
  if (f.endsWith('.txt')) text += fs.readFileSync(path.join(corpus, f), 'utf8') + '\n\n';
}
const paragraphs = [...text.matchAll(/(?<=\n\n)[^\n][\s\S]{150,}?(?=\n\n)/g)].filter((m) => m.index! > 1000);
const step = Math.floor(paragraphs.length / 1000);
/** `task`'s wall time, the calling thread's busy time meanwhile, and its longest stall. */
async function onThisThread<T>(task: () => Promise<T>): Promise<{ wall: number; busy: number; stall: number; value: T }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const t = performance.now();
  const value = await task();
  const wall = performance.now() - t;
  const busy = performance.eventLoopUtilization(elu).active;
  delay.disable();
  return { wall, busy, stall: delay.max / 1e6, value };
}
const ms = (x: number) => `${x.toFixed(0)} ms`;

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const worker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/index-worker.mjs');
if (only !== 'inprocess' && !fs.existsSync(worker)) {
  console.log(`${worker} is missing: run npx tsx scripts/build.ts first`);
  process.exit(2);
}
const engine = only === 'inprocess' ? null : await SearchEngine.create({ workerUrl: pathToFileURL(worker), workers: 1 });
const runners: Array<[string, AnchorRunner | undefined]> = [];
if (only !== 'worker') runners.push(['in process (before)', undefined]);
if (engine) runners.push(['source worker (now)', { run: (source, jobs) => engine.anchor(source, jobs) }]);

for (const [name, anchoring] of runners) {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-bench-'));
  const sources = new FakeSources();
  sources.set('book.txt', text);
  const notebook = await openNotebook(root, sources, { watch: false, ...(anchoring ? { anchoring } : {}) });

  console.log(`\nanchoring ${name}`);
  let t = performance.now();
  for (let i = 0; i < 1000; i++) {
    const m = paragraphs[i * step]!;
    await notebook.createAnnotation({ kind: 'quote', sourceId: 'book.txt', start: m.index! + 10, end: m.index! + 90 });
  }
  console.log(`source: ${(text.length / 1e6).toFixed(2)} M characters; created 1000 quotes in ${(performance.now() - t).toFixed(0)} ms`);

  // The edit: a paragraph inserted near the top, and a few words changed throughout.
  const edited = text.slice(0, 500) + '\n\nA paragraph inserted by a later revision.\n\n' + text.slice(500).replace(/\bthe house\b/g, 'the home');
  sources.set('book.txt', edited);
  const all = await notebook.listAnnotations();

  t = performance.now();
  for (const a of all) {
    const found = anchor(edited, selectorsOf(a));
    if (found) describe(edited, found.start, found.end);
  }
  const anchorOnly = performance.now() - t;

  const reanchor = await onThisThread(() => notebook.annotations.reanchorSource('book.txt'));
  t = performance.now();
  await notebook.listAnnotations({ sourceId: 'book.txt' });
  const listAfter = performance.now() - t;
  // A second edit: the listing that follows it anchors every drifted quote anew (nothing remembered).
  sources.set('book.txt', edited.replace(/\bthe home\b/g, 'the house'));
  const listed = await onThisThread(() => notebook.listAnnotations({ sourceId: 'book.txt' }));
  t = performance.now();
  await notebook.exportAnnotations();
  const exported = performance.now() - t;
  const audit = await notebook.checkQuotes();
  console.log(`baseline, anchor() + describe() alone for 1000 quotes: ${anchorOnly.toFixed(0)} ms`);
  console.log(`reanchorSource, 1000 quotes (anchor + rewrite selectors + review list): ${ms(reanchor.wall)} (target < 1000 ms); backend's thread busy ${ms(reanchor.busy)}, longest stall ${ms(reanchor.stall)}`);
  console.log(`listAnnotations right after (the reader's next call; anchors remembered): ${listAfter.toFixed(0)} ms`);
  console.log(`listAnnotations after a second edit, 1000 quotes anchored anew: ${ms(listed.wall)}; backend's thread busy ${ms(listed.busy)}, longest stall ${ms(listed.stall)}`);
  console.log(`exportAnnotations, 1000 quotes (one snapshot read, code points counted once per text): ${exported.toFixed(0)} ms`);
  console.log(`audit after the edits: ${JSON.stringify(audit.counts)}`);
  await notebook.close();
  await fsp.rm(root, { recursive: true, force: true });
}
await engine?.close();
