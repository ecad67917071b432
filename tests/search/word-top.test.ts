/**
 * A lone word being typed whose expansions cover more postings than BOUNDED_MIN_POSTINGS is
 * answered from score bounds (word-top.ts: only the documents the bounds cannot rule out are
 * scored in full). Held to BM25+ computed directly from the passages' words, in every field, on a
 * shard of 160,000 made-up passages: the same passages in the same order, their scores, and the
 * exact total, also once passages are deleted.
 */
import { describe, expect, test } from 'vitest';
import { chooseTerms } from '../../main/node/search/index';
import { B, commonDf, D, FIELD_BOOST, K1, toPlan, type ExecuteRequest, type ScoredTerm } from '../../main/node/search/plan';
import { parseQuery } from '../../main/node/search/query-parser';
import { FIELD_COUNT } from '../../main/node/search/segment';
import { Shard } from '../../main/node/search/shard';
import type { SearchDoc } from '../../main/node/search/types';
import { BOUNDED_MIN_POSTINGS } from '../../main/node/search/word-top';
import { seededRandom } from '../support/seeded-random';

const PASSAGES = 160_000;
const PER_OWNER = 400;

interface Passage { owner: number; fields: string[][] }

/**
 * Passages of 4–15 words: `q` in about a third of them (a common word), `q0`…`q199` from very
 * frequent to rare (its completions), the rest filler; each owner's title and every tenth
 * passage's heading hold a `q` word too, so all three fields count.
 */
function library(): Passage[] {
  const random = seededRandom(99);
  const qWord = () => `q${Math.floor(200 * random() ** 4)}`;
  const out: Passage[] = [];
  for (let i = 0; i < PASSAGES; i++) {
    const owner = Math.floor(i / PER_OWNER);
    const text = Array.from({ length: 4 + Math.floor(random() * 12) }, () => {
      const r = random();
      return r < 0.04 ? 'q' : r < 0.3 ? qWord() : `f${Math.floor(500 * random())}`;
    });
    const heading = i % 10 === 0 ? [qWord(), `f${i % 7}`] : [];
    out.push({ owner, fields: [text, [`q${owner % 200}`, 'notes'], heading] });
  }
  return out;
}

function shardOf(passages: Passage[]): Shard {
  const shard = new Shard();
  for (let o = 0; o < PASSAGES / PER_OWNER; o++) {
    const docs: SearchDoc[] = passages.slice(o * PER_OWNER, (o + 1) * PER_OWNER).map((p, i) => ({
      id: `o${o}#${i}`, owner: `o${o}`, kind: 'passage', path: `o${o}.txt`, title: p.fields[1]!.join(' '),
      heading: p.fields[2]!.length ? p.fields[2]!.join(' ') : undefined, text: p.fields[0]!.join(' '), start: 0, end: 1, tags: [],
    }));
    shard.setOwner(`o${o}`, docs);
  }
  return shard;
}

/** The engine's rounds 1 and 2 on one shard, and the terms it chose (their weights and idf). */
function search(shard: Shard, query: string, limit: number) {
  const { tree, specs } = toPlan(parseQuery(query)!);
  const reply = shard.expand(specs);
  const docCount = reply.docCount;
  const avgLength = Array.from({ length: FIELD_COUNT }, (_, f) => reply.fieldLength[f]! / docCount);
  const terms = specs.map((spec, i) => chooseTerms(spec.prefix, [reply.expansions[i]!], docCount));
  const exactDf = specs.map((spec, i) => reply.expansions[i]!.find((e) => e.term === spec.word)?.df[0] ?? 0);
  const req: ExecuteRequest = { tree, terms, avgLength, limit, exactDf, common: commonDf(docCount) };
  return { top: shard.execute(req), terms: terms[0]!, avgLength };
}

/**
 * Every live passage holding any of `terms`, best first (then by number): BM25+ per term and
 * field, as MiniSearch weighs it (field boost, the term's weight and idf), a field's length being
 * its number of distinct words; also how many postings the terms have.
 */
function bruteForce(passages: Passage[], live: (i: number) => boolean, terms: ScoredTerm[], avgLength: number[]) {
  const scored: Array<{ doc: number; score: number }> = [];
  let postings = 0;
  passages.forEach((p, doc) => {
    if (!live(doc)) return;
    let score = 0;
    let holds = false;
    for (const t of terms) {
      for (let f = 0; f < FIELD_COUNT; f++) {
        const tf = p.fields[f]!.filter((w) => w === t.term).length;
        if (!tf) continue;
        holds = true;
        postings++;
        const len = new Set(p.fields[f]).size;
        score += t.weight * FIELD_BOOST[f]! * t.idf[f]! * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avgLength[f]!)));
      }
    }
    if (holds) scored.push({ doc, score });
  });
  return { ranked: scored.sort((a, b) => b.score - a.score || a.doc - b.doc), postings };
}

describe('a lone word being typed, answered from score bounds', () => {
  const passages = library();
  const shard = shardOf(passages);

  function check(query: string, live: (i: number) => boolean) {
    const { top, terms, avgLength } = search(shard, query, 30);
    const expected = bruteForce(passages, live, terms, avgLength);
    // Enough postings for the bounds to be used, and the word itself beside its completions.
    expect(expected.postings).toBeGreaterThanOrEqual(BOUNDED_MIN_POSTINGS);
    expect(terms.length).toBeGreaterThan(5);
    expect(top.total).toBe(expected.ranked.length);
    expect(top.docs).toEqual(expected.ranked.slice(0, 30).map((e) => e.doc));
    top.scores.forEach((s, i) => expect(s).toBeCloseTo(expected.ranked[i]!.score, 9));
  }

  test('"q" typed finds the passages, scores and total BM25+ gives its word and completions', () => {
    check('q', () => true);
  });

  test('"q" typed after owners were deleted leaves their passages out of the hits and the total', () => {
    // The first owners hold some of the best passages (their titles hold the frequent completions).
    for (const o of [0, 1, 2, 5, 8]) shard.removeOwner(`o${o}`);
    check('q', (i) => ![0, 1, 2, 5, 8].includes(Math.floor(i / PER_OWNER)));
  });
});
