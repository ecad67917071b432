/** PDFs written in tests with pdf-lib: text placed line by line, so layout cases are exact. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface PlacedLine { text: string; x: number; y: number; size?: number }

export async function writePdf(pages: PlacedLine[][], options: { title?: string; width?: number; height?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (options.title) doc.setTitle(options.title);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (const lines of pages) {
    const page = doc.addPage([options.width ?? 612, options.height ?? 792]);
    for (const l of lines) page.drawText(l.text, { x: l.x, y: l.y, size: l.size ?? 10, font });
  }
  return doc.save({ useObjectStreams: false });
}

/** Wraps words into lines of at most `width` characters, hyphenating nothing. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A page of one column of paragraphs, with a running header and a page number. */
export function columnPage(paragraphs: string[][], opts: { header?: string; pageNumber?: number; x?: number; top?: number } = {}): PlacedLine[] {
  const out: PlacedLine[] = [];
  if (opts.header) out.push({ text: opts.header, x: 72, y: 750, size: 9 });
  let y = opts.top ?? 700;
  for (const lines of paragraphs) {
    for (const text of lines) { out.push({ text, x: opts.x ?? 72, y }); y -= 12; }
    y -= 10;
  }
  if (opts.pageNumber !== undefined) out.push({ text: String(opts.pageNumber), x: 300, y: 40, size: 9 });
  return out;
}
