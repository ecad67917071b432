/**
 * How a note's Markdown reads, block by block: the reading the notes editor's Lexical
 * transformers make (renderer/src/notes/markdown.ts), written once in the pure layer so the
 * search index reads a note as the editor shows it. tests/renderer/note-reading.test.ts imports
 * notes into the real editor and checks that both readings are the same, block for block.
 *
 * As the editor: a heading, a code fence, a Sourcebook quote, a plain blockquote and each list
 * item are blocks of their own; other lines run into one paragraph until a blank line; inline
 * marks (`**bold**`, `_it_`, `` `code` ``, `~~gone~~`, `[text](url)`) read as their text, and
 * `[[wikilinks]]` as written.
 */
import { parseQuoteLines } from './quote-link';

export type NoteBlockKind = 'heading' | 'paragraph' | 'quote' | 'source-quote' | 'list-item' | 'code';

export interface NoteBlock {
  kind: NoteBlockKind;
  /** The block's text as the editor shows it. */
  text: string;
  /** Where the block is in the Markdown (UTF-16 offsets; `end` excludes the final newline). */
  start: number;
  end: number;
  /** A source quote's annotation id. */
  annotationId?: string;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE_LINE = /^\s{0,3}>/;
const FENCE = /^\s{0,3}```/;

export function readNoteBlocks(markdown: string): NoteBlock[] {
  const text = markdown.replace(/\r\n?/g, '\n');
  const lines: Array<{ line: string; start: number }> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push({ line, start: at });
    at += line.length + 1;
  }
  const blocks: NoteBlock[] = [];
  const push = (kind: NoteBlockKind, body: string, from: number, to: number, extra: Partial<NoteBlock> = {}) => {
    blocks.push({ kind, text: body, start: lines[from]!.start, end: lines[to]!.start + lines[to]!.line.length, ...extra });
  };
  let i = 0;
  while (i < lines.length) {
    const { line } = lines[i]!;
    if (!line.trim()) { i++; continue; }
    if (FENCE.test(line)) {
      let j = i + 1;
      while (j < lines.length && !FENCE.test(lines[j]!.line)) j++;
      const body = lines.slice(i + 1, j).map((l) => l.line).join('\n');
      push('code', body, i, Math.min(j, lines.length - 1));
      i = j + 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      push('heading', inlineText(heading[2]!.trim()), i, i);
      i++;
      continue;
    }
    if (QUOTE_LINE.test(line)) {
      let j = i;
      while (j + 1 < lines.length && QUOTE_LINE.test(lines[j + 1]!.line)) j++;
      const quoted = lines.slice(i, j + 1).map((l) => l.line);
      const source = parseQuoteLines(quoted);
      if (source) push('source-quote', source.text, i, j, { annotationId: source.annotationId });
      else push('quote', inlineText(quoted.map((l) => l.replace(/^\s{0,3}>\s?/, '')).join('\n')), i, j);
      i = j + 1;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      push('list-item', inlineText(item[2]!.trim()), i, i);
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && startsParagraphLine(lines[j + 1]!.line)) j++;
    push('paragraph', inlineText(lines.slice(i, j + 1).map((l) => l.line).join('\n')), i, j);
    i = j + 1;
  }
  return blocks;
}

/** Whether a line continues the paragraph above it (rather than starting a block of its own). */
function startsParagraphLine(line: string): boolean {
  return Boolean(line.trim()) && !FENCE.test(line) && !HEADING.test(line) && !QUOTE_LINE.test(line) && !LIST_ITEM.test(line);
}

/** Inline Markdown read as its text: marks dropped, links as their text, wikilinks and escapes kept as the editor keeps them. */
export function inlineText(markdown: string): string {
  const wikilinks: string[] = [];
  let s = markdown.replace(/\[\[[^\[\]\n]+\]\]/g, (m) => `\u0000${wikilinks.push(m) - 1}\u0000`);
  const codes: string[] = [];
  s = s.replace(/`([^`\n]+)`/g, (_m, c: string) => `\u0001${codes.push(c) - 1}\u0001`);
  const escaped: string[] = [];
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!~|>])/g, (_m, c: string) => `\u0002${escaped.push(c) - 1}\u0002`);
  s = s.replace(/\[([^\]\n]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/g, '$1');
  for (const mark of ['***', '___', '**', '__', '~~', '*', '_']) {
    const m = mark.replace(/[*~]/g, (c) => `\\${c}`);
    s = s.replace(new RegExp(`${m}(?=\\S)([^\\n]*?\\S)${m}`, 'g'), '$1');
  }
  return s
    .replace(/\u0002(\d+)\u0002/g, (_m, n: string) => escaped[Number(n)]!)
    .replace(/\u0001(\d+)\u0001/g, (_m, n: string) => codes[Number(n)]!)
    .replace(/\u0000(\d+)\u0000/g, (_m, n: string) => wikilinks[Number(n)]!);
}
