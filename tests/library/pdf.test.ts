import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageAt } from '../../main/common/library/locate';
import { extractPdf } from '../../main/node/library/formats/pdf/pdf';
import { parseSource, type ParsedSource } from '../../main/node/library/parse';
import { columnPage, writePdf, wrap } from './support/pdf-writer';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const edge = (name: string) => path.join(root, '../shared/corpora/pdf-edge', name);
const paper = (name: string) => path.join(root, '../shared/corpora/papers', name);
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

async function parsedPdf(bytes: Uint8Array, name = 'doc.pdf'): Promise<ParsedSource> {
  const outcome = await parseSource(name, bytes);
  if (!outcome.ok) throw new Error(`${name}: ${outcome.message}`);
  return outcome.source;
}
const pageText = (s: ParsedSource, n: number) => s.text.slice(s.pageStarts![n - 1], s.pageStarts![n] ?? s.text.length);

describe('a real two-column paper (tracemonkey.pdf)', () => {
  let source: ParsedSource;
  beforeAll(async () => { source = await parsedPdf(readFileSync(edge('tracemonkey.pdf')), 'tracemonkey.pdf'); }, 60_000);

  it('takes its title from the PDF metadata and knows its pages', () => {
    expect(source.format).toBe('pdf');
    expect(source.title).toBe('Trace-based Just-in-Time Type Specialization for Dynamic Languages');
    expect(source.pages).toBe(14);
    expect(source.pageStarts).toHaveLength(14);
  });

  it('reads the left column before the right one, so a sentence of the abstract stays whole', () => {
    expect(words(pageText(source, 1))).toContain('Since no concrete type information is available, traditional compilers need to emit generic code that can handle all possible type combinations at runtime.');
    expect(words(pageText(source, 1))).toContain('In a dynamically typed programming language such as JavaScript, the types of expressions may vary at runtime.');
  });

  it('joins words hyphenated at a line end but keeps the hyphen of a compound', () => {
    const text = words(source.text);
    expect(text).toContain('We present an alternative compilation technique'); // "al-" + "ternative"
    expect(text).toContain('dynamically-typed languages');
    expect(text).not.toMatch(/\bal- ternative\b|\balternative- /);
  });

  it('leaves ligature glyphs as plain letters', () => {
    expect(source.text).not.toMatch(/[\ufb00-\ufb06]/);
    expect(source.text).toContain('efficient');
  });

  it('gives every passage the page it starts on', () => {
    for (const p of source.passages) {
      expect(p.page).toBe(pageAt(source.pageStarts!, p.start));
    }
    const onThree = source.passages.filter((p) => p.page === 3);
    expect(onThree.length).toBeGreaterThan(3);
  });

  it('maps the canonical text back to the pdf.js text items of each page', async () => {
    // An independent reading of page 3 through pdf.js itself: every mapped item's words are where the map says.
    const doc = await getDocument({ data: new Uint8Array(readFileSync(edge('tracemonkey.pdf'))), isEvalSupported: false, verbosity: 0 }).promise;
    const items = (await (await doc.getPage(3)).getTextContent()).items as Array<{ str: string }>;
    const map = source.pageItems![2]!;
    expect(map.length / 3).toBeGreaterThan(100);
    let checked = 0;
    for (let i = 0; i < map.length; i += 3) {
      const [index, start, end] = [map[i]!, map[i + 1]!, map[i + 2]!];
      const expected = words(items[index]!.str.normalize('NFKC'));
      const actual = source.text.slice(start, end);
      // A line-end hyphen is the only thing the canonical text may drop from an item.
      expect([expected, expected.replace(/-$/, '')]).toContain(actual);
      checked++;
    }
    expect(checked).toBe(map.length / 3);
    await doc.destroy();
  });
});

