/**
 * Looks at text-fidelity misses one by one: for each paper, the seeded sentences from pdftotext
 * that our extraction does not hold as a phrase inside one passage, with pdftotext's context and
 * ours around the nearest place.
 *
 *   tsx tests/bench/formats-misses.ts [--papers DIR] [--only SUBSTR] [--cause CAUSE] [--max N]
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseSource } from '../../main/node/library/parse';
import { phraseRegExp } from '../../main/node/search/phrase';
import { bboxHints, correctedForms, lineEndJoins, missCause, REFERENCE_CAUSES, rng, sentenceForms, sentencesOf, tokens, vocabularyOf } from './formats-fidelity';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : fallback; };
const papersDir = path.resolve(opt('papers', path.join(root, '../shared/corpora/papers')));
const only = opt('only', '');
const causeWanted = opt('cause', '');
const max = Number(opt('max', '1000'));
const txtDir = '/tmp/pdfdiag/txt';
await mkdir(txtDir, { recursive: true });

const papers = (await readdir(papersDir)).filter((f) => f.endsWith('.pdf')).sort();
const random = rng(42);
let asked = 0, found = 0, corrected = 0, shown = 0;
const causes: Record<string, number> = {};
for (const name of papers) {
  const txt = path.join(txtDir, `${name}.txt`);
  if (!(await stat(txt).catch(() => null))) await run('pdftotext', ['-enc', 'UTF-8', path.join(papersDir, name), txt]).catch(() => {});
  const raw = await readFile(txt, 'utf8').catch(() => '');
  const rawTxt = `${txt}.raw`;
  if (!(await stat(rawTxt).catch(() => null))) await run('pdftotext', ['-raw', '-enc', 'UTF-8', path.join(papersDir, name), rawTxt]).catch(() => {});
  const joins = lineEndJoins(await readFile(rawTxt, 'utf8').catch(() => ''));
  const boxFile = `${txt}.bbox.html`;
  if (!(await stat(boxFile).catch(() => null))) await run('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', path.join(papersDir, name), boxFile]).catch(() => {});
  const hints = bboxHints(await readFile(boxFile, 'utf8').catch(() => ''));
  const all = sentencesOf(raw);
  if (!all.length) continue;
  const picked = new Set<number>();
  while (picked.size < Math.min(20, all.length)) picked.add(Math.floor(random() * all.length));
  if (only && !name.includes(only)) continue;
  // --cached: the last parse of this paper (when only the measure changed, not the extraction).
  const cacheFile = path.join('/tmp/pdfdiag/ours', `${name}.json`);
  let kept = args.includes('--cached') ? await readFile(cacheFile, 'utf8').then((j) => JSON.parse(j) as { text: string; spans: Array<[number, number]> }).catch(() => null) : null;
  if (!kept) {
    const out = await parseSource(name, await readFile(path.join(papersDir, name)));
    kept = { text: out.ok ? out.source.text : '', spans: out.ok ? out.source.passages.map((p) => [p.start, p.end]) : [] };
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFile(cacheFile, JSON.stringify(kept));
  }
  const text = kept.text;
  const passages = kept.spans.map(([a, b]) => text.slice(a, b));
  const vocabulary = { ours: vocabularyOf(text), reference: vocabularyOf(raw) };
  for (const i of picked) {
    const sentence = all[i]!;
    asked++;
    const inPaper = (form: string) => { const re = phraseRegExp(form); return passages.some((p) => re.test(p)); };
    if (sentenceForms(sentence, joins).some(inPaper)) { found++; corrected++; continue; }
    if (correctedForms(sentence, joins, hints).every((forms) => forms.some(inPaper))) corrected++;
    const cause = missCause(sentence, text, vocabulary);
    causes[cause] = (causes[cause] ?? 0) + 1;
    if (causeWanted && !cause.startsWith(causeWanted)) continue;
    if (shown++ >= max) continue;
    // Where ours has the sentence's rarest-looking words: its first three tokens, else its last three.
    const t = tokens(sentence);
    const lower = text.toLowerCase();
    let at = -1;
    for (const probe of [t.slice(0, 3), t.slice(-3), t.slice(2, 5)]) {
      const m = new RegExp(probe.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'), 'u').exec(lower);
      if (m) { at = m.index; break; }
    }
    const pAt = raw.replace(/\s+/g, ' ').indexOf(sentence.slice(0, 30));
    console.log(`\n=== ${name} [${cause}]\nSENT: ${sentence}`);
    console.log(`OURS: ${at >= 0 ? JSON.stringify(text.slice(Math.max(0, at - 80), at + sentence.length + 80)) : '(not found)'}`);
    if (pAt < 0) console.log('(pdftotext context not found)');
  }
}
const theirs = Object.entries(causes).filter(([c]) => REFERENCE_CAUSES.has(c)).reduce((n, [, k]) => n + k, 0);
console.log(`\ncorrected measure (pdftotext's word boxes: no space where the page draws no gap, no heading run into a sentence): ${corrected}/${asked} = ${(100 * corrected / asked).toFixed(1)}%`);
console.log(`\n${found}/${asked} = ${(100 * found / asked).toFixed(1)}%; without the reference's own faults ${found}/${asked - theirs} = ${(100 * found / (asked - theirs)).toFixed(1)}%`, JSON.stringify(causes, null, 1));
