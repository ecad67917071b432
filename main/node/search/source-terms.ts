/**
 * A source's passages tokenized before they join a shard: tokenizing is most of the cost of
 * indexing a file, and done apart it can run in slices (slices.ts) while the shard answers
 * queries, so only the cheap step of adding the counted words waits for the shard. Compact:
 * one table of the source's words and, per passage and field, (word, count) pairs over it.
 */
import { GrowU32 } from './grow';
import { FIELD_COUNT } from './segment';
import type { Steps } from './slices';
import { termCounts, termSignatures } from './tokenize';

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

export function* tokenizeSource(title: string, text: string, passages: PassageInput[]): Steps<SourceTerms> {
  const table = new Map<string, number>();
  const terms: string[] = [];
  const ids = new GrowU32();
  const counts = new GrowU32();
  const signatures = new GrowU32();
  const ends = new Uint32Array(passages.length * FIELD_COUNT);
  const add = (c: Map<string, number>, sig?: Map<string, number>) => {
    for (const [term, n] of c) {
      let id = table.get(term);
      if (id === undefined) { id = terms.length; terms.push(term); table.set(term, id); }
      ids.push(id);
      counts.push(n);
      signatures.push(sig ? sig.get(term)! : 0);
    }
  };
  const titleCounts = termCounts(title);
  for (let p = 0; p < passages.length; p++) {
    const passage = passages[p]!;
    const body = termSignatures(text.slice(passage.start, passage.end));
    add(body.counts, body.signatures);
    ends[p * FIELD_COUNT] = ids.length;
    add(titleCounts);
    ends[p * FIELD_COUNT + 1] = ids.length;
    add(termCounts(passage.heading ?? ''));
    ends[p * FIELD_COUNT + 2] = ids.length;
    yield;
  }
  return { terms, ids: ids.view(), counts: counts.view(), signatures: signatures.view(), ends };
}
