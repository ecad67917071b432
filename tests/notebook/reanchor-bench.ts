/**
 * Benchmark (not a test): re-anchoring 1,000 quotes on a ~1 MB source after an edit, through
 * the notebook (anchoring + updating the stored selectors + the review list); then the listing
 * that follows a second edit, and the W3C export.
 *
 * Two paths, alternating in one run (the order flips every round, and each run starts from the
 * same notebook, copied): anchoring in process (the baseline: how the backend anchored before
 * issue 8) and in the engine's source worker (how the backend anchors now). Each run prints its
 * wall time, the time the calling thread was busy (event-loop utilisation), its longest stall
 * (what a window or an HTTP request waiting on the backend's thread would feel), and how many
 * anchoring batches it sent and how long it waited for them; the medians per path come last.
 * Figures from two separate runs of this bench are not comparable on a shared machine.
 *
 * Run: npx tsx scripts/build.ts && npx tsx tests/notebook/reanchor-bench.ts [--rounds N] [--only inprocess|worker]
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
import { inProcessAnchoring, type AnchorRunner } from '../../main/node/notebook/anchoring';
import { SearchEngine } from '../../main/node/search';
import { selectorsOf } from '../../main/node/notebook/placement';
import { FakeSources } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../shared/corpora/gutenberg');
if (!fs.existsSync(corpus)) {
  console.log(`skipped: ${corpus} is missing`);
  process.exit(0);
}
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const only = arg('--only');
const rounds = Number(arg('--rounds') ?? 3);
const QUOTES = 1000;

let text = '';
for (const f of fs.readdirSync(corpus).sort()) {
  if (text.length >= 1_000_000) break;
  if (f.endsWith('.txt')) text += fs.readFileSync(path.join(corpus, f), 'utf8') + '\n\n';
}
const paragraphs = [...text.matchAll(/(?<=\n\n)[^\n][\s\S]{150,}?(?=\n\n)/g)].filter((m) => m.index! > 1000);
const step = Math.floor(paragraphs.length / QUOTES);
// The edit: a paragraph inserted near the top, and a few words changed throughout; then a second one.
const edited = text.slice(0, 500) + '\n\nA paragraph inserted by a later revision.\n\n' + text.slice(500).replace(/\bthe house\b/g, 'the home');
const editedAgain = edited.replace(/\bthe home\b/g, 'the house');

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
const load = () => os.loadavg()[0]!.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

const worker = path.resolve(here, '../../out/index-worker.mjs');
if (only !== 'inprocess' && !fs.existsSync(worker)) {
  console.log(`${worker} is missing: run npx tsx scripts/build.ts first`);
  process.exit(2);
}
const engine = only === 'inprocess' ? null : await SearchEngine.create({ workerUrl: pathToFileURL(worker), workers: 1 });
const paths: Array<[string, AnchorRunner]> = [];
if (only !== 'worker') paths.push(['in process (before)', inProcessAnchoring]);
if (engine) paths.push(['source worker (now)', { run: (source, jobs) => engine.anchor(source, jobs) }]);

/** The runner, counting the batches it is handed and the time the notebook waited for them. */
function counted(runner: AnchorRunner) {
  const stats = { batches: 0, jobs: 0, waited: 0 };
  let open = 0;
  let since = 0;
  return {
    stats,
    runner: {
      run: async (source, jobs) => {
        stats.batches++;
        stats.jobs += jobs.length;
        if (open++ === 0) since = performance.now();
        try {
          return await runner.run(source, jobs);
        } finally {
          if (--open === 0) stats.waited += performance.now() - since;
        }
      },
    } satisfies AnchorRunner,
  };
}

// The quotes are made once; every run re-anchors a copy of the same notebook.
const pristine = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-bench-'));
{
  const sources = new FakeSources();
  sources.set('book.txt', text);
  const notebook = await openNotebook(pristine, sources, { watch: false });
  const t = performance.now();
  for (let i = 0; i < QUOTES; i++) {
    const m = paragraphs[i * step]!;
    await notebook.createAnnotation({ kind: 'quote', sourceId: 'book.txt', start: m.index! + 10, end: m.index! + 90 });
  }
  console.log(`source: ${(text.length / 1e6).toFixed(2)} M characters; created ${QUOTES} quotes in ${ms(performance.now() - t)} (load ${load()})`);
  const all = await notebook.listAnnotations();
  const t2 = performance.now();
  for (const a of all) {
    const found = anchor(edited, selectorsOf(a));
    if (found) describe(edited, found.start, found.end);
  }
  console.log(`baseline, anchor() + describe() alone for ${QUOTES} quotes, in process: ${ms(performance.now() - t2)}`);
  await notebook.close();
}

const figures = new Map<string, Array<{ wall: number; busy: number; stall: number; listWall: number; listBusy: number; listStall: number }>>();
for (let round = 1; round <= rounds; round++) {
  for (const [name, runner] of round % 2 ? paths : [...paths].reverse()) {
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-bench-'));
    await fsp.cp(pristine, root, { recursive: true });
    const sources = new FakeSources();
    sources.set('book.txt', text);
    const { stats, runner: countedRunner } = counted(runner);
    const notebook = await openNotebook(root, sources, { watch: false, anchoring: countedRunner });
    sources.set('book.txt', edited);
    const reanchor = await onThisThread(() => notebook.annotations.reanchorSource('book.txt'));
    const reanchorStats = { ...stats };
    // The listing that follows a second edit anchors every drifted quote anew (nothing remembered).
    sources.set('book.txt', editedAgain);
    const listed = await onThisThread(() => notebook.listAnnotations({ sourceId: 'book.txt' }));
    console.log(`anchoring ${name}, round ${round} (load ${load()}): reanchorSource ${ms(reanchor.wall)}, busy ${ms(reanchor.busy)}, `
      + `longest stall ${ms(reanchor.stall)}, ${reanchorStats.batches} batches of ${reanchorStats.jobs} jobs waited for ${ms(reanchorStats.waited)}; `
      + `listing after a second edit ${ms(listed.wall)}, busy ${ms(listed.busy)}, longest stall ${ms(listed.stall)}`);
    const list = figures.get(name) ?? [];
    list.push({ wall: reanchor.wall, busy: reanchor.busy, stall: reanchor.stall, listWall: listed.wall, listBusy: listed.busy, listStall: listed.stall });
    figures.set(name, list);
    if (round === rounds) {
      const t = performance.now();
      await notebook.exportAnnotations();
      const exported = performance.now() - t;
      const audit = await notebook.checkQuotes();
      console.log(`  exportAnnotations, ${QUOTES} quotes: ${ms(exported)}; audit after the edits: ${JSON.stringify(audit.counts)}`);
    }
    await notebook.close();
    await fsp.rm(root, { recursive: true, force: true });
  }
}
console.log(`\nmedians of ${rounds} runs each, alternating:`);
for (const [name, list] of figures) {
  const m = (key: keyof (typeof list)[number]) => ms(median(list.map((x) => x[key])));
  console.log(`reanchorSource, ${QUOTES} quotes, ${name}: ${m('wall')} (target < 1000 ms); backend's thread busy ${m('busy')}, longest stall ${m('stall')}`);
  console.log(`  listAnnotations after a second edit, ${QUOTES} quotes anchored anew, ${name}: ${m('listWall')}; busy ${m('listBusy')}, longest stall ${m('listStall')}`);
}
await engine?.close();
await fsp.rm(pristine, { recursive: true, force: true });
