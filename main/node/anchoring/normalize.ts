/**
 * Matching happens on a normalised copy of the text, so that re-wrapped lines, CRLF endings,
 * typographic quotes and composed/decomposed accents do not count as edits. Every normalised
 * character remembers the span of raw UTF-16 units it came from, so results map back exactly.
 */
export interface NormalizedText {
  /** The normalised string that searches run on. */
  readonly text: string;
  /** starts[i]: raw offset where normalised char i begins. */
  readonly starts: Int32Array;
  /** ends[i]: raw offset just after everything normalised char i stands for (trailing marks included). */
  readonly ends: Int32Array;
  readonly rawLength: number;
}

const WHITESPACE = /\s/;
const MARK = /\p{M}/u;
// Invisible characters that editors insert or drop without changing the wording.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;

/** One-character foldings for typography that is often re-typed during edits. */
const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
};

/** Base characters of one code point with accents removed ('é' and 'e\u0301' both give 'e'). */
function baseOf(cp: string): string {
  const folded = FOLD[cp];
  if (folded !== undefined) return folded;
  if (cp.charCodeAt(0) < 0x80) return cp;
  let out = '';
  for (const c of cp.normalize('NFD')) if (!MARK.test(c)) out += c;
  return out;
}

/** Normalise `raw` for matching: whitespace runs become one space, marks and invisibles vanish. */
export function normalize(raw: string): NormalizedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const code = raw.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const cp = raw.slice(i, i + width);
    if (WHITESPACE.test(cp)) {
      let j = i + 1;
      while (j < raw.length && WHITESPACE.test(raw[j]!)) j++;
      out.push(' '); starts.push(i); ends.push(j);
      i = j;
      continue;
    }
    const base = INVISIBLE.test(cp) ? '' : baseOf(cp);
    if (base === '') {
      // A lone mark or invisible char belongs to the character before it.
      if (ends.length > 0) ends[ends.length - 1] = i + width;
    } else {
      // Surrogate pairs stay two units, each mapped to the whole code point's span.
      for (let k = 0; k < base.length; k++) { out.push(base[k]!); starts.push(i); ends.push(i + width); }
    }
    i += width;
  }
  return { text: out.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends), rawLength: raw.length };
}

/** Raw span of the normalised span [start, end). */
export function toRawSpan(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (n.text.length === 0) return { start: 0, end: 0 };
  const s = start < n.text.length ? n.starts[start]! : n.rawLength;
  const e = end > 0 ? n.ends[end - 1]! : 0;
  return { start: s, end: Math.max(s, e) };
}

/** Index of the first normalised char whose raw span starts at or after `raw`. */
export function toNormOffset(n: NormalizedText, raw: number): number {
  let lo = 0, hi = n.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (n.starts[mid]! < raw) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Normalise a short string (a quote or its context) the same way as the text. */
export function normalizeString(s: string): string {
  return normalize(s).text;
}
