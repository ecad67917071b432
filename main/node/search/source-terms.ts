/**
 * A source's passages tokenized before they join a shard: tokenizing is most of the cost of
 * indexing a file, and done apart it can run in slices (slices.ts) while the shard answers
 * queries, so only the cheap step of adding the counted words waits for the shard. Compact:
 * one table of the source's words and, per passage and field, (word, count) pairs over it.
 */
import { FIELD_COUNT } from './segment';
import type { Steps } from './slices';
import { forEachWord, words } from './tokenize';

export interface PassageInput { start: number; end: number; heading?: string; tags: string[] }

export interface SourceTerms {
  terms: string[];
  /** Pairs for passage p, field f: ids/counts [ends[p·F + f - 1], ends[p·F + f]). */
  ids: Uint32Array;
  counts: Uint32Array;
  /** Per pair, the word's position signature in the text field (tokenize.ts; 0 in the other fields). */
  signatures: Uint32Array;
  ends: Uint32Array;
}

/**
 * One hash lookup per word occurrence (the source's table); a passage's counts and signatures
 * live in arrays indexed by the word's id, marked with the passage and field they belong to, so
 * no map is made per passage. Pairs come in order of each word's first occurrence, as
 * termCounts/termSignatures give them (tokenize.ts: the same counts, signatures and lengths).
 */
export function* tokenizeSource(title: string, text: string, passages: PassageInput[]): Steps<SourceTerms> {
  const table = new Map<string, number>();
  const terms: string[] = [];
  let count = new Uint32Array(4096);
  let sig = new Int32Array(4096);
  let mark = new Int32Array(4096).fill(-1);
  // Pairs: about one per 6 characters of text is plenty to start with; grown when not.
  let ids = new Uint32Array(Math.max(1024, (text.length >> 3) + passages.length * 4));
  let counts = new Uint32Array(ids.length);
  let signatures = new Uint32Array(ids.length);
  let pairs = 0;
  const ends = new Uint32Array(passages.length * FIELD_COUNT);
  const touched: number[] = [];
  let key = 0;
  let position = -1;
  let partEnd = -1;
  const idOf = (w: string): number => {
    let id = table.get(w);
    if (id === undefined) {
      id = terms.length;
      terms.push(w);
      table.set(w, id);
      if (id === mark.length) {
        const grown = mark.length * 2;
        count = grow32(count, grown);
        sig = grow32(sig, grown);
        const m = new Int32Array(grown).fill(-1);
        m.set(mark);
        mark = m;
      }
    }
    if (mark[id] !== key) { mark[id] = key; count[id] = 0; sig[id] = 0; touched.push(id); }
    count[id]!++;
    return id;
  };
  const onBody = (w: string, start: number, end: number) => {
    if (start >= partEnd) { position++; partEnd = end; }
    const id = idOf(w);
    sig[id]! |= 1 << (position & 31);
  };
  const titleWords = words(title);
  let heading: string | undefined;
  let headingWords: string[] = [];
  const emit = (withSignatures: boolean) => {
    if (pairs + touched.length > ids.length) {
      const grown = Math.max(ids.length * 2, pairs + touched.length);
      ids = grow32(ids, grown);
      counts = grow32(counts, grown);
      signatures = grow32(signatures, grown);
    }
    for (const id of touched) {
      ids[pairs] = id;
      counts[pairs] = count[id]!;
      signatures[pairs++] = withSignatures ? sig[id]! : 0;
    }
    touched.length = 0;
  };
  for (let p = 0; p < passages.length; p++) {
    const passage = passages[p]!;
    key = p * FIELD_COUNT;
    position = -1;
    partEnd = -1;
    forEachWord(text.slice(passage.start, passage.end), onBody);
    emit(true);
    ends[key] = pairs;
    key++;
    for (const w of titleWords) idOf(w);
    emit(false);
    ends[key] = pairs;
    key++;
    if (passage.heading !== heading) { heading = passage.heading; headingWords = words(heading ?? ''); }
    for (const w of headingWords) idOf(w);
    emit(false);
    ends[key] = pairs;
    yield;
  }
  return { terms, ids: ids.subarray(0, pairs), counts: counts.subarray(0, pairs), signatures: signatures.subarray(0, pairs), ends };
}

function grow32<T extends Uint32Array | Int32Array>(a: T, length: number): T {
  const out = new (a.constructor as { new (n: number): T })(length);
  out.set(a);
  return out;
}
