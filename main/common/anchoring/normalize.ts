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

const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
  || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** Normalise `raw` for matching: whitespace runs become one space, marks and invisibles vanish. */
export function normalize(raw: string): NormalizedText {
  const len = raw.length;
  // Folding never produces more units than it consumes, except for rare decompositions: grow then.
  let codes = new Uint16Array(len);
  let starts = new Int32Array(len);
  let ends = new Int32Array(len);
  let n = 0;
  const emit = (code: number, from: number, to: number) => {
    if (n === codes.length) {
      const grow = <T extends Uint16Array | Int32Array>(a: T, make: (k: number) => T) => { const b = make(a.length * 2 + 16); b.set(a); return b; };
      codes = grow(codes, (k) => new Uint16Array(k)); starts = grow(starts, (k) => new Int32Array(k)); ends = grow(ends, (k) => new Int32Array(k));
    }
    codes[n] = code; starts[n] = from; ends[n] = to; n++;
  };
  let i = 0;
  while (i < len) {
    const c = raw.charCodeAt(i);
    if (c > 32 && c < 127) { emit(c, i, i + 1); i++; continue; }
    if (isSpaceCode(c) && c !== 0xfeff) {
      let j = i + 1;
      while (j < len && isSpaceCode(raw.charCodeAt(j)) && raw.charCodeAt(j) !== 0xfeff) j++;
      emit(32, i, j);
      i = j;
      continue;
    }
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < len ? 2 : 1;
    const cp = raw.slice(i, i + width);
    const base = INVISIBLE.test(cp) ? '' : baseOf(cp);
    if (base === '') {
      // A lone mark or invisible char belongs to the character before it.
      if (n > 0) ends[n - 1] = i + width;
    } else {
      // Surrogate pairs stay two units, each mapped to the whole code point's span.
      for (let k = 0; k < base.length; k++) emit(base.charCodeAt(k), i, i + width);
    }
    i += width;
  }
  let text = '';
  const CHUNK = 8192;
  for (let k = 0; k < n; k += CHUNK) text += String.fromCharCode.apply(null, codes.subarray(k, Math.min(n, k + CHUNK)) as unknown as number[]);
  return { text, starts: starts.slice(0, n), ends: ends.slice(0, n), rawLength: len };
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
