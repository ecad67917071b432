/**
 * The parser registry: every format Sourcebook reads, one module each. A file's format is chosen
 * by its content where the content can say (PDF and EPUB signatures), else by its extension.
 * Adding a format means adding its module here, its extensions to names.ts and its name to the
 * contract's SourceFormat.
 */
import { epubFormat } from './epub/epub';
import { htmlFormat } from './html';
import { pdfFormat } from './pdf/pdf';
import { markdownFormat, textFormat } from './text';
import { formatOfName } from './names';
import type { FormatModule } from './types';

export const FORMAT_MODULES: readonly FormatModule[] = [textFormat, markdownFormat, htmlFormat, pdfFormat, epubFormat];


/** The module that reads these bytes: a signature wins over the name (a PDF saved as .txt is a PDF). */
export function moduleFor(relPath: string, head: Uint8Array): FormatModule | null {
  for (const m of FORMAT_MODULES) if (m.sniff?.(head)) return m;
  const format = formatOfName(relPath);
  return FORMAT_MODULES.find((m) => m.format === format) ?? null;
}
