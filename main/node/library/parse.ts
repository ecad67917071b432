import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileProblem, Heading, Passage, SourceDoc, SourceSummary } from '../../common/contract';
import { MAX_SOURCE_BYTES } from './decode';
import { formatOfName } from './formats/names';
import { moduleFor } from './formats/registry';
import type { Extracted } from './formats/types';
import { buildPassages } from './passages';

export interface ParsedSource {
  format: SourceSummary['format'];
  title: string;
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
  notice?: { reason: FileProblem['reason']; message: string };
}

export type ParseOutcome =
  | { ok: true; source: ParsedSource }
  | { ok: false; reason: FileProblem['reason']; message: string };

/** The format a file is read as, from its name; null for files that are not sources. */
export const sourceFormat = formatOfName;

export const hashText = (text: string) => createHash('sha256').update(text).digest('hex');

function titleOf(relPath: string, x: Extracted): string {
  const top = x.outline.find((h) => h.level === 1) ?? x.outline[0];
  const firstLine = x.text.split('\n').find((l) => l.trim())?.trim();
  const candidate = x.title ?? top?.text ?? (firstLine && firstLine.length <= 160 ? firstLine : null);
  return candidate?.replace(/^#+\s*/, '').trim() || path.basename(relPath).replace(/\.[^.]+$/, '');
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
      title: titleOf(relPath, x),
      text: x.text,
      contentHash: hashText(x.text),
      bytes: bytes.length,
      modified,
      outline: x.outline,
      blocks: x.blocks,
      passages: x.passages ?? buildPassages(x.text, x.blocks, x.outline),
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

/** Reads and parses one file, turning every file-system failure into a reason instead of a throw. */
export async function readSource(absPath: string, relPath: string): Promise<ParseOutcome> {
  try {
    const info = await stat(absPath);
    if (!info.isFile()) return { ok: false, reason: 'unreadable', message: 'not a regular file' };
    if (info.size > MAX_SOURCE_BYTES) return { ok: false, reason: 'too-large', message: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB` };
    if (info.size === 0) return { ok: false, reason: 'empty', message: 'the file is empty' };
    return await parseSource(relPath, await readFile(absPath), info.mtimeMs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the file disappeared' : `could not be read (${code ?? (error as Error).message})`;
    return { ok: false, reason: 'unreadable', message };
  }
}
