/**
 * A source's passages tokenized before they join a shard: tokenizing is most of the cost of
 * indexing a file, and done apart it can run in slices (slices.ts) while the shard answers
 * queries, so only the cheap step of adding the counted words waits for the shard. Compact:
 * (word, count) pairs per passage and field over a table of words, the worker's Vocabulary.
 */
import { FIELD_COUNT } from './segment';
import type { Steps } from './slices';
import { detach, forEachSpan, normalizeWord, words } from './tokenize';

export interface PassageInput { start: number; end: number; heading?: string; tags: string[] }

export interface SourceTerms {
  /** The vocabulary the ids are of (`terms` is its word list, which only grows). */
  vocabulary: Vocabulary;
  terms: string[];
  /** Pairs for passage p, field f: ids/counts [ends[p·F + f - 1], ends[p·F + f]). */
  ids: Uint32Array;
  counts: Uint32Array;
  /** Per pair, the word's position signature in the text field (tokenize.ts; 0 in the other fields). */
  signatures: Uint32Array;
  ends: Uint32Array;
}

/**
 * One lookup per word occurrence in the vocabulary, by the word's characters in the text (no
 * string is made for a word already seen); a passage's counts and signatures live in the
 * vocabulary's arrays indexed by word id, marked with the passage and field they belong to, so
 * no map is made per passage. Pairs come in order of each word's first occurrence, as
 * termCounts/termSignatures give them (tokenize.ts: the same counts, signatures and lengths).
 * Sources tokenized one after the other with the same vocabulary (a worker's, while it indexes
 * a library) share word ids: a word costs a string once per build, not once per source, and the
 * segment builder maps ids with an array instead of looking each source's words up by string.
 */
export function* tokenizeSource(title: string, text: string, passages: PassageInput[], vocabulary = new Vocabulary()): Steps<SourceTerms> {
  const v = vocabulary;
  // Pairs: about one per 6 characters of text is plenty to start with; grown when not.
  let ids = new Uint32Array(Math.max(1024, (text.length >> 3) + passages.length * 4));
  let counts = new Uint32Array(ids.length);
  let signatures = new Uint32Array(ids.length);
  let pairs = 0;
  const ends = new Uint32Array(passages.length * FIELD_COUNT);
  // The vocabulary's scratch (mark, count, sig, touched) is shared by every source it tokenizes,
  // also by two whose slices interleave: each passage and field has a key of its own, and
  // `touched` is empty again before each yield.
  let key = 0;
  let position = -1;
  let partEnd = -1;
  const idOf = (w: string): number => v.seen(v.idOf(w), key);
  let body = '';
  const onBody = (start: number, end: number, plain: boolean) => {
    if (start >= partEnd) { position++; partEnd = end; }
    const id = v.seen(plain ? v.idOfSpan(body, start, end) : v.idOf(normalizeWord(body.slice(start, end))), key);
    v.sig[id]! |= 1 << (position & 31);
  };
  const titleWords = words(title);
  let heading: string | undefined;
  let headingWords: string[] = [];
  const emit = (withSignatures: boolean) => {
    const touched = v.touched;
    if (pairs + touched.length > ids.length) {
      const grown = Math.max(ids.length * 2, pairs + touched.length);
      ids = grow32(ids, grown);
      counts = grow32(counts, grown);
      signatures = grow32(signatures, grown);
    }
    const count = v.count;
    const sig = v.sig;
    for (const id of touched) {
      ids[pairs] = id;
      counts[pairs] = count[id]!;
      signatures[pairs++] = withSignatures ? sig[id]! : 0;
    }
    touched.length = 0;
  };
  for (let p = 0; p < passages.length; p++) {
    const passage = passages[p]!;
    key = v.keys();
    position = -1;
    partEnd = -1;
    body = text.slice(passage.start, passage.end);
    forEachSpan(body, onBody);
    emit(true);
    ends[p * FIELD_COUNT] = pairs;
    key = v.keys();
    for (const w of titleWords) idOf(w);
    emit(false);
    ends[p * FIELD_COUNT + 1] = pairs;
    key = v.keys();
    if (passage.heading !== heading) { heading = passage.heading; headingWords = words(heading ?? ''); }
    for (const w of headingWords) idOf(w);
    emit(false);
    ends[p * FIELD_COUNT + 2] = pairs;
    yield;
  }
  return { vocabulary: v, terms: v.words, ids: ids.subarray(0, pairs), counts: counts.subarray(0, pairs), signatures: signatures.subarray(0, pairs), ends };
}

function grow32<T extends Uint32Array | Int32Array>(a: T, length: number): T {
  const out = new (a.constructor as { new (n: number): T })(length);
  out.set(a);
  return out;
}

/**
 * Words → ids, looked up by a span's characters (open addressing over a power-of-two table):
 * a plain span (tokenize.ts: forEachSpan) is its own index form, so a word seen before costs a
 * hash of its characters and one comparison, and only a new word becomes a string (a copy: a
 * slice would keep its whole source's text alive as long as the vocabulary). Also the scratch
 * tokenizeSource counts a passage's words in, indexed by word id.
 */
export class Vocabulary {
  readonly words: string[] = [];
  private hashes = new Int32Array(1024);
  /** id + 1 per slot, 0 when empty. */
  private slots = new Int32Array(2048);
  /** Per word: the key of the passage and field it was last counted for, its count and signature there. */
  mark = new Int32Array(1024).fill(-1);
  count = new Uint32Array(1024);
  sig = new Int32Array(1024);
  /** The words counted for the current key, in order of their first occurrence. */
  readonly touched: number[] = [];
  private nextKey = 0;

  get size(): number { return this.words.length; }

  /** A key no passage and field has used yet (called between passages, when nothing is counted). */
  keys(): number {
    if (this.nextKey === 0x7fffffff) { this.mark.fill(-1); this.nextKey = 0; }
    return this.nextKey++;
  }

  /** Counts word `id` for `key` (the first time: its count and signature start at 0); returns id. */
  seen(id: number, key: number): number {
    if (this.mark[id] !== key) { this.mark[id] = key; this.count[id] = 0; this.sig[id] = 0; this.touched.push(id); }
    this.count[id]!++;
    return id;
  }

  idOfSpan(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    const n = end - start;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at]!;
      if (slot === 0) return this.add(detach(text.slice(start, end)), h, at);
      const id = slot - 1;
      if (this.hashes[id] !== h) continue;
      const w = this.words[id]!;
      if (w.length !== n) continue;
      let i = 0;
      while (i < n && w.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === n) return id;
    }
  }

  idOf(word: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at]!;
      if (slot === 0) return this.add(detach(word), h, at);
      if (this.hashes[slot - 1] === h && this.words[slot - 1] === word) return slot - 1;
    }
  }

  private add(word: string, h: number, at: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id === this.hashes.length) {
      const grown = id * 2;
      this.hashes = grow32(this.hashes, grown);
      this.count = grow32(this.count, grown);
      this.sig = grow32(this.sig, grown);
      const m = new Int32Array(grown).fill(-1);
      m.set(this.mark);
      this.mark = m;
    }
    this.hashes[id] = h;
    this.slots[at] = id + 1;
    // At half full, twice the slots: probes stay short.
    if (this.words.length * 2 > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      const mask = slots.length - 1;
      for (let k = 0; k < this.words.length; k++) {
        let i = this.hashes[k]! & mask;
        while (slots[i] !== 0) i = (i + 1) & mask;
        slots[i] = k + 1;
      }
      this.slots = slots;
    }
    return id;
  }
}
