import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { contentHash } from '../content-hash';
import type { FileProblem, Heading, Passage, SourceDoc, SourceSummary } from '../../common/contract';
import { MAX_SOURCE_BYTES } from './decode';
import { skipReasonOf, SYMLINK_SKIPPED } from './entry-kind';
import { formatOfName } from './formats/names';
import { moduleFor } from './formats/registry';
import type { Extracted } from './formats/types';
import { buildPassages } from './passages';
import { fileNameTitle, htmlMetadata, markdownMetadata, plainTextMetadata, type SourceMetadata } from './source-title';

export interface ParsedSource {
  format: SourceSummary['format'];
  title: string;
  author?: string;
  year?: number;
  /** Canonical text: every offset in the app indexes it. */
  text: string;
  contentHash: string;
  bytes: number;
  modified: number;
  outline: Heading[];
  blocks: SourceDoc['blocks'];
  passages: Passage[];
  pages?: number;
  pageStarts?: number[];
  pageItems?: number[][];
  chapters?: SourceDoc['chapters'];
  notice?: NonNullable<SourceSummary['notice']>;
}

export type ParseOutcome =
  | { ok: true; source: ParsedSource }
  | { ok: false; reason: FileProblem['reason']; message: string };

/** The format a file is read as, from its name; null for files that are not sources. */
export const sourceFormat = formatOfName;

function metadataOf(format: SourceSummary['format'], relPath: string, x: Extracted): SourceMetadata {
  if (format === 'html') return htmlMetadata({ title: x.title }, x.outline, relPath);
  if (format === 'markdown') return markdownMetadata(x.text, x.outline, relPath);
  if (format === 'text') return plainTextMetadata(x.text, relPath);
  // PDF and EPUB say their title in their metadata; else their first heading, else the file name.
  const title = x.title ?? x.outline[0]?.text ?? fileNameTitle(relPath).title;
  return { title, ...(x.author ? { author: x.author } : {}), ...(x.year ? { year: x.year } : {}) };
}

/** Bytes of a source file → its canonical text, title, outline, blocks and passages. Runs in the index workers. */
export async function parseSource(relPath: string, bytes: Uint8Array, modified = 0): Promise<ParseOutcome> {
  const module = moduleFor(relPath, bytes.subarray(0, 1024));
  if (!module) return { ok: false, reason: 'parse-error', message: 'not a .txt, .md, .html, .pdf or .epub file' };
  try {
    const outcome = await module.extract(bytes, relPath);
    if (!outcome.ok) return outcome;
    const x = outcome.extracted;
    if (!x.text.trim() && !x.notice) return { ok: false, reason: 'empty', message: 'no readable text in the file' };
    const source: ParsedSource = {
      format: module.format,
      ...metadataOf(module.format, relPath, x),
      text: x.text,
      contentHash: contentHash(x.text),
      bytes: bytes.length,
      modified,
      outline: x.outline,
      blocks: x.blocks,
      passages: x.passages ?? buildPassages(x.text, x.blocks, x.outline, { tags: module.format === 'markdown' }),
    };
    if (x.pages !== undefined) source.pages = x.pages;
    if (x.pageStarts) source.pageStarts = x.pageStarts;
    if (x.pageItems) source.pageItems = x.pageItems;
    if (x.chapters) source.chapters = x.chapters;
    if (x.notice) source.notice = x.notice;
    return { ok: true, source };
  } catch (error) {
    return { ok: false, reason: 'parse-error', message: `could not be parsed: ${(error as Error).message}` };
  }
}

/**
 * Reads and parses one file, turning every file-system failure into a reason instead of a throw.
 * The file is opened without following a symlink and without blocking (a FIFO would otherwise
 * hang the read forever), and only a regular file is read.
 */
export async function readSource(absPath: string, relPath: string): Promise<ParseOutcome> {
  let handle;
  try {
    handle = await open(absPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    const skipped = skipReasonOf(info);
    if (skipped) return { ok: false, ...skipped };
    if (!info.isFile()) return { ok: false, reason: 'unreadable', message: 'not a regular file' };
    if (info.size > MAX_SOURCE_BYTES) return { ok: false, reason: 'too-large', message: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB` };
    if (info.size === 0) return { ok: false, reason: 'empty', message: 'the file is empty' };
    return await parseSource(relPath, await handle.readFile(), info.mtimeMs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // O_NOFOLLOW refuses a symlink with ELOOP (a real loop never gets this far: nothing is followed).
    if (code === 'ELOOP') return { ok: false, ...SYMLINK_SKIPPED };
    const message = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the file disappeared' : `could not be read (${code ?? (error as Error).message})`;
    return { ok: false, reason: 'unreadable', message };
  } finally {
    await handle?.close().catch(() => {});
  }
}
