/**
 * Moving one edge of a selection by a word or a sentence, for selecting with the keyboard in the
 * reader. Pure: offsets in, offsets out, on the canonical text.
 *
 * A word is a run of non-space characters (so "**Let" or "research.**" move as one: a quote keeps
 * whatever is attached to the word). A sentence ends after `.`, `!`, `?` or `…` (and any closing
 * quotes, brackets or Markdown markers) followed by white space, or where a paragraph ends at a
 * blank line. A selection never becomes empty: a step that would cross the other edge is refused.
 */
import type { OffsetRange } from './offsets';

export type StepUnit = 'word' | 'sentence';

/** Moves the selection's `edge` one `unit` forwards (+1) or backwards (-1). */
export function stepSelection(text: string, range: OffsetRange, edge: 'start' | 'end', unit: StepUnit, direction: 1 | -1): OffsetRange {
  if (edge === 'end') {
    const end = direction > 0 ? nextEnd(text, range.end, unit) : prevEnd(text, range.end, unit);
    return end > range.start ? { start: range.start, end } : range;
  }
  const start = direction > 0 ? nextStart(text, range.start, unit) : prevStart(text, range.start, unit);
  return start < range.end ? { start, end: range.end } : range;
}

const SPACE = /\s/;
const SENTENCE_END = /[.!?…]+["'”’)\]*_]*(?=\s|$)|(?<=\S)(?=[ \t]*\r?\n[ \t]*\r?\n)/g;
/** How far back a sentence is looked for: a "sentence" longer than this is cut at the window. */
const WINDOW = 4000;

const skipSpace = (text: string, i: number) => { while (i < text.length && SPACE.test(text[i]!)) i++; return i; };
const skipWord = (text: string, i: number) => { while (i < text.length && !SPACE.test(text[i]!)) i++; return i; };
const backSpace = (text: string, i: number) => { while (i > 0 && SPACE.test(text[i - 1]!)) i--; return i; };
const backWord = (text: string, i: number) => { while (i > 0 && !SPACE.test(text[i - 1]!)) i--; return i; };

/** Sentence ends in text[from, to), ascending. */
function sentenceEnds(text: string, from: number, to: number): number[] {
  const re = new RegExp(SENTENCE_END.source, 'g');
  re.lastIndex = from;
  const ends: number[] = [];
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    ends.push(m.index + m[0].length);
    if (!m[0].length) re.lastIndex++;
  }
  return ends;
}

/** The end of the next word or sentence after `pos`. */
function nextEnd(text: string, pos: number, unit: StepUnit): number {
  const from = skipSpace(text, pos);
  if (unit === 'word') return skipWord(text, from);
  return sentenceEnds(text, from, text.length).find((e) => e > from) ?? text.length;
}

/** The end of the word or sentence before the one that ends at (or contains) `pos`. */
function prevEnd(text: string, pos: number, unit: StepUnit): number {
  if (unit === 'word') return backSpace(text, backWord(text, backSpace(text, pos)));
  const before = backSpace(text, pos);
  const ends = sentenceEnds(text, Math.max(0, before - WINDOW), before).filter((e) => e < before);
  return ends.length ? ends[ends.length - 1]! : 0;
}

/** The start of the next word or sentence after the one `pos` starts. */
function nextStart(text: string, pos: number, unit: StepUnit): number {
  if (unit === 'word') return skipSpace(text, skipWord(text, pos));
  const end = sentenceEnds(text, pos, text.length).find((e) => e > pos);
  return skipSpace(text, end ?? text.length);
}

/** The start of the word or sentence before `pos`. */
function prevStart(text: string, pos: number, unit: StepUnit): number {
  if (unit === 'word') return backWord(text, backSpace(text, pos));
  const lo = Math.max(0, pos - WINDOW);
  const starts = [lo, ...sentenceEnds(text, lo, pos).map((e) => skipSpace(text, e))].filter((s) => s < pos);
  return Math.max(...starts);
}
