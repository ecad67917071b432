/**
 * The reader's blocks: the backend's structural blocks, made to cover every visible character so
 * nothing of the canonical text is hidden (stray text between blocks becomes a paragraph), and the
 * DOM for one block with its decorations. Text always goes in as text nodes registered with their
 * offsets; it is never parsed as markup.
 */
import type { Block } from '../../../main/common/contract';
import { segment, syntaxPrefix, type Decoration } from './decorations';
import type { TextOffsetMap } from './offsets';

export function displayBlocks(text: string, blocks: readonly Block[]): Block[] {
  const sorted = [...blocks].filter((b) => b.end > b.start).sort((a, b) => a.start - b.start);
  const out: Block[] = [];
  let cursor = 0;
  const fillGap = (from: number, to: number) => {
    // Split uncovered text at blank lines so a source without blocks still reads as paragraphs.
    const gap = text.slice(from, to);
    const re = /\S[\s\S]*?(?=\r?\n[ \t]*\r?\n|$)/g;
    for (const m of gap.matchAll(re)) {
      const s = from + m.index!;
      out.push({ kind: 'paragraph', start: s, end: s + m[0].trimEnd().length });
    }
  };
  for (const b of sorted) {
    if (b.start < cursor) {
      // Overlapping blocks: keep the part not yet shown.
      if (b.end <= cursor) continue;
      out.push({ ...b, start: cursor });
    } else {
      if (b.start > cursor) fillGap(cursor, b.start);
      out.push(b);
    }
    cursor = Math.max(cursor, b.end);
  }
  if (cursor < text.length) fillGap(cursor, text.length);
  return out.flatMap((b) => splitLong(text, b));
}

/** Longest block rendered as one element: a book with no blank lines must still render in windows. */
export const MAX_BLOCK_CHARS = 8000;

/** Cuts an over-long block at line ends (else spaces, else anywhere but inside a surrogate pair). */
function splitLong(text: string, block: Block): Block[] {
  if (block.end - block.start <= MAX_BLOCK_CHARS || block.kind === 'heading') return [block];
  const parts: Block[] = [];
  let start = block.start;
  while (block.end - start > MAX_BLOCK_CHARS) {
    const limit = start + MAX_BLOCK_CHARS;
    let cut = text.lastIndexOf('\n', limit - 1) + 1;
    if (cut <= start + MAX_BLOCK_CHARS / 2) cut = text.lastIndexOf(' ', limit - 1) + 1;
    if (cut <= start + MAX_BLOCK_CHARS / 2) cut = limit;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--; // keep a surrogate pair together
    parts.push({ ...block, start, end: cut });
    start = cut;
  }
  parts.push({ ...block, start, end: block.end });
  return parts;
}

const TAGS: Record<Block['kind'], keyof HTMLElementTagNameMap> = {
  heading: 'h2', paragraph: 'p', 'list-item': 'div', quote: 'blockquote', code: 'pre', rule: 'div',
};

/** The element for one block: its text with highlights, matches and the target marked. */
export function renderBlock(
  text: string,
  block: Block,
  index: number,
  decorations: readonly Decoration[],
  map: TextOffsetMap,
): HTMLElement {
  const tag = block.kind === 'heading' ? (`h${Math.min(6, (block.level ?? 1) + 1)}` as 'h2') : TAGS[block.kind];
  // A rule keeps its characters ("---") in the DOM, drawn as a line, so offsets around it stay exact.
  const el = document.createElement(tag);
  el.className = `blk blk-${block.kind}`;
  el.dataset.block = String(index);
  const prefix = syntaxPrefix(text, block.kind, block.start, block.end);
  for (const seg of segment(block.start, block.end, prefix ? [prefix, ...decorations] : decorations)) {
    const node = map.register(document.createTextNode(text.slice(seg.start, seg.end)), seg.start);
    if (!seg.decorations.length) {
      el.appendChild(node);
      continue;
    }
    el.appendChild(decorate(node, seg.decorations));
  }
  return el;
}

function decorate(node: Text, decorations: readonly Decoration[]): HTMLElement {
  if (decorations.every((d) => d.kind === 'syntax')) {
    const span = document.createElement('span');
    span.className = 'syntax';
    span.appendChild(node);
    return span;
  }
  const mark = document.createElement('mark');
  const classes: string[] = [];
  let highlight: Extract<Decoration, { kind: 'highlight' }> | undefined;
  for (const d of decorations) {
    if (d.kind === 'match') classes.push('match');
    else if (d.kind === 'target') classes.push('target');
    else if (d.kind === 'highlight') highlight = d; // the latest highlight wins the colour
  }
  if (highlight) {
    classes.push('hl');
    if (highlight.quote) classes.push('hl-quote');
    mark.dataset.annotation = highlight.id;
    mark.style.setProperty('--hl', highlight.color);
    mark.title = highlight.comment ? `${highlight.name}: ${highlight.comment}` : highlight.name;
  }
  mark.className = classes.join(' ');
  mark.appendChild(node);
  return mark;
}

/** Estimated rendered height of a block: wrapped lines of its hard lines, plus the paragraph gap. */
export function estimateHeight(text: string, block: Block, lineHeight: number, charsPerLine: number): number {
  let lines = 0;
  let pos = block.start;
  while (pos < block.end) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > block.end) nl = block.end;
    lines += Math.max(1, Math.ceil((nl - pos) / charsPerLine));
    pos = nl + 1;
  }
  const factor = block.kind === 'heading' ? 1.5 : 1;
  return Math.max(1, lines) * lineHeight * factor + lineHeight * 0.75;
}
