/**
 * Benchmark (not a test): inserting a quote into a note that already holds 500 quotes, in
 * Chromium, with the real note editor. Prints the median and worst of several runs, beside the
 * same insertion into an empty note as the baseline of this run. Target: under 100 ms.
 *
 *   npx tsx tests/bench/notes-bench.ts [quotes=500] [runs=15]
 *
 * The editor is bundled on the fly (esbuild) into a blank page; no server is needed.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUOTES = Number(process.argv[2] ?? 500);
const RUNS = Number(process.argv[3] ?? 15);

// Real sentences from the sample library, cycled to fill the note.
const seedText = ['seeds/000_fc16814f2607de2a.txt', 'seeds/003_c38cac0ff9cc0db6.txt']
  .map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');
const sentences = seedText.replace(/\s+/g, ' ').match(/[^.!?]{40,400}[.!?]/g) ?? [];
if (sentences.length < 10) throw new Error('the seeds gave too few sentences');

const pageScript = `
import { createNoteEditor } from './renderer/src/notes/note-editor';
import { quoteToMarkdown } from './main/common/markdown/quote-link';

function noteWith(sentences, count) {
  const parts = ['# Reading notes', ''];
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) parts.push('## Section ' + (i / 5 + 1), '');
    parts.push(quoteToMarkdown({ annotationId: 'ann-' + i, text: sentences[i % sentences.length].trim(), label: 'Seed · ¶' + (i + 1) }), '');
    parts.push('A thought about [[Note ' + (i % 17) + ']] and quote ' + i + '.', '');
  }
  return parts.join('\\n');
}

window.runBench = async (sentences, count, runs) => {
  const host = document.createElement('div');
  document.body.append(host);
  const editor = createNoteEditor(host, {
    openAnnotation() {}, titles: () => [], openWikiLink() {}, onEdit() {}, onBlur() {},
  });
  const committed = () => new Promise((resolve) => {
    const off = editor.editor.registerUpdateListener(() => { off(); resolve(); });
  });
  const markdown = noteWith(sentences, count);
  let t = performance.now();
  editor.load(markdown);
  const loadMs = performance.now() - t;
  const insertMs = [];
  const exportMs = [];
  const layoutMs = [];
  for (let r = 0; r < runs; r++) {
    editor.editor.update(() => {}, { discrete: true });
    const done = committed();
    t = performance.now();
    editor.insertQuote({ annotationId: 'new-' + r, text: sentences[(r * 7) % sentences.length].trim(), label: 'Seed · new ' + r });
    await done;
    insertMs.push(performance.now() - t);
    void document.body.offsetHeight; // style and layout of the changed note, as the next frame needs
    layoutMs.push(performance.now() - t);
    t = performance.now();
    const md = editor.markdown();
    exportMs.push(performance.now() - t);
    if (!md.includes('annotation/new-' + r)) throw new Error('the inserted quote is missing from the Markdown');
  }
  const quotesNow = host.querySelectorAll('figure.sb-quote').length;
  editor.dispose();
  host.remove();
  return { loadMs, insertMs, layoutMs, exportMs, quotesNow, bytes: markdown.length };
};
`;

async function main() {
  const bundle = await build({
    stdin: { contents: pageScript, resolveDir: root, loader: 'ts', sourcefile: 'notes-bench-page.ts' },
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    // The app's own styles, so layout costs what it costs in the app.
    for (const css of ['10-base.css', 'notes.css']) {
      await page.addStyleTag({ content: readFileSync(path.join(root, 'renderer/src/styles', css), 'utf8') });
    }
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    type Result = { loadMs: number; insertMs: number[]; layoutMs: number[]; exportMs: number[]; quotesNow: number; bytes: number };
    const run = (count: number) => page.evaluate(
      ([s, c, r]) => (window as unknown as { runBench(s: string[], c: number, r: number): Promise<Result> }).runBench(s, c, r),
      [sentences, count, RUNS] as [string[], number, number],
    );
    await run(20); // warm-up: JIT and first layout
    const baseline = await run(0);
    const full = await run(QUOTES);
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { median: sorted[Math.floor(sorted.length / 2)]!, worst: sorted[sorted.length - 1]! };
    };
    const row = (label: string, r: Result) => {
      const ins = stats(r.insertMs);
      const exp = stats(r.exportMs);
      const lay = stats(r.layoutMs);
      console.log(`${label.padEnd(26)} insert median ${ins.median.toFixed(1).padStart(6)} ms, worst ${ins.worst.toFixed(1).padStart(6)} ms · `
        + `with layout median ${lay.median.toFixed(1).padStart(6)} ms, worst ${lay.worst.toFixed(1).padStart(6)} ms · `
        + `Markdown export (autosave) median ${exp.median.toFixed(1).padStart(6)} ms · load ${r.loadMs.toFixed(0)} ms (${(r.bytes / 1024).toFixed(0)} KB)`);
    };
    console.log(`Quote insertion in Chromium, ${RUNS} runs each (target: insert under 100 ms)`);
    row('empty note (baseline)', baseline);
    row(`note with ${QUOTES} quotes`, full);
    const median = stats(full.layoutMs).median;
    console.log(`${median < 100 ? 'OK' : 'OVER TARGET'}: ${median.toFixed(1)} ms from command to laid-out note with ${QUOTES} quotes `
      + `(${(median / Math.max(0.01, stats(baseline.layoutMs).median)).toFixed(1)}× the empty note); the note ended with ${full.quotesNow} quotes.`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
