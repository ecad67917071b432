import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { contentHash } from '../content-hash';
import type { Block, FileProblem, Heading, Passage, SourceSummary } from '../../common/contract';
import { decodeSourceBytes, MAX_SOURCE_BYTES } from './decode';
import { htmlToText } from './html-to-text';
import { buildPassages } from './passages';
import { skipReasonOf, SYMLINK_SKIPPED } from './entry-kind';
import { markdownStructure, type Structure } from './text-structure';
import { plainTextChapters } from './text-chapters';
import { htmlMetadata, markdownMetadata, plainTextMetadata, type SourceMetadata } from './source-title';

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
  blocks: Block[];
  passages: Passage[];
}

export type ParseOutcome =
  | { ok: true; source: ParsedSource }
  | { ok: false; reason: FileProblem['reason']; message: string };

const FORMATS: Record<string, SourceSummary['format']> = {
  '.txt': 'text', '.text': 'text', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html',
};

/** The format a file is read as, from its name; null for files that are not sources. */
export function sourceFormat(relPath: string): SourceSummary['format'] | null {
  return FORMATS[path.extname(relPath).toLowerCase()] ?? null;
}

function metadataOf(format: SourceSummary['format'], relPath: string, parsed: { text: string; outline: Heading[]; title: string | null }): SourceMetadata {
  if (format === 'html') return htmlMetadata({ title: parsed.title }, parsed.outline, relPath);
  if (format === 'markdown') return markdownMetadata(parsed.text, parsed.outline, relPath);
  return plainTextMetadata(parsed.text, relPath);
}

/** Markdown's blocks and headings; plain text's also its chapter lines ("CHAPTER I", "BOOK II"). */
function textStructure(format: SourceSummary['format'], text: string): Structure {
  const structure = markdownStructure(text);
  return format === 'text' ? plainTextChapters(text, structure) : structure;
}

/** Bytes of a source file → its canonical text, title, outline, blocks and passages. */
export function parseSource(relPath: string, bytes: Uint8Array, modified = 0): ParseOutcome {
  const format = sourceFormat(relPath);
  if (!format) return { ok: false, reason: 'parse-error', message: 'not a .txt, .md or .html file' };
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return decoded;
  try {
    const parsed = format === 'html' ? htmlToText(decoded.text) : { ...textStructure(format, decoded.text), text: decoded.text, title: null };
    if (!parsed.text.trim()) return { ok: false, reason: 'empty', message: 'no readable text in the file' };
    return {
      ok: true,
      source: {
        format,
        ...metadataOf(format, relPath, parsed),
        text: parsed.text,
        contentHash: contentHash(parsed.text),
        bytes: bytes.length,
        modified,
        outline: parsed.outline,
        blocks: parsed.blocks,
        passages: buildPassages(parsed.text, parsed.blocks, parsed.outline, { tags: format === 'markdown' }),
      },
    };
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
    return parseSource(relPath, await handle.readFile(), info.mtimeMs);
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
