/**
 * The Markdown markup of one reader block: the block's own syntax (a heading's `## `, each line's
 * `> ` in a quote, a list item's `- ` or `1. `, a code block's fences) and the inline markup of its
 * text. HTML sources have none: their canonical text is what the page says, so a `*` there is a
 * star. Code blocks and rules have no inline markup.
 */
import type { Block, SourceDoc } from '../../../main/common/contract';
import { LIST_MARKER } from '../../../main/common/library/list-marker';
import { inlineMarkup, type InlineMark } from './inline';

const LINE_PREFIX: Partial<Record<Block['kind'], RegExp>> = {
  heading: /^#{1,6}[ \t]+/,
  'list-item': LIST_MARKER,
};
const QUOTE_PREFIX = /^[ \t]{0,3}(?:>[ \t]?)+/;
const FENCE = /^[ \t]{0,3}(?:```|~~~).*$/;
const SETEXT_UNDERLINE = /\n[ \t]*(?:=+|-+)[ \t]*$/;
const CLOSING_HASHES = /[ \t]+#+[ \t]*$/;

export function blockMarkup(text: string, block: Block, format: SourceDoc['format']): InlineMark[] {
  // Only text written as Markdown carries markup in its canonical text; HTML, EPUB and PDF text is plain words.
  if (format === 'html' || format === 'epub' || format === 'pdf' || block.kind === 'rule') return [];
  const { start, end } = block;
  const slice = text.slice(start, end);
  if (block.kind === 'code') return fences(slice, start);

  const marks: InlineMark[] = [];
  let from = start;
  let to = end;
  const prefix = LINE_PREFIX[block.kind]?.exec(slice);
  // A marker alone ("## " with nothing after it) is the text, not markup.
  if (prefix && prefix[0].length < slice.length) {
    marks.push({ kind: 'syntax', start, end: start + prefix[0].length });
    from = start + prefix[0].length;
  }
  if (block.kind === 'heading') {
    const underline = SETEXT_UNDERLINE.exec(slice);
    const closing = underline ? null : CLOSING_HASHES.exec(slice);
    const tail = underline ?? closing;
    if (tail && start + tail.index > from) {
      marks.push({ kind: 'syntax', start: start + tail.index, end });
      to = start + tail.index;
    }
  }
  if (block.kind === 'quote') {
    for (const line of lines(slice, start)) {
      const m = QUOTE_PREFIX.exec(text.slice(line.start, line.end));
      if (m) marks.push({ kind: 'syntax', start: line.start, end: line.start + m[0].length });
    }
  }
  return marks.concat(inlineMarkup(text, from, to));
}

/** The opening and closing fence lines of a code block. */
function fences(slice: string, start: number): InlineMark[] {
  const all = lines(slice, start);
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const marks: InlineMark[] = [];
  if (FENCE.test(slice.slice(0, first.end - start))) marks.push({ kind: 'syntax', start: first.start, end: first.end });
  if (all.length > 1 && FENCE.test(slice.slice(last.start - start, last.end - start))) marks.push({ kind: 'syntax', start: last.start, end: last.end });
  return marks;
}

function lines(slice: string, start: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (const line of slice.split('\n')) {
    out.push({ start: start + at, end: start + at + line.replace(/\r$/, '').length });
    at += line.length + 1;
  }
  return out;
}
