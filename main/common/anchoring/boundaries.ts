import { alignSplit } from './edit-distance';
import { withinBlockEdges } from './blocks';
import { mapEdges } from './edges';
import { toNormOffset } from './normalize';
import type { Query } from './selectors';
import type { Span } from './candidates';
import { isWordChar, wholeWords, WORD, type TextIndex } from './text-index';

/*
 * Where an approximately matched quote begins and ends now. Boundaries matter as much as the
 * place: a span that stops before the quote's surviving words is the classic re-anchoring failure.
 */

const HEAD = 48;
const MAX_SLACK = 600;

/**
 * Moves the ends of an approximate match to where the quote's first and last words now stand.
 * Myers' search on the quote alone prefers cutting a grown passage short over swallowing the
 * inserted words; aligning prefix + head of the quote (and tail + suffix) puts each boundary
 * right after the prefix (before the suffix) instead.
 */
export function refine(index: TextIndex, query: Query, span: Span): Span {
  const text = index.norm.text;
  const { p, q, s } = query;
  const h = Math.min(q.length, HEAD);
  // Room for the passage to have grown at either end before Myers' match (which cuts growth off).
  const slack = Math.min(MAX_SLACK, 32 + h + (q.length >> 1));
  const headFrom = Math.max(0, span.start - p.length - slack);
  const head = alignSplit(p + q.slice(0, h), p.length, text.slice(headFrom, Math.min(text.length, span.start + h + slack)), 'last', span.start + h - headFrom);
  const tailFrom = Math.max(0, span.end - h - slack);
  const tail = alignSplit(q.slice(q.length - h) + s, h, text.slice(tailFrom, Math.min(text.length, span.end + s.length + slack)), 'first', span.end + s.length - tailFrom);
  let start = headFrom + head.column;
  let end = tailFrom + tail.column;
  // A refinement that no longer looks like one edited passage (the context was found but the quote
  // between is mostly other text, or the head found a copy elsewhere) is dropped for the plain match.
  if (end <= start || end - start > 1.5 * q.length + 40) ({ start, end } = span);
  start = overReplacedEdge(index, query, start, 'start');
  end = overReplacedEdge(index, query, end, 'end');
  const snapped = snapToWords(text, query, start, end);
  return withoutForeignParagraphs(index, query, snapped);
}

/** The final boundaries of the chosen place: where a word diff puts the passage's ends (edges.ts). */
export function finalEdges(index: TextIndex, query: Query, span: Span): Span {
  const mapped = mapEdges(index, query, span);
  const snapped = snapToWords(index.norm.text, query, mapped.start, mapped.end);
  return withinBlockEdges(index, query, withoutForeignParagraphs(index, query, snapped));
}

/**
 * A boundary carried across a paragraph break into text that is not the quote's is pulled back:
 * an edge paragraph of the span whose words are mostly not the quote's is dropped. A passage that
 * was split into paragraphs, or grew one from its own words, keeps them.
 */
function withoutForeignParagraphs(index: TextIndex, query: Query, span: Span): Span {
  const { starts, ends } = index.norm;
  const rawStart = starts[span.start]!, rawEnd = ends[span.end - 1]!;
  const raw = index.raw.slice(rawStart, rawEnd);
  const pieces: [number, number][] = [];
  let from = rawStart;
  for (const m of raw.matchAll(/\n[^\S\n]*\n\s*/g)) { pieces.push([from, rawStart + m.index]); from = rawStart + m.index + m[0].length; }
  if (pieces.length === 0) return span;
  pieces.push([from, rawEnd]);
  const quoteWords = new Set(wordsOf(query.q));
  const foreign = ([a, b]: [number, number]) => {
    const words = wordsOf(index.norm.text.slice(toNormOffset(index.norm, a), toNormOffset(index.norm, b)));
    return words.filter((w) => quoteWords.has(w)).length < FOREIGN * words.length;
  };
  while (pieces.length > 1 && foreign(pieces[0]!)) pieces.shift();
  while (pieces.length > 1 && foreign(pieces[pieces.length - 1]!)) pieces.pop();
  const start = toNormOffset(index.norm, pieces[0]![0]), end = toNormOffset(index.norm, pieces[pieces.length - 1]![1]);
  return end > start ? { start, end } : span;
}

