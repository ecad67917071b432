import type { Block, FileProblem, Heading, Passage, SourceDoc, SourceSummary } from '../../../common/contract';

/** What a format module makes of a file: canonical text and its structure, nothing rendered. */
export interface Extracted {
  text: string;
  /** From the file's own metadata (HTML <title>, PDF Info/XMP, EPUB dc:title); null to fall back on headings or the name. */
  title: string | null;
  /** From the same metadata (PDF Info, EPUB dc:creator / dc:date), where the file says it. */
  author?: string;
  year?: number;
  outline: Heading[];
  blocks: Block[];
  /** Set by formats that place passages themselves (PDF pages); otherwise built from blocks and outline. */
  passages?: Passage[];
  pages?: number;
  pageStarts?: number[];
  pageItems?: number[][];
  chapters?: NonNullable<SourceDoc['chapters']>;
  /** The file is a source but something about it deserves a line in the problems list (e.g. a scanned PDF). */
  notice?: NonNullable<SourceSummary['notice']>;
}

export type Refusal = { ok: false; reason: FileProblem['reason']; message: string };
export type ExtractOutcome = { ok: true; extracted: Extracted } | Refusal;

/**
 * One format: how to recognise its files and how to turn their bytes into canonical text.
 * Modules run in the index workers only; `locate` lives in the pure layer (main/common/library)
 * because the notebook and the reader use it on what the workers produced.
 */
export interface FormatModule {
  format: SourceSummary['format'];
  /** Whether the first bytes of a file say it is of this format (binary formats have signatures; text formats do not). */
  sniff?(head: Uint8Array): boolean;
  extract(bytes: Uint8Array, relPath: string): Promise<ExtractOutcome> | ExtractOutcome;
}
