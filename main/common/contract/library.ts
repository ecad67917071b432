import { z } from 'zod';

/** A source's key: its path relative to its library folder (POSIX slashes), prefixed by `N:` for folders after the first. */
export const SourceId = z.string().min(1).max(4096);
export type SourceId = z.infer<typeof SourceId>;

export const SourceFormat = z.enum(['text', 'markdown', 'html', 'pdf', 'epub']);

export const Heading = z.object({
  level: z.number().int().min(1).max(6),
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Heading = z.infer<typeof Heading>;

/** A structural block of the canonical text, for the reader to render without ever parsing source markup. */
export const Block = z.object({
  /** A `table-row`'s cells are separated by tabs in the text. */
  kind: z.enum(['heading', 'paragraph', 'list-item', 'quote', 'code', 'rule', 'table-row']),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  level: z.number().int().min(1).max(6).optional(),
  /** A list item's marker where the text has none (HTML): "•", or its number ("3."). */
  marker: z.string().max(16).optional(),
});
export type Block = z.infer<typeof Block>;

/** A paragraph-sized span of a source: the unit of search results and of "quoted by" markers. */
export const Passage = z.object({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The nearest heading above the passage, if any. */
  heading: z.string().optional(),
  /** `[[wikilink]]` targets inside the passage. */
  links: z.array(z.string()),
  /** PDF: the 1-based page the passage starts on. */
  page: z.number().int().positive().optional(),
});
export type Passage = z.infer<typeof Passage>;

export const SourceSummary = z.object({
  id: SourceId,
  /** Path relative to its library folder, POSIX slashes. */
  path: z.string(),
  folder: z.number().int().nonnegative(),
  title: z.string(),
  /** Who wrote it and when, where the file says (a title page, front matter, a header block). */
  author: z.string().optional(),
  year: z.number().int().optional(),
  format: SourceFormat,
  /** sha256 of the canonical text, hex. */
  contentHash: z.string(),
  bytes: z.number().int().nonnegative(),
  passageCount: z.number().int().nonnegative(),
  modified: z.number(),
  /** PDF: its number of pages. */
  pages: z.number().int().nonnegative().optional(),
  /** PDF: the canonical offset where each page's text begins (page N at index N−1), so any offset finds its page. */
  pageStarts: z.array(z.number().int().nonnegative()).optional(),
  /** A source that is listed and viewable but deserves a line in the problems list (a scanned PDF, an image-only book). */
  notice: z.object({ reason: z.enum(['no-text', 'parse-error']), message: z.string() }).optional(),
  /** Its headings and chapters (the first 300), for the quick switcher; the full outline is in SourceDoc. */
  headings: z.array(Heading).max(300).optional(),
});
export type SourceSummary = z.infer<typeof SourceSummary>;

export const SourceDoc = SourceSummary.extend({
  /** Canonical plain text; every offset in the app is a UTF-16 index into it. */
  text: z.string(),
  outline: z.array(Heading),
  blocks: z.array(Block),
  passages: z.array(Passage),
  /** EPUB: the spine's chapters in reading order, with their spans of the canonical text. */
  chapters: z.array(z.object({
    /** Path of the chapter inside the book. */
    href: z.string(),
    /** The spine itemref's idref and its 0-based place among all itemrefs (for EPUB CFIs). */
    idref: z.string(),
    spineIndex: z.number().int().nonnegative(),
    title: z.string().optional(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    /**
     * Flat triples `[start, pathIndex, rawOffset, …]`: a text node of the chapter begins at canonical
     * offset `start`, its CFI path is `cfiPaths[pathIndex]`, and `rawOffset` is the character offset
     * inside the node that canonical character corresponds to.
     */
    nodes: z.array(z.number().int().nonnegative()),
    cfiPaths: z.array(z.string()),
  })).optional(),
});
export type SourceDoc = z.infer<typeof SourceDoc>;

export const SourceBytes = z.object({
  id: SourceId,
  /** sha256 of the canonical text parsed from these bytes, to tell whether they match the SourceDoc shown. */
  contentHash: z.string(),
  /** The file as it is (every transport carries it as bytes: IPC and in-process by structured clone, HTTP as the response body). */
  bytes: z.instanceof(Uint8Array),
});
export type SourceBytes = z.infer<typeof SourceBytes>;

/** The most pages one `getPageItems` call answers. */
export const MAX_PAGE_ITEMS_PAGES = 64;

/**
 * A PDF's page map for some pages: per page, its pdf.js text items (in `getTextContent()` order)
 * as flat triples `[itemIndex, start, end, …]` of canonical offsets, so a quote can be drawn over
 * the words on the page. Fetched a few pages at a time as the reader draws them (a book's map is
 * as large as its text), not with the SourceDoc.
 */
export const PageItems = z.object({
  id: SourceId,
  /** The canonical text these offsets are into (the SourceDoc's contentHash). */
  contentHash: z.string(),
  /** 1-based page of `pages[0]`. */
  from: z.number().int().min(1),
  pages: z.array(z.array(z.number().int().nonnegative())),
});
export type PageItems = z.infer<typeof PageItems>;

export const FileProblem = z.object({
  path: z.string(),
  folder: z.number().int().nonnegative(),
  /**
   * `symlink`: links are never followed (nothing outside the library folder is read);
   * `special-file`: a named pipe, socket or device, which is never opened;
   * `encrypted`, `no-text` (still a source: a scanned PDF, an image-only book), `timeout`, `unsafe`
   * (an EPUB whose entries leave the book or expand like a zip bomb): see docs/library.md.
   */
  reason: z.enum(['binary', 'invalid-utf8', 'too-large', 'unreadable', 'empty', 'parse-error', 'symlink', 'special-file', 'encrypted', 'no-text', 'timeout', 'unsafe']),
  message: z.string(),
});
export type FileProblem = z.infer<typeof FileProblem>;

export const IndexProgress = z.object({
  phase: z.enum(['idle', 'scanning', 'indexing', 'loading', 'ready']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type IndexProgress = z.infer<typeof IndexProgress>;

/**
 * How changes to the library folders are noticed. `native`: the OS reports them (one watch per
 * folder). `rescan`: the OS ran out of watches (or refused one), so the folders are re-scanned
 * every few seconds instead; changes still arrive, later. `off`: not watched (tests, CLI).
 */
export const WatchStatus = z.object({
  mode: z.enum(['native', 'rescan', 'off']),
  message: z.string(),
});
export type WatchStatus = z.infer<typeof WatchStatus>;

export const LibraryState = z.object({
  folders: z.array(z.string()),
  notebook: z.string(),
  sources: z.array(SourceSummary),
  problems: z.array(FileProblem),
  progress: IndexProgress,
  watch: WatchStatus.optional(),
});
export type LibraryState = z.infer<typeof LibraryState>;