/** Share of a paragraph's words that must be the quote's for it to belong to the passage. */
const FOREIGN = 0.5;
const wordsOf = (s: string) => s.toLowerCase().match(WORD) ?? [];

/** How far a replaced edge word may reach before the surviving context word. */
const EDGE_REACH = 32;

/**
 * When the quote's first (last) word is not where the span starts (ends), that word was replaced;
 * the replacement runs up to the nearest surviving word of the prefix (suffix), and belongs to the
 * quote, as a word diff would assign it. Edges whose word survived are left alone.
 */
function overReplacedEdge(index: TextIndex, query: Query, at: number, side: 'start' | 'end'): number {
  const text = index.norm.text;
  const { q } = query;
  const ctx = side === 'start' ? query.p : query.s;
  const edgeWord = (side === 'start' ? /^[\p{L}\p{N}_]+/u.exec(q)?.[0] : /[\p{L}\p{N}_]+$/u.exec(q)?.[0])?.toLowerCase();
  if (!edgeWord || ctx.length === 0) return at;
  // A capitalisation change ("If" → "if") is not a replacement.
  const here = (side === 'start' ? text.slice(at, at + edgeWord.length) : text.slice(at - edgeWord.length, at)).toLowerCase();
  if (here === edgeWord) return at;
  const words = wholeWords(ctx, side === 'end', side === 'start');
  const near = side === 'start' ? words.slice(-3).reverse() : words.slice(0, 3);
  for (const { word } of near) {
    // The context word may also stand right at the boundary (the alignment put it inside the span).
    const moved = side === 'start'
      ? endOf(lastWholeWord(text, word, Math.max(0, at - EDGE_REACH - word.length), at + word.length), word)
      : firstWholeWord(text, word, Math.max(0, at - word.length), at + EDGE_REACH + word.length);
    if (moved < 0) continue;
    // A replaced word does not reach across a paragraph break.
    return crossesParagraph(index, Math.min(at, moved), Math.max(at, moved)) ? at : moved;
  }
  return at;
}

const endOf = (found: number, word: string) => (found < 0 ? -1 : found + word.length);

function crossesParagraph(index: TextIndex, from: number, to: number): boolean {
  if (to <= from) return false;
  const raw = index.raw.slice(index.norm.starts[from]!, index.norm.ends[to - 1]!);
  return /\n[^\S\n]*\n/.test(raw);
}

function isWholeWordAt(text: string, word: string, i: number): boolean {
  return text.startsWith(word, i) && !isWordChar(text[i - 1]) && !isWordChar(text[i + word.length]);
}
function firstWholeWord(text: string, word: string, from: number, to: number): number {
  for (let i = text.indexOf(word, from); i >= 0 && i + word.length <= to; i = text.indexOf(word, i + 1)) if (isWholeWordAt(text, word, i)) return i;
  return -1;
}
function lastWholeWord(text: string, word: string, from: number, to: number): number {
  for (let i = text.lastIndexOf(word, to - word.length); i >= from; i = text.lastIndexOf(word, i - 1)) if (isWholeWordAt(text, word, i)) return i;
  return -1;
}

/** Keeps spans on whole words (when the quote was on whole words) and off surrounding spaces. */
export function snapToWords(text: string, query: Query, start: number, end: number): Span {
  if (query.startsAtWord && isWordChar(text[start]) && isWordChar(text[start - 1])) {
    let ws = start, we = start;
    while (isWordChar(text[ws - 1])) ws--;
    while (isWordChar(text[we])) we++;
    start = start - ws <= we - start ? ws : we;
  }
  if (query.endsAtWord && isWordChar(text[end - 1]) && isWordChar(text[end])) {
    let ws = end, we = end;
    while (isWordChar(text[ws - 1])) ws--;
    while (isWordChar(text[we])) we++;
    end = we - end <= end - ws ? we : ws;
  }
  // Spaces and punctuation the quote does not begin (end) with stay outside the span.
  const lead = /^[^\p{L}\p{N}_]*/u.exec(query.q)![0], trail = /[^\p{L}\p{N}_]*$/u.exec(query.q)![0];
  while (start < end && !isWordChar(text[start]) && !lead.includes(text[start]!)) start++;
  while (end > start && !isWordChar(text[end - 1]) && !trail.includes(text[end - 1]!)) end--;
  return end > start ? { start, end } : { start, end: Math.min(text.length, start + 1) };
}

