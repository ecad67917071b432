import type { Block, Heading } from '../../common/contract';
import { LIST_MARKER } from '../../common/library/list-marker';

export interface Structure {
  blocks: Block[];
  outline: Heading[];
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const SETEXT = /^(=+|-+)[ \t]*$/;
const LIST_ITEM = new RegExp(`${LIST_MARKER.source}\\S`);
const RULE = /^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^[ \t]{0,3}(```|~~~)/;
const QUOTE = /^[ \t]{0,3}>/;

/**
 * Blocks and headings of Markdown or plain text (whose `# Heading` lines and lists are read the
 * Markdown way, as people write them). Offsets index the text itself: Markdown keeps its words
 * and its markup in the canonical text, so a file and its canonical text line up one to one.
 */
export function markdownStructure(text: string): Structure {
  const blocks: Block[] = [];
  const outline: Heading[] = [];
  const lines: Array<{ start: number; end: number; line: string }> = [];
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ start, end, line: text.slice(start, end) });
    start = end + 1;
  }

  type Open = { start: number; end: number; kind: Block['kind'] };
  // Read through current(): TypeScript does not see close() reset it inside the loop.
  let para: Open | null = null;
  const current = () => para as Open | null;
  const close = () => { if (para) blocks.push({ kind: para.kind, start: para.start, end: para.end }); para = null; };
  const heading = (level: number, title: string, start: number, end: number) => {
    blocks.push({ kind: 'heading', start, end, level });
    outline.push({ level, text: title.replace(/\s+/g, ' ').trim(), start, end });
  };

  for (let i = 0; i < lines.length; i++) {
    const { start, end, line } = lines[i]!;
    if (!line.trim()) { close(); continue; }
    if (FENCE.test(line)) {
      close();
      const fence = FENCE.exec(line)![1]!;
      let j = i + 1;
      while (j < lines.length && !lines[j]!.line.trimStart().startsWith(fence)) j++;
      const last = lines[Math.min(j, lines.length - 1)]!;
      blocks.push({ kind: 'code', start, end: last.end });
      i = j;
      continue;
    }
    const h = HEADING.exec(line);
    if (h) { close(); heading(h[1]!.length, h[2]!, start, end); continue; }
    if (RULE.test(line)) {
      // "Title\n---" is a heading in Markdown, not a rule under a paragraph.
      if (para && para.kind === 'paragraph' && /^[ \t]*-+[ \t]*$/.test(line) && lines[i - 1]?.line.trim()) {
        const p: { start: number; end: number } = para;
        para = null;
        heading(2, text.slice(p.start, p.end), p.start, end);
        continue;
      }
      close();
      blocks.push({ kind: 'rule', start, end });
      continue;
    }
    if (SETEXT.test(line) && para && para.kind === 'paragraph' && line.trim().startsWith('=')) {
      const p: { start: number; end: number } = para;
      para = null;
      heading(1, text.slice(p.start, p.end), p.start, end);
      continue;
    }
    if (LIST_ITEM.test(line)) { close(); para = { start, end, kind: 'list-item' }; continue; }
    if (QUOTE.test(line)) {
      if (current()?.kind !== 'quote') close();
      const open = current();
      para = open ? { ...open, end } : { start, end, kind: 'quote' };
      continue;
    }
    if (para) para.end = end;
    else para = { start, end, kind: 'paragraph' };
  }
  close();
  return { blocks: blocks.map(trimBlock(text)).filter((b) => b.end > b.start), outline };
}

/** Blocks never start or end on white space, so a passage's first character is a word. */
export const trimBlock = (text: string) => (b: Block): Block => {
  let { start, end } = b;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { ...b, start, end };
};