describe('layout rebuilt from generated PDFs', () => {
  const left = 'The first column tells how the engine records a trace while the interpreter runs the loop body once more.';
  const right = 'The second column then explains how the recorded trace is compiled to machine code for the common case.';

  it('reads two columns column by column, even when their lines share baselines', async () => {
    const lines = [
      ...wrap(left, 38).map((text, i) => ({ text, x: 60, y: 700 - i * 12 })),
      ...wrap(right, 38).map((text, i) => ({ text, x: 330, y: 700 - i * 12 })),
      // enough body lines on both sides for a page that is clearly two columns
      ...Array.from({ length: 12 }, (_, i) => ({ text: `Left filler line number ${i} of the column.`, x: 60, y: 600 - i * 12 })),
      ...Array.from({ length: 12 }, (_, i) => ({ text: `Right filler line number ${i} of the column.`, x: 330, y: 600 - i * 12 })),
    ];
    const source = await parsedPdf(await writePdf([lines]));
    const text = words(source.text);
    expect(text).toContain(left);
    expect(text).toContain(right);
    expect(text.indexOf(left)).toBeLessThan(text.indexOf(right));
  });

  it('joins a word split by a hyphen at a line end and keeps paragraphs apart', async () => {
    const page = columnPage([
      ['The benchmark measures how fast the compu-', 'ter answers a query from a cold start.'],
      ['A second paragraph starts after a blank line.'],
    ]);
    const source = await parsedPdf(await writePdf([page]));
    expect(source.text).toContain('how fast the computer answers a query');
    expect(source.text).toMatch(/cold start\.\n\nA second paragraph/);
  });

  it('leaves running headers and page numbers out of the sentences they interrupt', async () => {
    const sentence = 'This sentence runs from the bottom of one page onto the top of the next page without a break.';
    const cut = sentence.indexOf(' onto');
    const [first, second] = [sentence.slice(0, cut), sentence.slice(cut + 1)];
    const pages = [1, 2, 3].map((n) => columnPage(
      n === 1 ? [['An opening paragraph on the first page of the paper.'], [first]] : n === 2 ? [[second], ['Then the second page goes on.']] : [['The last page.']],
      { header: 'Journal of Reproducible Tests, Vol. 7', pageNumber: n },
    ));
    const source = await parsedPdf(await writePdf(pages));
    expect(words(source.text)).toContain(sentence);
    expect(source.text).not.toContain('Journal of Reproducible Tests');
    expect(source.text).not.toMatch(/\n\n[123]\n\n|\b[123]$/);
    expect(pageAt(source.pageStarts!, source.text.indexOf('Then the second page'))).toBe(2);
  });
});

describe('PDFs that cannot be read, each with its reason', () => {
  it('reports a password-protected PDF as such', async () => {
    expect(await parseSource('locked.pdf', readFileSync(edge('issue6010_1.pdf')))).toMatchObject({ ok: false, reason: 'encrypted', message: 'password-protected: not indexed' });
  });

  it('reports a truncated PDF instead of failing the indexer', async () => {
    const whole = readFileSync(edge('tracemonkey.pdf'));
    const outcome = await parseSource('cut.pdf', whole.subarray(0, 2000));
    expect(outcome).toMatchObject({ ok: false, reason: 'parse-error' });
  });

  it('reports a broken file and an empty one', async () => {
    expect(await parseSource('broken.pdf', readFileSync(edge('bug1020226.pdf')))).toMatchObject({ ok: false, reason: 'parse-error' });
    expect(await parseSource('empty.pdf', new Uint8Array(0))).toMatchObject({ ok: false });
  });

  it('keeps a PDF without a text layer as a source, with a notice that says why search finds nothing', async () => {
    const outcome = await parseSource('scan.pdf', readFileSync(edge('issue21436.pdf')));
    expect(outcome.ok && outcome.source.notice).toMatchObject({ reason: 'no-text', message: 'scanned pages without text: search and quoting need a text layer' });
  });

  it('gives up on a file that takes longer than the time bound, and says so', async () => {
    const outcome = await extractPdf(readFileSync(edge('freeculture.pdf')), { stallMs: 60_000, totalMs: 50 });
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout', message: 'not indexed: reading it went on longer than 50 ms' });
  });

  it('reads a PDF saved under another extension by its content', async () => {
    const outcome = await parseSource('paper.txt', readFileSync(edge('tracemonkey.pdf')));
    expect(outcome.ok && outcome.source.format).toBe('pdf');
  });
});

const sample = ['caching_2q-a-low-overhead-high-performance-buffer-management-replacement-algorithm.pdf', 'audio_comp_sci_shazam-audio-search-algorithm.pdf'];
describe.skipIf(!sample.every((f) => existsSync(paper(f))))('a sample of the papers corpus', () => {
  it.each(sample)('%s: text on every page the paper has text, no ligatures, no item map past the text', async (name) => {
    const source = await parsedPdf(readFileSync(paper(name)), name);
    expect(source.text.length).toBeGreaterThan(10_000);
    expect(source.text).not.toMatch(/[\ufb00-\ufb06]/);
    for (const page of source.pageItems!) for (let i = 2; i < page.length; i += 3) expect(page[i]!).toBeLessThanOrEqual(source.text.length);
  });
});
