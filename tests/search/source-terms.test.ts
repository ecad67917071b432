/**
 * A source is tokenized for the index in one pass over its passages (source-terms.ts), looking
 * words up by their characters instead of making a string per word. Whatever shortcut it takes,
 * each passage must get exactly the words, counts and position signatures the plain per-text
 * functions give (termSignatures, termCounts: one map per text), on tricky text and on real books.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSource } from '../../main/node/library/parse';
import { runNow } from '../../main/node/search/slices';
import { tokenizeSource, Vocabulary, type PassageInput, type SourceTerms } from '../../main/node/search/source-terms';
import { termCounts, termSignatures } from '../../main/node/search/tokenize';
import { shuffledFiles, takeScale } from '../bench/search-corpus';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const PAPERS = path.resolve(__dirname, '../../../shared/corpora/papers');

/** Per passage and field, "word count signature" lines in the order given. */
function fromSource(title: string, text: string, passages: PassageInput[]): string[][] {
  return lines(runNow(tokenizeSource(title, text, passages)));
}

function lines(r: SourceTerms): string[][] {
  const out: string[][] = [];
  for (let k = 0; k < r.ends.length; k++) {
    const lines: string[] = [];
    for (let i = k ? r.ends[k - 1]! : 0; i < r.ends[k]!; i++) lines.push(`${r.terms[r.ids[i]!]} ${r.counts[i]} ${r.signatures[i]}`);
    out.push(lines);
  }
  return out;
}

/** The same from one map per text (the oracle). */
function fromMaps(title: string, text: string, passages: PassageInput[]): string[][] {
  return passages.flatMap((p) => {
    const body = termSignatures(text.slice(p.start, p.end));
    return [
      [...body.counts].map(([w, n]) => `${w} ${n} ${body.signatures.get(w)! >>> 0}`),
      [...termCounts(title)].map(([w, n]) => `${w} ${n} 0`),
      [...termCounts(p.heading ?? '')].map(([w, n]) => `${w} ${n} 0`),
    ];
  });
}

const split = (text: string, size: number): PassageInput[] => {
  const out: PassageInput[] = [];
  for (let at = 0; at < text.length; at += size) out.push({ start: at, end: Math.min(text.length, at + size), heading: at % (3 * size) ? 'Chapter Ⅱ: Über' : undefined, tags: [] });
  return out;
};

describe('tokenizing a source for the index', () => {
  test('gives every passage the words, counts and signatures of its own text, title and heading, on tricky text', () => {
    const text = [
      'The the THE tHe: Café cafe CAFÉ naïve NAÏVE',
      "don't DON'T don’t os.path.join OS.Path a::b x_y",
      'a lone mark ̄ here and  ̄ there, ̄x, x ̄; Straße ǅemal İstanbul',
      '𝐀𝐁𝐂 astral 𝐀𝐁𝐂 emoji 😀 digits 42 ٤٢ 42nd',
      `${'word '.repeat(40)}end`,
      `long ${'a'.repeat(70)}.b and ${'x.'.repeat(40)}y`,
      '',
    ].join('\n');
    for (const size of [7, 40, 1000]) {
      const passages = split(text, size);
      expect(fromSource('Recombined Text: Ünïcode', text, passages)).toEqual(fromMaps('Recombined Text: Ünïcode', text, passages));
    }
  });

  test.skipIf(!existsSync(GUTENBERG) || !existsSync(PAPERS))('gives every passage of real books and papers what its own text gives', async () => {
    // Books, and PDFs (formulas: marks standing alone, symbols, accents).
    const pdfs = (await readdir(PAPERS)).filter((n) => n.endsWith('.pdf')).sort().slice(0, 3).map((n) => ({ absPath: path.join(PAPERS, n), relPath: n }));
    const files = [...takeScale(await shuffledFiles(GUTENBERG, 3), 3), ...pdfs];
    let passages = 0;
    for (const f of files) {
      const r = await readSource(f.absPath, f.relPath);
      if (!r.ok) continue;
      const ps = r.source.passages.map((p) => ({ start: p.start, end: p.end, heading: p.heading, tags: p.links }));
      expect(fromSource(r.source.title, r.source.text, ps)).toEqual(fromMaps(r.source.title, r.source.text, ps));
      passages += ps.length;
    }
    expect(passages).toBeGreaterThan(1000);
  }, 60_000);

  test.skipIf(!existsSync(GUTENBERG))('sources tokenized with one vocabulary, their slices interleaved as a worker runs two files, each get what their own text gives', async () => {
    const books: Array<{ title: string; text: string; passages: PassageInput[] }> = [];
    for (const f of takeScale(await shuffledFiles(GUTENBERG, 11), 4)) {
      const r = await readSource(f.absPath, f.relPath);
      if (r.ok) books.push({ title: r.source.title, text: r.source.text, passages: r.source.passages.map((p) => ({ start: p.start, end: p.end, heading: p.heading, tags: p.links })) });
    }
    expect(books.length).toBeGreaterThanOrEqual(3);
    const vocabulary = new Vocabulary();
    // Two at a time, one step (passage) of each in turn, then the next two: words seen in an
    // earlier book keep their ids, and counts of one book never leak into the other's passages.
    for (let i = 0; i < books.length; i += 2) {
      const pair = books.slice(i, i + 2);
      const runs = pair.map((b) => tokenizeSource(b.title, b.text, b.passages, vocabulary));
      const done: Array<SourceTerms | undefined> = pair.map(() => undefined);
      while (done.some((d) => !d)) {
        runs.forEach((run, k) => { if (done[k]) return; const r = run.next(); if (r.done) done[k] = r.value; });
      }
      pair.forEach((b, k) => expect(lines(done[k]!)).toEqual(fromMaps(b.title, b.text, b.passages)));
    }
    // The vocabulary holds each word once.
    expect(new Set(vocabulary.words).size).toBe(vocabulary.words.length);
  }, 60_000);
});
