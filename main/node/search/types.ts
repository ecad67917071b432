import type { ParseOutcome, ParsedSource } from '../library/parse';

/** One searchable unit: a passage of a source, a note (or a part of it), or a quote/highlight. */
export interface SearchDoc {
  /** Unique across the engine, e.g. `${owner}#${n}`. */
  id: string;
  /** The unit of incremental update: a source id, `note:<path>`, or `annotation:<id>`. */
  owner: string;
  kind: 'passage' | 'note' | 'quote';
  sourceId?: string;
  path: string;
  title: string;
  heading?: string;
  text: string;
  /** The passage's offsets in its source's canonical text (or in the note). */
  start: number;
  end: number;
  /** [[wikilink]] targets and tags of this passage. */
  tags: string[];
  /** Highlight colour name (kind 'quote'). */
  color?: string;
  annotationId?: string;
}

/** A library file for `indexFiles`: read and parsed inside a worker. */
export interface LibraryFile {
  owner: string; absPath: string; relPath: string; folder: number;
  /** Where the worker keeps the full parse (text and page/chapter maps) of a costly format, so opening it never parses again. */
  parsedCache?: string;
}

/** What `indexFiles` reports per file: the parse outcome without the canonical text (the library keeps the outline, blocks and passages). */
export type ParseOutcomeWithoutText =
  | { ok: true; source: Omit<ParsedSource, 'text' | 'pageItems' | 'chapters'> }
  | Extract<ParseOutcome, { ok: false }>;

export interface FileOutcome { owner: string; outcome: ParseOutcomeWithoutText }
