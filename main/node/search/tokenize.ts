/**
 * Words as the index sees them. A word is a run of letters, marks and digits (so symbols such as
 * `` ` : | = < > + $ `` inside code and markup separate words: "`CListBox::AddString`" holds
 * "clistbox" and "addstring"), lower-cased, accents folded ("café" is found by "cafe").
 *
 * Identifiers and contractions are also kept whole: parts joined by an in-word apostrophe or by
 * `_`, `.`, `:` or `::` (no space) add the whole token as one more word: "don't" gives "don't",
 * "don" and "t"; "os.path.join" gives "os.path.join", "os", "path" and "join". So "emma" finds
 * "Emma's" while "os.path.join" asks for exactly that identifier (the query is tokenized alike).
 * Apostrophes are read as ASCII ' whichever of ' and ’ was typed.
 */

/** charCode → 1 for letters, marks and digits; filled lazily for non-ASCII. */
const wordCache = new Uint8Array(65536);
const wordKnown = new Uint8Array(65536);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Surrogates: a pair forms one character, tested as a whole (astral letters are rare but real). */
const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff;

export function isWordChar(code: number): boolean {
  if (wordKnown[code] === 0) {
    wordKnown[code] = 1;
    wordCache[code] = !isSurrogate(code) && WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
  }
  return wordCache[code] === 1;
}

/** Whether a UTF-16 code unit separates words (everything but letters, marks, digits; astral characters count as letters). */
export function isSeparator(code: number): boolean {
  return !isWordChar(code) && !isSurrogate(code);
}

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
/** Characters that join two parts into one whole token when they stand alone between them. */
const isJoiner = (code: number) => code === APOSTROPHE || code === RIGHT_QUOTE || code === 0x5f /* _ */ || code === 0x2e /* . */ || code === 0x3a /* : */;
/** A whole token longer than this (a URL, a long dotted path) is left to its parts. */
const MAX_WHOLE = 64;

const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\u0000-\u007f]/;

/** The index form of one raw word: lower-case, accents removed, ’ read as '. */
export function normalizeWord(raw: string): string {
  const lower = raw.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '').replace(/\u2019/g, "'") : lower;
}

/**
 * Calls `onWord(word, start, end)` for every word of `text`, in order of their end (a whole
 * token right after its last part); offsets are into `text`.
 */
export function forEachWord(text: string, onWord: (word: string, start: number, end: number) => void): void {
  forEachSpan(text, (start, end, plain) => onWord(plain ? text.slice(start, end) : normalizeWord(text.slice(start, end)), start, end));
}

/**
 * The spans of forEachWord's words, in the same order, without making their strings: `plain`
 * when the span is ASCII without an upper-case letter, i.e. already its own index form (the
 * text itself); any other span's index form is `normalizeWord` of it. For callers that look
 * words up by their characters (source-terms.ts) and make a string only for a new word.
 */
export function forEachSpan(text: string, onSpan: (start: number, end: number, plain: boolean) => void): void {
  const n = text.length;
  let start = -1;
  let plain = true;
  let tokenStart = -1;
  let parts = 0;
  let lastEnd = -1;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? text.charCodeAt(i) : 0x20;
    if (code < 0x80 ? ASCII_WORD[code] === 1 : !isSeparator(code)) {
      if (start < 0) { start = i; plain = true; }
      if (code >= 0x80 || (code >= 0x41 && code <= 0x5a)) plain = false;
      continue;
    }
    if (start < 0) continue;
    // A part ends at i. Does it continue the token of the previous part?
    const gap = start - lastEnd;
    const joined = lastEnd >= 0 && (gap === 1 ? isJoiner(text.charCodeAt(lastEnd)) : gap === 2 && text.charCodeAt(lastEnd) === 0x3a && text.charCodeAt(lastEnd + 1) === 0x3a);
    if (!joined) { tokenStart = start; parts = 0; }
    parts++;
    onSpan(start, i, plain);
    // (A whole token is rare: always normalized, whatever its characters.)
    if (parts > 1 && i - tokenStart <= MAX_WHOLE) onSpan(tokenStart, i, false);
    lastEnd = i;
    start = -1;
  }
}

/** ASCII letters and digits (the ASCII part of isWordChar, as a table). */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;

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

/** Bits of a word's position signature (see termSignatures). */
export const SIGNATURE_BITS = 32;

/**
 * Word → occurrences and position signature: bit (i mod 32) is set when the word is the i-th
 * part word of `text` (a whole token such as "don't" takes the position of its last part). Phrase
 * candidates whose words cannot stand at consecutive positions are dropped before the text check.
 */
export function termSignatures(text: string): { counts: Map<string, number>; signatures: Map<string, number> } {
  const counts = new Map<string, number>();
  const signatures = new Map<string, number>();
  let position = -1;
  let partEnd = -1;
  forEachWord(text, (w, start, end) => {
    if (start >= partEnd) { position++; partEnd = end; }
    counts.set(w, (counts.get(w) ?? 0) + 1);
    signatures.set(w, (signatures.get(w) ?? 0) | (1 << (position & (SIGNATURE_BITS - 1))));
  });
  return { counts, signatures };
}

/**
 * Each word of a phrase with its position (null when the phrase holds a whole token: its
 * positions are not plain consecutive ones, so the signature filter is not used for it).
 */
export function phrasePositions(text: string): string[] | null {
  const out: string[] = [];
  let partEnd = -1;
  let plain = true;
  forEachWord(text, (w, start, end) => {
    if (start >= partEnd) { out.push(w); partEnd = end; } else plain = false;
  });
  return plain ? out : null;
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 makes substrings of 13+ characters
 * views into their parent, so one long word kept in a dictionary would pin a whole book in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
