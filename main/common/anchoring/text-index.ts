import { normalize, type NormalizedText } from './normalize';

/**
 * A source text prepared for many look-ups: its normalised form and where every word occurs.
 * Re-anchoring all quotes of a changed source calls `anchor` once per quote with the same text,
 * so the preparation is cached for the last few texts seen.
 */
export interface TextIndex {
  readonly raw: string;
  readonly norm: NormalizedText;
  /** word → normalised offsets where it occurs as a whole word. */
  readonly words: Map<string, number[]>;
}

export const WORD = /[\p{L}\p{N}_]+/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordCode(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return WORD_CHAR.test(t[i]!) || (c >= 0xd800 && c <= 0xdfff && WORD_CHAR.test(t.slice(i - (c >= 0xdc00 ? 1 : 0), i + (c >= 0xdc00 ? 1 : 2))));
}

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

function build(raw: string): TextIndex {
  const norm = normalize(raw);
  const words = new Map<string, number[]>();
  const t = norm.text;
  // A hand-rolled scan: a regex over a megabyte allocates one match object per word.
  let i = 0;
  while (i < t.length) {
    if (!isWordCode(t, i)) { i++; continue; }
    let j = i + 1;
    while (j < t.length && isWordCode(t, j)) j++;
    const w = t.slice(i, j);
    const list = words.get(w);
    if (list) list.push(i); else words.set(w, [i]);
    i = j;
  }
  return { raw, norm, words };
}

const CACHE_SIZE = 4;
const cache: TextIndex[] = [];

/** The prepared form of `raw`, built once per distinct text (most recently used first). */
export function indexFor(raw: string): TextIndex {
  const hit = cache.findIndex((entry) => entry.raw.length === raw.length && entry.raw === raw);
  if (hit >= 0) {
    const entry = cache[hit]!;
    if (hit > 0) { cache.splice(hit, 1); cache.unshift(entry); }
    return entry;
  }
  const entry = build(raw);
  cache.unshift(entry);
  if (cache.length > CACHE_SIZE) cache.pop();
  return entry;
}

/** Words of `s` that are whole words (not cut by the ends of `s` unless `s`'s neighbours say so). */
export function wholeWords(s: string, boundedLeft: boolean, boundedRight: boolean): { word: string; offset: number }[] {
  const out: { word: string; offset: number }[] = [];
  for (const m of s.matchAll(WORD)) {
    if (m.index === 0 && !boundedLeft) continue;
    if (m.index + m[0].length === s.length && !boundedRight) continue;
    out.push({ word: m[0], offset: m.index });
  }
  return out;
}
