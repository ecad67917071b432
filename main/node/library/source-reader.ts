/**
 * A source's content as the reader and the notebook need it: the full canonical text (parsed in
 * an index worker, never here), a PDF's bytes, where an offset lies on a page or in a chapter,
 * and which source holds a content hash now.
 */
import { constants } from 'node:fs';
import { open as openFile, stat } from 'node:fs/promises';
import { ApiError, type PageItems, type SourceBytes, type SourceDoc } from '../../common/contract';
import { epubCfi, epubCfiSelector, pageAt, pdfPageSelector } from '../../common/library/locate';
import { MAX_SOURCE_BYTES } from './decode';
import { summaryOf, type LibraryCatalog } from './library-catalog';
import type { LibraryFile, LibraryIndex } from './library-index';
import type { ParseOutcome } from './parse';
import type { SourceFile } from './scan';

const PARSED_CACHE_SIZE = 4;

export class SourceReader {
  private readonly parsed = new Map<string, { key: string; outcome: ParseOutcome }>();

  constructor(
    private readonly catalog: LibraryCatalog,
    private readonly index: Pick<LibraryIndex, 'readSource'>,
    private readonly libraryFile: (file: SourceFile) => LibraryFile,
  ) {}

  /** A source with its full canonical text, parsed in an index worker (or the few most recently opened, if unchanged). */
  async getSource(id: string): Promise<SourceDoc> {
    const file = this.catalog.files.get(id);
    if (!file) throw new ApiError('not-found', `no source "${id}" in the library`);
    const outcome = await this.read(file);
    if (!outcome.ok) throw new ApiError('not-found', `${file.relPath}: ${outcome.message}`);
    const { text, pageItems: _pageItems, chapters, ...meta } = outcome.source;
    return {
      ...summaryOf(file, meta), text, outline: meta.outline, blocks: meta.blocks, passages: meta.passages,
      ...(chapters ? { chapters } : {}),
    };
  }

  /** A PDF's page map for `count` pages from `from`, from the parse the workers kept (the reader asks as it draws pages). */
  async getPageItems(id: string, from: number, count: number): Promise<PageItems> {
    const file = this.catalog.files.get(id);
    if (!file) throw new ApiError('not-found', `no source "${id}" in the library`);
    const outcome = await this.read(file);
    if (!outcome.ok) throw new ApiError('not-found', `${file.relPath}: ${outcome.message}`);
    const items = outcome.source.pageItems;
    if (!items) throw new ApiError('bad-request', `${file.relPath} is not a PDF: it has no pages`);
    return { id, contentHash: outcome.source.contentHash, from, pages: items.slice(from - 1, from - 1 + count) };
  }

  /**
   * A PDF's bytes for the reader to draw its pages (read, never parsed, here). Only PDFs: other
   * formats are shown from their canonical text, and nothing outside the library is reachable
   * because only a known source id names a file.
   */
  async getSourceFile(id: string): Promise<SourceBytes> {
    const file = this.catalog.files.get(id);
    const summary = this.catalog.sources.get(id);
    if (!file || !summary) throw new ApiError('not-found', `no source "${id}" in the library`);
    if (summary.format !== 'pdf') throw new ApiError('bad-request', `${file.relPath} is not a PDF: its pages are its text`);
    // As readSource opens sources: no symlink followed, no blocking on a FIFO put in its place.
    const handle = await openFile(file.absPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
      .catch(() => { throw new ApiError('not-found', `${file.relPath}: the file cannot be opened`); });
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ApiError('not-found', `${file.relPath}: not a regular file`);
      if (info.size > MAX_SOURCE_BYTES) throw new ApiError('bad-request', `${file.relPath} is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`);
      // A new version not yet re-read: its pages under the old version's page map and hash would put
      // highlights on the wrong words. The library's change event follows, and the reader opens it then.
      if (info.size !== file.size || info.mtimeMs !== file.mtimeMs) {
        throw new ApiError('conflict', `${file.relPath} changed on disk and is being read again: open it in a moment`);
      }
      const bytes = await handle.readFile();
      return { id, contentHash: summary.contentHash, bytes };
    } finally {
      await handle.close().catch(() => {});
    }
  }

  /** SourceAccess for the notebook: current text, and where content with a hash lives now. */
  async getText(id: string): Promise<{ text: string; contentHash: string; title: string } | null> {
    const file = this.catalog.files.get(id);
    if (!file) return null;
    const outcome = await this.read(file);
    return outcome.ok ? { text: outcome.source.text, contentHash: outcome.source.contentHash, title: outcome.source.title } : null;
  }

  /** SourceAccess: a PDF page or EPUB CFI for an offset of the current text (from what the workers produced). */
  async locate(sourceId: string, start: number, contentHash: string) {
    const summary = this.catalog.sources.get(sourceId);
    if (!summary || summary.contentHash !== contentHash) return null;
    if (summary.pageStarts) return pdfPageSelector(pageAt(summary.pageStarts, start));
    if (summary.format !== 'epub') return null;
    const doc = await this.getSource(sourceId).catch(() => null);
    const cfi = doc?.chapters && doc.contentHash === contentHash ? epubCfi(doc.chapters, start) : null;
    return cfi ? epubCfiSelector(cfi) : null;
  }

  async findByHash(hash: string): Promise<string | null> {
    for (const s of this.catalog.sources.values()) if (s.contentHash === hash) return s.id;
    return null;
  }

  /**
   * Opening a source, quoting from it and re-anchoring its quotes read the same file in quick
   * succession; a book takes tens of milliseconds to parse, so the last few stay parsed while
   * their size and modification time say they are unchanged.
   */
  private async read(file: SourceFile) {
    const info = await stat(file.absPath).catch(() => null);
    const key = info ? `${info.size}:${info.mtimeMs}` : '';
    const cached = this.parsed.get(file.id);
    if (cached && key && cached.key === key) {
      this.parsed.delete(file.id);
      this.parsed.set(file.id, cached);
      return cached.outcome;
    }
    const outcome = await this.index.readSource(this.libraryFile(file));
    if (outcome.ok && key) {
      this.parsed.set(file.id, { key, outcome });
      if (this.parsed.size > PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!);
    }
    return outcome;
  }
}
