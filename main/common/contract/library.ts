import { z } from 'zod';

/** A source's key: its path relative to its library folder (POSIX slashes), prefixed by `N:` for folders after the first. */
export const SourceId = z.string().min(1).max(4096);
export type SourceId = z.infer<typeof SourceId>;

export const SourceFormat = z.enum(['text', 'markdown', 'html']);

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
});
export type SourceDoc = z.infer<typeof SourceDoc>;

export const FileProblem = z.object({
  path: z.string(),
  folder: z.number().int().nonnegative(),
  /**
   * `symlink`: links are never followed (nothing outside the library folder is read);
   * `special-file`: a named pipe, socket or device, which is never opened.
   */
  reason: z.enum(['binary', 'invalid-utf8', 'too-large', 'unreadable', 'empty', 'parse-error', 'symlink', 'special-file']),
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
