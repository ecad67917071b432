/**
 * A hit's snippet: a window of the passage around its first matched word, with the ranges of
 * every matched word (or phrase) marked. Plain text: white space is shown as single spaces of
 * the same length so that marks stay valid offsets into the snippet.
 */
import { forEachWord } from './tokenize';

export const SNIPPET_CHARS = 240;
const CONTEXT_BEFORE = 60;

export interface Snippet { snippet: string; marks: Array<[number, number]>; terms: string[] }

export function makeSnippet(text: string, matchTerms: Set<string>, phrases: RegExp[]): Snippet {
  const ranges: Array<[number, number]> = [];
  forEachWord(text, (word, start, end) => { if (matchTerms.has(word)) ranges.push([start, end]); });
  for (const re of phrases) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(global)) if (m[0].length) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
    else merged.push([r[0], r[1]]);
  }

  let from = 0;
  let to = text.length;
  if (text.length > SNIPPET_CHARS) {
    const anchor = merged[0]?.[0] ?? 0;
    from = Math.max(0, Math.min(anchor - CONTEXT_BEFORE, text.length - SNIPPET_CHARS));
    if (from > 0) { const space = text.indexOf(' ', from); if (space >= 0 && space < anchor) from = space + 1; }
    to = Math.min(text.length, from + SNIPPET_CHARS);
    if (to < text.length) { const space = text.lastIndexOf(' ', to); if (space > from + SNIPPET_CHARS / 2) to = space; }
  }
  const lead = from > 0 ? '…' : '';
  const body = text.slice(from, to).replace(/\s/g, ' ');
  const snippet = lead + body + (to < text.length ? '…' : '');
  const marks: Array<[number, number]> = [];
  const terms = new Set<string>();
  for (const [a, b] of merged) {
    if (b <= from || a >= to) continue;
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    marks.push([s - from + lead.length, e - from + lead.length]);
  }
  for (const [a, b] of merged) terms.add(text.slice(a, b).replace(/\s+/g, ' '));
  return { snippet, marks, terms: [...terms] };
}
