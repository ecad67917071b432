/**
 * What a passage says, as a reader sees it: the words of a range of the canonical text without
 * its Markdown syntax (`## `, `- `, `1. `, `> `, `**`, `[[`, `](url)`) and, where the reader
 * reflows a paragraph, without its hard line breaks: one space between words, a blank line
 * between paragraphs. This is the text a quote carries into a note; the quote's selectors keep
 * the exact offsets (the canonical text is never changed).
 */
import type { Block, SourceDoc } from '../../../main/common/contract';
import { LIST_MARKER } from '../../../main/common/library/list-marker';
import { displayBlocks } from './blocks';
import { blockMarkup } from './markup';
import { reflows } from './reflow';

/** The shown text of `[start, end)` of a source. */
export function shownText(
  doc: Pick<SourceDoc, 'text' | 'blocks' | 'format'>,
  range: { start: number; end: number },
): string {
  const parts: string[] = [];
  for (const block of displayBlocks(doc.text, doc.blocks)) {
    if (block.end <= range.start || block.start >= range.end) continue;
    const shown = blockText(doc.text, block, doc.format, Math.max(range.start, block.start), Math.min(range.end, block.end));
    if (shown) parts.push(shown);
  }
  return parts.join('\n\n');
}

/**
 * The shown text of a quote known only as a string (a note's quote, a source's current words):
 * its paragraphs read as Markdown blocks. Comparing two quotes this way ignores what only the
 * syntax and the line breaks changed.
 */
export function shownQuote(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n');
  const parts: string[] = [];
  for (const m of text.matchAll(/\S[\s\S]*?(?=\n[ \t]*\n|$)/g)) {
    const start = m.index!;
    const end = start + m[0].trimEnd().length;
    const slice = text.slice(start, end);
    const kind: Block['kind'] = /^#{1,6}[ \t]/.test(slice) ? 'heading'
      : LIST_MARKER.test(slice) ? 'list-item'
        : /^[ \t]{0,3}>/.test(slice) ? 'quote' : 'paragraph';
    const shown = blockText(text, { kind, start, end }, 'markdown', start, end);
    if (shown) parts.push(shown);
  }
  return parts.join('\n\n');
}

function blockText(text: string, block: Block, format: SourceDoc['format'], from: number, to: number): string {
  const syntax = blockMarkup(text, block, format).filter((m) => m.kind === 'syntax').sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = from;
  for (const s of syntax) {
    if (s.end <= cursor || s.start >= to) continue;
    if (s.start > cursor) out += text.slice(cursor, s.start);
    cursor = Math.max(cursor, s.end);
  }
  if (cursor < to) out += text.slice(cursor, to);
  return reflows(text, block, format) ? out.replace(/\s+/g, ' ').trim() : out.replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '');
}
