/**
 * A PDF's canonical text from its pages' lines in reading order: paragraphs rebuilt, words
 * hyphenated across a line end joined, running headers, footers and page numbers left out, and
 * for every page the canonical span of each pdf.js text item (what the reader draws quotes with).
 */
import type { Block, Heading } from '../../../../common/contract';
import { bodySize, lineSpacing, type Line, type PageItem } from './layout';

export interface PageLines { lines: Line[]; height: number }

export interface PdfText {
  text: string;
  blocks: Block[];
  headings: Heading[];
  pageStarts: number[];
  pageItems: number[][];
}

interface LineText { text: string; pieces: Array<[item: number, start: number, end: number]> }

const TERMINAL = /[.!?:;]["'”’)\]]*$/;
/** A line that closes a sentence (a colon or semicolon does not: references and lists go on after one). */
const SENTENCE_END = /[.!?]["'”’)\]]*$/;
const PAGE_NUMBER = /^[-–—\s]*(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s+of\s+\d{1,4})?[-–—\s]*$/i;
/** A word broken at a line end: ASCII hyphen, Unicode hyphen, non-breaking hyphen or soft hyphen. */
const HYPHENATED_END = /\p{L}[-\u2010\u2011\u00ad]$/u;

/**
 * A line's text: items joined with a space where the PDF draws one (an item of its own, or at an
 * item's edge) or where the geometry shows one, each item's span recorded.
 */
function lineText(line: Line): LineText {
  let text = '';
  const pieces: LineText['pieces'] = [];
  let prevEnd = -Infinity;
  let first: PageItem | null = null;
  for (const it of line.items) {
    const str = it.str.replace(/\s+/g, ' ');
    const core = str.trim();
    if (!core) continue;
    const gap = it.x - prevEnd;
    // A space set as an item of its own fills the gap it stands for: the gap alone would say none.
    if (text && !text.endsWith(' ') && (it.spaceBefore || gap > 0.18 * it.size || /^\s/.test(str) || (first && pieces.length === 1 && isMarker(first, it)))) text += ' ';
    first ??= it;
    pieces.push([it.index, text.length, text.length + core.length]);
    text += core;
    if (/\s$/.test(str)) text += ' ';
    prevEnd = it.x + it.width;
  }
  return { text: text.trimEnd(), pieces };
}

/**
 * A footnote's or an affiliation's mark opening a line ("⁸This assumption", "¹University of"):
 * raised, smaller than the text after it, a few digits or a symbol. Set tight against the word, it
 * is still no part of it: "8this" is no word a reader searches for.
 */
function isMarker(mark: PageItem, next: PageItem): boolean {
  return mark.size < 0.85 * next.size && mark.y - next.y > 0.2 * next.size && /^(?:\d{1,3}|[*†‡§¶]{1,3})$/u.test(mark.str.trim()) && /^[\p{L}\p{N}]/u.test(next.str.trim());
}

/** Short, mostly letters, no sentence end: a figure's labels and a formula's symbols are big type too. */
function looksLikeHeading(text: string): boolean {
  if (text.length < 3 || text.length > 120 || TERMINAL.test(text)) return false;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters >= 3 && letters / text.replace(/\s/g, '').length >= 0.7 && /\p{L}{2,}/u.test(text);
}

const signature = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/** Lines at the top or bottom edge of their page that repeat across pages (or are bare page numbers). */
function runningLines(pages: PageLines[], texts: LineText[][]): Set<Line> {
  const edge = (p: PageLines) => {
    const byY = [...p.lines].sort((a, b) => b.y - a.y);
    const top = byY.slice(0, 2).filter((l) => l.y > p.height * 0.86);
    const bottom = byY.slice(-2).filter((l) => l.y < p.height * 0.14);
    return [...top, ...bottom];
  };
  const count = new Map<string, number>();
  const edges = pages.map((p, i) => edge(p).map((l) => ({ l, sig: signature(texts[i]![p.lines.indexOf(l)]!.text) })));
  for (const e of edges) for (const sig of new Set(e.map((x) => x.sig))) count.set(sig, (count.get(sig) ?? 0) + 1);
  const needed = Math.max(2, Math.min(3, Math.ceil(pages.length / 2)));
  const out = new Set<Line>();
  for (const e of edges) {
    for (const { l, sig } of e) {
      if (PAGE_NUMBER.test(sig.replace(/#/g, '1')) || (pages.length > 1 && (count.get(sig) ?? 0) >= needed && sig.length < 200)) out.add(l);
    }
  }
  return out;
}

/**
 * A word broken at a line end, with its hyphen or without: dropped for a soft hyphen or a plain
 * word (`compu-` + `ter`), kept for compounds (`run-` + `time` where the document writes
 * "run-time" elsewhere, `proof-` + `of-work`, `read-after-` + `write`) and before capitals or
 * digits (`DB-` + `MIN`, `IST-` + `2006`). Either way no space: "proof- of-work" is no word.
 */
function lineEndHyphen(before: string, after: string, compounds: Set<string>): 'hyphen' | 'keep-hyphen' {
  if (before.endsWith('\u00ad')) return 'hyphen';
  const head = /[\p{L}\p{N}-]*$/u.exec(before.slice(0, -1))![0];
  const tail = /^[\p{L}\p{N}-]*/u.exec(after)![0];
  if (!/^\p{Ll}/u.test(tail) || head.includes('-') || tail.includes('-')) return 'keep-hyphen';
  const word = /\p{L}+$/u.exec(head)?.[0] ?? '';
  const next = /^\p{L}+/u.exec(tail)?.[0] ?? '';
  return compounds.has(`${word}-${next}`.toLowerCase()) ? 'keep-hyphen' : 'hyphen';
}

export function buildPdfText(pages: PageLines[]): PdfText {
  const texts = pages.map((p) => p.lines.map(lineText));
  const running = runningLines(pages, texts);
  const body = bodySize(pages.flatMap((p) => p.lines.filter((l) => !running.has(l))));

  // Compounds written with a hyphen inside a line: their line-end splits keep the hyphen.
  const compounds = new Set<string>();
  for (const page of texts) for (const l of page) for (const m of l.text.matchAll(/\p{L}+-\p{L}+/gu)) compounds.add(m[0].toLowerCase());

  let text = '';
  const blocks: Block[] = [];
  const headings: Heading[] = [];
  const pageStarts: number[] = [];
  const pageItems: number[][] = [];
  let blockStart = -1;
  let blockKind: Block['kind'] = 'paragraph';
  let prev: { line: Line; text: string; page: number; colLeft: number; colRight: number } | null = null;

  const endBlock = () => {
    if (blockStart < 0) return;
    const end = text.length;
    if (end > blockStart) {
      if (blockKind === 'heading') {
        const level = 2;
        blocks.push({ kind: 'heading', start: blockStart, end, level });
        headings.push({ level, text: text.slice(blockStart, end), start: blockStart, end });
      } else blocks.push({ kind: 'paragraph', start: blockStart, end });
    }
    blockStart = -1;
  };

  pages.forEach((page, p) => {
    pageStarts.push(-1);
    const items: number[] = [];
    pageItems.push(items);
    const spacing = lineSpacing(page.lines.filter((l) => !running.has(l)));
    const edges = new Map<number, { left: number; right: number }>();
    for (const col of [0, 1, 2] as const) {
      const ls = page.lines.filter((l) => l.column === col && !running.has(l));
      if (!ls.length) continue;
      const lefts = ls.map((l) => l.x0).sort((a, b) => a - b);
      const rights = ls.map((l) => l.x1).sort((a, b) => a - b);
      edges.set(col, { left: lefts[Math.floor(lefts.length * 0.2)]!, right: rights[Math.floor(rights.length * 0.8)]! });
    }
    page.lines.forEach((line, i) => {
      if (running.has(line)) return;
      const lt = texts[p]![i]!;
      if (!lt.text) return;
      const { left, right } = edges.get(line.column) ?? { left: line.x0, right: line.x1 };
      const heading = body > 0 && line.size >= body * 1.2 && looksLikeHeading(lt.text);
      let join: 'new' | 'space' | 'hyphen' | 'keep-hyphen' = 'new';
      if (prev && blockStart >= 0 && heading && blockKind === 'heading') {
        // A title set over two lines is one heading.
        const a = prev.line;
        join = prev.page === p && Math.abs(a.size - line.size) < 0.05 * a.size && a.y > line.y && a.y - line.y < 2 * a.size ? 'space' : 'new';
      } else if (prev && blockStart >= 0 && !heading && blockKind !== 'heading') {
        const a = prev.line;
        const sameFlow = prev.page === p && a.column === line.column && a.y > line.y;
        const ended = SENTENCE_END.test(prev.text);
        const sizeJump = Math.abs(a.size - line.size) > 0.15 * Math.max(a.size, line.size);
        if (sameFlow) {
          const gap = a.y - line.y;
          const short = a.x1 < prev.colRight - 2.5 * a.size;
          const indented = line.x0 > left + 0.8 * line.size && line.x0 < left + 5 * line.size;
          join = gap > spacing(line.size) * 1.45 || sizeJump || (ended && (short || indented)) ? 'new' : 'space';
        } else {
          // A new column or page: the paragraph goes on unless the last line closed a sentence.
          join = ended || sizeJump ? 'new' : 'space';
        }
      }
      if (join === 'space' && HYPHENATED_END.test(prev!.text)) join = lineEndHyphen(prev!.text, lt.text, compounds);
      if (join === 'new') {
        endBlock();
        if (text.length) text += '\n\n';
        blockStart = text.length;
        blockKind = heading ? 'heading' : 'paragraph';
      } else if (join === 'space') {
        text += ' ';
      } else if (join === 'hyphen') {
        text = text.slice(0, -1); // the hyphen
        const last = items.length ? items : pageItems[p - 1] ?? [];
        if (last.length && last[last.length - 1]! > text.length) last[last.length - 1] = text.length;
      }
      const base = text.length;
      if (pageStarts[p]! < 0) pageStarts[p] = base;
      for (const [item, s, e] of lt.pieces) items.push(item, base + s, base + e);
      text += lt.text;
      prev = { line, text: lt.text, page: p, colLeft: left, colRight: right };
    });
  });
  endBlock();
  // A page without text starts where the next page's text does.
  let next = text.length;
  for (let p = pageStarts.length - 1; p >= 0; p--) {
    if (pageStarts[p]! < 0) pageStarts[p] = next;
    next = pageStarts[p]!;
  }
  return { text, blocks, headings, pageStarts, pageItems };
}
