/**
 * PDFs and EPUBs through the real backend (workers included): listing with pages and reasons,
 * search hits with pages and chapter titles, sources opened without parsing on this thread,
 * exports with page and CFI selectors, and quotes re-anchored when a PDF is replaced.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageAt } from '../../main/common/library/locate';
import { Backend } from '../../main/node/backend/backend';
import { indexWorkerUrl, repoRoot } from '../contract/fixture';
import { until } from '../support/until';
import { columnPage, writePdf, wrap } from './support/pdf-writer';

const edge = (name: string) => path.join(repoRoot, '../shared/corpora/pdf-edge', name);
const epubs = (name: string) => path.join(repoRoot, '../shared/corpora/epub', name);

const P1 = 'Caching decides which pages of a database stay in memory when the buffer pool is full and a new page must be read.';
const P2 = 'The classic policy evicts the least recently used page, which works well for workloads that revisit recent pages.';
const QUOTED = 'A sequential scan defeats that policy because every page it touches looks recent although it will never be used again.';
const REWORDED = 'Our new policy keeps a short probation queue so that a page must be referenced twice before it earns a place in the main buffer.';
const INSERTED = 'This paragraph was added in the revised version of the paper to explain the measurements in more detail than before.';
const INSERTED2 = 'A second new paragraph describes the machines the revised measurements were taken on, and how long each run lasted.';

function paperPages(paragraphs: string[][]) {
  // Two paragraphs per page, each wrapped at 80 characters.
  const pages = [];
  for (let i = 0; i < paragraphs.length; i += 2) pages.push(columnPage(paragraphs.slice(i, i + 2), { header: 'Proceedings of Tests', pageNumber: pages.length + 1 }));
  return pages;
}
const paper = (texts: string[]) => writePdf(paperPages(texts.map((t) => wrap(t, 80))), { title: 'Buffer Policies Revisited' });

describe('PDFs and EPUBs in a library', () => {
  let base: string;
  let library: string;
  let backend: Backend;

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-formats-'));
    library = path.join(base, 'library');
    await mkdir(library);
    await copyFile(edge('tracemonkey.pdf'), path.join(library, 'tracemonkey.pdf'));
    await copyFile(edge('issue6010_1.pdf'), path.join(library, 'locked.pdf'));
    await copyFile(epubs('accessible_epub_3.epub'), path.join(library, 'accessible.epub'));
    await writeFile(path.join(library, 'buffers.pdf'), await paper([P1, P2, QUOTED, REWORDED]));
    await writeFile(path.join(library, 'empty.pdf'), '');
    backend = await Backend.open({ libraryFolders: [library], notebookDir: path.join(base, 'notes'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl(), watch: true });
    await backend.library.ready;
  }, 60_000);
  afterAll(async () => {
    await backend?.close();
    await rm(base, { recursive: true, force: true });
  });

  it('lists PDFs with their pages and titles, and says why the others could not be read', async () => {
    const state = await backend.getLibrary();
    const trace = state.sources.find((s) => s.path === 'tracemonkey.pdf')!;
    expect(trace).toMatchObject({ format: 'pdf', pages: 14, title: 'Trace-based Just-in-Time Type Specialization for Dynamic Languages' });
    expect(state.sources.find((s) => s.path === 'accessible.epub')).toMatchObject({ format: 'epub', title: 'Accessible EPUB 3' });
    expect(state.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'locked.pdf', reason: 'encrypted', message: 'password-protected: not indexed' }),
      expect.objectContaining({ path: 'empty.pdf', reason: 'empty' }),
    ]));
  });

  it('finds PDF text with the page of each hit, and EPUB text with its chapter', async () => {
    const results = await backend.search('"trace trees"');
    const hits = results.hits.filter((h) => h.path === 'tracemonkey.pdf');
    expect(hits.length).toBeGreaterThan(2);
    const doc = await backend.getSource('tracemonkey.pdf');
    for (const hit of hits) expect(hit.page).toBe(pageAt(doc.pageStarts!, hit.start));
    const book = (await backend.search('"screen readers"')).hits.filter((h) => h.path === 'accessible.epub');
    expect(book.length).toBeGreaterThan(0);
    const toc = (await backend.getSource('accessible.epub')).outline.map((h) => h.text);
    for (const hit of book) expect(toc).toContain(hit.heading);
  });

  it('opens a PDF without its page map, which comes a few pages at a time, without loading pdf.js on this thread', async () => {
    const doc = await backend.getSource('tracemonkey.pdf');
    expect(doc).not.toHaveProperty('pageItems');
    expect(doc.text).toContain('trace trees');
    const some = await backend.getPageItems('tracemonkey.pdf', 13, 5);
    expect(some).toMatchObject({ id: 'tracemonkey.pdf', contentHash: doc.contentHash, from: 13 });
    expect(some.pages).toHaveLength(2); // pages 13 and 14: the book ends there
    // Each triple is an item and a span of the page's own text.
    const [, start, end] = some.pages[1]!;
    expect(start).toBeGreaterThanOrEqual(doc.pageStarts![13]!);
    expect(end).toBeGreaterThan(start!);
    // pdf.js registers its worker code globally where it runs: only the index workers have it.
    expect((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker).toBeUndefined();
  });

  it('exports PDF quotes with a page selector and EPUB quotes with an EPUB CFI', async () => {
    const doc = await backend.getSource('tracemonkey.pdf');
    const sentence = 'This section explains how trace trees are formed during execution.';
    const start = doc.text.indexOf(sentence);
    expect(start).toBeGreaterThan(0);
    await backend.createAnnotation({ kind: 'quote', sourceId: 'tracemonkey.pdf', start, end: start + sentence.length });
    const book = await backend.getSource('accessible.epub');
    const bstart = book.text.indexOf('screen readers');
    await backend.createAnnotation({ kind: 'quote', sourceId: 'accessible.epub', start: bstart, end: bstart + 14 });
    const exported = await backend.exportAnnotations() as { first: { items: Array<{ target: { selector: Array<{ type: string; conformsTo?: string; value?: string }> } }> } };
    const selectors = exported.first.items.map((i) => i.target.selector.find((s) => s.type === 'FragmentSelector'));
    expect(selectors).toContainEqual({ type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: `page=${pageAt(doc.pageStarts!, start)}` });
    const cfi = selectors.find((s) => s?.value?.startsWith('epubcfi('));
    expect(cfi?.conformsTo).toBe('http://www.idpf.org/epub/linking/cfi/epub-cfi.html');
    expect(cfi?.value).toMatch(/^epubcfi\(\/6\/\d+\[[^\]]+\]!(\/\d+)+:\d+\)$/);
  });

  it('re-anchors quotes when a PDF is replaced by an edited version, and sends a reworded one to review', async () => {
    const before = await backend.getSource('buffers.pdf');
    const qStart = before.text.indexOf(QUOTED);
    const rStart = before.text.indexOf(REWORDED);
    expect(pageAt(before.pageStarts!, qStart)).toBe(2);
    const kept = await backend.createAnnotation({ kind: 'quote', sourceId: 'buffers.pdf', start: qStart, end: qStart + QUOTED.length });
    const reworded = await backend.createAnnotation({ kind: 'quote', sourceId: 'buffers.pdf', start: rStart, end: rStart + REWORDED.length });

    // Re-typeset with two paragraphs inserted before the quote (it moves from page 2 to page 3) and the other sentence rewritten.
    const rewrite = 'A different approach altogether replaces recency with frequency counts kept in a small table beside the buffer pool.';
    await writeFile(path.join(library, 'buffers.pdf'), await paper([P1, INSERTED, INSERTED2, P2, QUOTED, rewrite]));
    await until(async () => (await backend.getLibrary()).sources.find((s) => s.path === 'buffers.pdf')?.contentHash !== before.contentHash, 'the library sees the new version', 20_000);

    const after = await backend.getSource('buffers.pdf');
    const moved = await until(async () => {
      const a = await backend.getAnnotation(kept.id);
      return a.anchor && a.anchor.start !== qStart ? a : undefined;
    }, 'the quote moves with its sentence');
    expect(after.text.slice(moved.anchor!.start, moved.anchor!.end)).toBe(QUOTED);
    expect(pageAt(after.pageStarts!, moved.anchor!.start)).toBe(3);

    const review = await until(async () => {
      const items = await backend.listReview();
      return items.find((i) => i.annotation.id === reworded.id);
    }, 'the reworded quote goes to review');
    expect(review.reason).toMatch(/orphaned|low-confidence/);
    // The quote that re-anchored exactly is not there.
    expect((await backend.listReview()).map((i) => i.annotation.id)).not.toContain(kept.id);
  });
});
