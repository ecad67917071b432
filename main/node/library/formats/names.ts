/**
 * Which file names a library holds, by format. Kept apart from the format modules so that the
 * app's main process, which only scans and watches, never loads a parser (pdf.js least of all).
 */
import path from 'node:path';
import type { SourceSummary } from '../../../common/contract';

export const FORMAT_EXTENSIONS: Readonly<Record<SourceSummary['format'], readonly string[]>> = {
  text: ['.txt', '.text'],
  markdown: ['.md', '.markdown'],
  html: ['.html', '.htm', '.xhtml'],
  pdf: ['.pdf'],
  epub: ['.epub'],
};

const byExtension = new Map(Object.entries(FORMAT_EXTENSIONS).flatMap(([format, exts]) => exts.map((e) => [e, format as SourceSummary['format']] as const)));

/** The format a file name says, or null for files a library does not hold. */
export function formatOfName(relPath: string): SourceSummary['format'] | null {
  return byExtension.get(path.extname(relPath).toLowerCase()) ?? null;
}
