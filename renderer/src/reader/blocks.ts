/**
 * The reader's blocks: the backend's structural blocks, made to cover every visible character so
 * nothing of the canonical text is hidden (stray text between blocks becomes a paragraph), and the
 * DOM for one block with its markup and decorations. Text always goes in as text nodes registered
 * with their offsets; it is never parsed as HTML.
 */
import type { Block, SourceDoc } from '../../../main/common/contract';
import { segment, type Decoration, type Segment } from './decorations';
import type { InlineMark } from './inline';
import { markupClass } from './inline-dom';
import { blockMarkup } from './markup';
import type { TextOffsetMap } from './offsets';
import { reflows } from './reflow';

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
  heading: 'h2', paragraph: 'p', 'list-item': 'div', quote: 'blockquote', code: 'pre', rule: 'div', 'table-row': 'div',
};

type LinkMark = Extract<InlineMark, { kind: 'wikilink' | 'link' }>;
type Paint = Decoration | Exclude<InlineMark, LinkMark>;

/**
 * The element for one block: its text with its Markdown markup muted and styled, links made
 * activatable, and highlights, matches and the target marked. Every character of the block stays
 * in a registered text node, markup included, so offsets stay exact.
 */
export function renderBlock(
  text: string,
  block: Block,
  index: number,
  decorations: readonly Decoration[],
  map: TextOffsetMap,
  format: SourceDoc['format'] = 'markdown',
): HTMLElement {
  const tag = block.kind === 'heading' ? (`h${Math.min(6, (block.level ?? 1) + 1)}` as 'h2') : TAGS[block.kind];
  // A rule keeps its characters ("---") in the DOM, drawn as a line, so offsets around it stay exact.
  const el = document.createElement(tag);
  // Hard-wrapped prose flows to the pane's width; verse and code keep their lines.
  el.className = `blk blk-${block.kind}${reflows(text, block, format) ? ' blk-flow' : ''}`;
  el.dataset.block = String(index);
  const markup = blockMarkup(text, block, format);
  const links = markup.filter((m): m is LinkMark => m.kind === 'wikilink' || m.kind === 'link').sort((a, b) => a.start - b.start);
  const paint: Paint[] = [...markup.filter((m): m is Exclude<InlineMark, LinkMark> => m.kind === 'syntax' || m.kind === 'style'), ...decorations];
  const fill = (parent: HTMLElement, from: number, to: number) => {
    for (const seg of segment(from, to, paint)) parent.appendChild(piece(text, seg, map));
  };
  if (block.marker) el.dataset.marker = block.marker;
  if (block.kind === 'table-row') {
    // A row of an HTML table: its cells (tab-separated in the text) laid out as the table's columns.
    let from = block.start;
    for (let at = from; at <= block.end; at++) {
      if (at < block.end && text[at] !== '\t') continue;
      const cell = document.createElement('span');
      cell.className = 'cell';
      fill(cell, from, at);
      el.appendChild(cell);
      if (at < block.end) {
        const sep = document.createElement('span');
        sep.className = 'cell-sep';
        fill(sep, at, at + 1);
        el.appendChild(sep);
      }
      from = at + 1;
    }
    return el;
  }
  let cursor = block.start;
  for (const l of links) {
    if (l.start < cursor || l.end > block.end) continue;
    fill(el, cursor, l.start);
    const a = linkElement(l, shownText(text, l, paint));
    fill(a, l.start, l.end);
    el.appendChild(a);
    cursor = l.end;
  }
  fill(el, cursor, block.end);
  // A bullet ("- ", "* ", "+ ") is drawn as one; a number ("1. ") shows as written.
  const first = el.firstChild;
  if (block.kind === 'list-item' && first instanceof HTMLElement && first.classList.contains('syntax') && /^\s*[-*+]\s*$/.test(first.textContent ?? '')) {
    first.classList.add('list-bullet');
  }
  return el;
}

/** One run of text: a registered text node, in a span for its markup, in a mark for its decorations. */
function piece(text: string, seg: Segment<Paint>, map: TextOffsetMap): Node {
  let node: Node = map.register(document.createTextNode(text.slice(seg.start, seg.end)), seg.start);
  const classes = new Set<string>();
  const marks: Decoration[] = [];
  for (const d of seg.decorations) {
    if (d.kind === 'syntax' || d.kind === 'style') classes.add(markupClass(d));
    else marks.push(d);
  }
  if (classes.size) {
    const span = document.createElement('span');
    span.className = [...classes].join(' ');
    span.appendChild(node);
    node = span;
  }
  return marks.length ? decorate(node, marks) : node;
}

/**
 * A link the reader handles itself (see Reader): a wikilink opens a source or searches, an http(s)
 * link opens outside the app. Other URLs are shown as text with the URL in a tooltip.
 */
function linkElement(l: LinkMark, label: string): HTMLElement {
  const el = document.createElement('span');
  if (l.kind === 'wikilink') {
    el.className = 'md-wikilink';
    el.dataset.wikilink = l.target;
    if (l.heading) el.dataset.heading = l.heading;
    el.title = l.heading ? `${l.target} › ${l.heading}` : l.target;
  } else if (/^https?:\/\//i.test(l.href)) {
    el.className = 'md-link';
    el.dataset.href = l.href;
    el.title = l.href;
  } else {
    el.className = 'md-link-inert';
    el.title = l.href;
    return el;
  }
  el.setAttribute('role', 'link');
  // Its name is what it shows, without the muted brackets and URL.
  el.setAttribute('aria-label', label);
  el.tabIndex = 0;
  return el;
}

/** The characters of a range that are not syntax: what a link says. */
function shownText(text: string, range: { start: number; end: number }, paint: readonly Paint[]): string {
  return segment(range.start, range.end, paint.filter((p) => p.kind === 'syntax'))
    .filter((seg) => !seg.decorations.length)
    .map((seg) => text.slice(seg.start, seg.end))
    .join('');
}

function decorate(node: Node, decorations: readonly Decoration[]): HTMLElement {
  const mark = document.createElement('mark');
  const classes: string[] = [];
  let highlight: Extract<Decoration, { kind: 'highlight' }> | undefined;
  for (const d of decorations) {
    if (d.kind === 'match') classes.push('match');
    else if (d.kind === 'target') {
      classes.push('target');
      // The passage the reader was asked to show: assistive technology hears it as the current place.
      mark.setAttribute('aria-current', 'location');
    }
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
