/**
 * Words as the index sees them. MiniSearch's default rule (split on white space and
 * punctuation, lower-case) so rankings stay comparable with it, plus two deliberate changes:
 * tabs separate words too, and accents are folded ("café" is found by "cafe").
 */

const SEPARATOR = /[\s\p{Z}\p{P}]/u;
/** charCode → 1 when it separates words; filled lazily for non-ASCII. */
const separatorCache = new Uint8Array(65536);
const separatorKnown = new Uint8Array(65536);

export function isSeparator(code: number): boolean {
  if (separatorKnown[code] === 0) {
    separatorKnown[code] = 1;
    separatorCache[code] = SEPARATOR.test(String.fromCharCode(code)) ? 1 : 0;
  }
  return separatorCache[code] === 1;
}

const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\u0000-\u007f]/;

/** The index form of one raw word: lower-case, accents removed. */
export function normalizeWord(raw: string): string {
  const lower = raw.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

/** Calls `onWord(word, start, end)` for every word of `text`, in order (offsets into `text`). */
export function forEachWord(text: string, onWord: (word: string, start: number, end: number) => void): void {
  const n = text.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const sep = isSeparator(text.charCodeAt(i));
    if (sep) {
      if (start >= 0) { onWord(normalizeWord(text.slice(start, i)), start, i); start = -1; }
    } else if (start < 0) start = i;
  }
  if (start >= 0) onWord(normalizeWord(text.slice(start, n)), start, n);
}

/** The index words of `text`. */
export function words(text: string): string[] {
  const out: string[] = [];
  forEachWord(text, (w) => out.push(w));
  return out;
}

/** Word → occurrences, the per-field input of the inverted index. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  forEachWord(text, (w) => counts.set(w, (counts.get(w) ?? 0) + 1));
  return counts;
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 makes substrings of 13+ characters
 * views into their parent, so one long word kept in a dictionary would pin a whole book in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
