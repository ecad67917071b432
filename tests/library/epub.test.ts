import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chapterAt, epubCfi } from '../../main/common/library/locate';
import { parseSource, type ParsedSource } from '../../main/node/library/parse';
import { buildEpub, writeZip } from './support/zip-writer';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const corpus = (name: string) => path.join(root, '../shared/corpora/epub', name);

async function parsedEpub(bytes: Uint8Array, name = 'book.epub'): Promise<ParsedSource> {
  const outcome = await parseSource(name, bytes);
  if (!outcome.ok) throw new Error(`${name}: ${outcome.message}`);
  return outcome.source;
}

describe.skipIf(!existsSync(corpus('accessible_epub_3.epub')))('a real EPUB 3 book (accessible_epub_3.epub)', () => {
  it('reads the spine in order, with the navigation document as the outline and chapter titles on passages', async () => {
    const book = await parsedEpub(readFileSync(corpus('accessible_epub_3.epub')));
    expect(book.format).toBe('epub');
    expect(book.title).toBe('Accessible EPUB 3');
    expect(book).toMatchObject({ author: 'Matt Garrish', year: 2012 });
    const toc = book.outline.map((h) => h.text);
    expect(toc).toContain('Preface');
    expect(toc).toContain('1. Introduction');
    // In reading order: the preface's text comes before the first chapter's.
    const preface = book.outline.find((h) => h.text === 'Preface')!;
    const intro = book.outline.find((h) => h.text === '1. Introduction')!;
    expect(preface.start).toBeLessThan(intro.start);
    const inIntro = book.passages.find((p) => p.start > intro.start && p.heading === '1. Introduction');
    expect(inIntro).toBeDefined();
    expect(book.chapters!.length).toBeGreaterThan(5);
    expect(chapterAt(book.chapters!, inIntro!.start)?.title).toBeDefined();
  });

  it('keeps right-to-left and Japanese text', async () => {
    const arabic = await parsedEpub(readFileSync(corpus('regime-anticancer-arabic.epub')));
    expect(arabic.text).toMatch(/[\u0600-\u06ff]{4,}/);
    const japanese = await parsedEpub(readFileSync(corpus('jlreq-in-japanese.epub')));
    expect(japanese.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]{10,}/);
  });

  it('lists an image-only book with "no text to index"', async () => {
    const outcome = await parseSource('manga.epub', readFileSync(corpus('page-blanche.epub')));
    expect(outcome.ok && outcome.source.notice?.message).toBe('no text to index (the book is made of images)');
  });
});

describe('EPUBs built in the test', () => {
  const chapters = [
    { id: 'one', title: 'The Harbour', body: '<h1>The Harbour</h1><p>Boats rest in the <em>quiet</em> harbour at night.</p>' },
    { id: 'two', title: 'The Storm', body: '<h1>The Storm</h1><p onclick="steal()">Waves rise over the old pier.</p><script>document.title = "pwned"; fetch("https://evil.example")</script>' },
  ];

  it('joins chapters in spine order and drops scripts and handlers', async () => {
    const book = await parsedEpub(buildEpub(chapters));
    expect(book.text).toContain('Boats rest in the quiet harbour at night.');
    expect(book.text.indexOf('Boats')).toBeLessThan(book.text.indexOf('Waves'));
    expect(book.text).not.toMatch(/pwned|evil|steal/);
    expect(book.outline.map((h) => h.text)).toEqual(['The Harbour', 'The Storm']);
    expect(book.passages.find((p) => book.text.slice(p.start, p.end).includes('Waves'))?.heading).toBe('The Storm');
  });

  it('gives a quote an EPUB CFI that names its chapter and the character it starts at', async () => {
    const book = await parsedEpub(buildEpub(chapters));
    const at = book.text.indexOf('old pier');
    const cfi = epubCfi(book.chapters!, at)!;
    // /6 = spine, /4 = second itemref ("two"), then html → body (/4) → p (/4, after the h1) → its text (/1).
    expect(cfi).toBe(`epubcfi(/6/4[two]!/4/4/1:${'Waves rise over the '.length})`);
  });

  it('refuses a book with an entry whose path leaves the book', async () => {
    const evil = buildEpub(chapters, [{ name: '../../../../home/user/.bashrc', data: 'rm -rf ~' }]);
    expect(await parseSource('evil.epub', evil)).toMatchObject({ ok: false, reason: 'unsafe' });
  });

  it('refuses a zip bomb, whether its headers tell the truth or lie', async () => {
    const zeros = new Uint8Array(40 * 1024 * 1024);
    const honest = buildEpub(chapters, [{ name: 'OEBPS/bomb.xhtml', data: zeros }]);
    expect(await parseSource('bomb.epub', honest)).toMatchObject({ ok: false, reason: 'unsafe' });
    // Declared as 100 bytes, inflates to 40 MB, and is a chapter the reader must inflate.
    const lying = writeZip([
      { name: 'mimetype', data: 'application/epub+zip', store: true },
      { name: 'META-INF/container.xml', data: '<container><rootfiles><rootfile full-path="book.opf"/></rootfiles></container>' },
      { name: 'book.opf', data: '<package><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>' },
      { name: 'c.xhtml', data: zeros, declaredSize: 100 },
    ]);
    expect(await parseSource('liar.epub', lying)).toMatchObject({ ok: false, reason: 'unsafe' });
  });

  it('reports a damaged archive and a zip that is not a book', async () => {
    const book = buildEpub(chapters);
    expect(await parseSource('cut.epub', book.subarray(0, 200))).toMatchObject({ ok: false, reason: 'parse-error' });
    expect(await parseSource('plain.epub', writeZip([{ name: 'readme.txt', data: 'hello' }]))).toMatchObject({ ok: false, reason: 'parse-error' });
  });

  it('opens a chapter nested ten thousand elements deep', async () => {
    const deep = `${'<div>'.repeat(10_000)}Deep inside the book.${'</div>'.repeat(10_000)}`;
    const book = await parsedEpub(buildEpub([{ id: 'deep', title: 'Deep', body: deep }]));
    expect(book.text).toContain('Deep inside the book.');
  });
});
