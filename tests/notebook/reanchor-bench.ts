/**
 * Benchmark (not a test): re-anchoring 1,000 quotes on a ~1 MB source after an edit, through
 * the notebook (anchoring + updating the stored selectors + the review list), compared in the
 * same run with the anchoring alone; then the listing that follows and the W3C export.
 * Run: npx tsx tests/notebook/reanchor-bench.ts
 */
import fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchor, describe } from '../../main/common/anchoring';
import { openNotebook } from '../../main/node/notebook';
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
const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-bench-'));
const sources = new FakeSources();
sources.set('book.txt', text);
const notebook = await openNotebook(root, sources, { watch: false });

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

t = performance.now();
await notebook.annotations.reanchorSource('book.txt');
const reanchor = performance.now() - t;
t = performance.now();
await notebook.listAnnotations({ sourceId: 'book.txt' });
const listAfter = performance.now() - t;
t = performance.now();
await notebook.exportAnnotations();
const exported = performance.now() - t;
const audit = await notebook.checkQuotes();
console.log(`baseline, anchor() + describe() alone for 1000 quotes: ${anchorOnly.toFixed(0)} ms`);
console.log(`reanchorSource, 1000 quotes (anchor + rewrite selectors + review list): ${reanchor.toFixed(0)} ms (target < 1000 ms)`);
console.log(`listAnnotations right after (the reader's next call; anchors remembered): ${listAfter.toFixed(0)} ms`);
console.log(`exportAnnotations, 1000 quotes (one snapshot read, code points counted once per text): ${exported.toFixed(0)} ms`);
console.log(`audit after the edit: ${JSON.stringify(audit.counts)}`);
await notebook.close();
await fsp.rm(root, { recursive: true, force: true });
