/**
 * Scoring walks postings in blocks of 32 K documents and scores a later AND word only among the
 * candidates left (shard-query.ts: collect, score-kernels.ts). Held here to BM25+ computed
 * directly from the documents' words, on a shard of 80,000 passages (three blocks and a part).
 */
import { describe, expect, test } from 'vitest';
import { chooseTerms } from '../../main/node/search/index';
import { B, commonDf, D, K1, toPlan, type ExecuteRequest } from '../../main/node/search/plan';
import { parseQuery } from '../../main/node/search/query-parser';
import { FIELD_COUNT } from '../../main/node/search/segment';
import { Shard } from '../../main/node/search/shard';
import type { SearchDoc } from '../../main/node/search/types';
import { seededRandom } from '../support/seeded-random';

const PASSAGES = 80_000;
const PER_OWNER = 500;

/** Passages of 3–14 words from 400 made-up words, the low-numbered ones far more frequent. */
function library(): string[][] {
  const random = seededRandom(1234);
  return Array.from({ length: PASSAGES }, () => Array.from({ length: 3 + Math.floor(random() * 12) }, () => `w${Math.floor(400 * random() ** 3)}`));
}

function search(shard: Shard, query: string, limit: number) {
  const { tree, specs } = toPlan(parseQuery(query)!);
  const reply = shard.expand(specs);
  const docCount = reply.docCount;
  const avgLength = Array.from({ length: FIELD_COUNT }, (_, f) => reply.fieldLength[f]! / docCount);
  const terms = specs.map((spec, i) => chooseTerms(spec.prefix, [reply.expansions[i]!], docCount));
  const exactDf = specs.map((spec, i) => reply.expansions[i]!.find((e) => e.term === spec.word)?.df[0] ?? 0);
  const req: ExecuteRequest = { tree, terms, avgLength, limit, exactDf, common: commonDf(docCount) };
  return shard.execute(req);
}

/**
 * Every passage holding all `query` words, best first (then by number), scored by BM25+ over the
 * text field; a field's length is its number of distinct words, as the engine counts it.
 */
function bruteForce(passages: string[][], query: string[]) {
  const n = passages.length;
  const length = passages.map((p) => new Set(p).size);
  const avg = length.reduce((s, l) => s + l, 0) / n;
  const df = new Map(query.map((w) => [w, passages.filter((p) => p.includes(w)).length]));
  const scored: Array<{ doc: number; score: number }> = [];
  passages.forEach((p, doc) => {
    if (!query.every((w) => p.includes(w))) return;
    let score = 0;
    for (const w of query) {
      const tf = p.filter((x) => x === w).length;
      const idf = Math.log(1 + (n - df.get(w)! + 0.5) / (df.get(w)! + 0.5));
      score += idf * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length[doc]!) / avg)));
    }
    scored.push({ doc, score });
  });
  return scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

describe('scoring in blocks of documents', () => {
  const passages = library();
  const shard = new Shard();
  for (let o = 0; o < PASSAGES / PER_OWNER; o++) {
    const docs: SearchDoc[] = passages.slice(o * PER_OWNER, (o + 1) * PER_OWNER).map((words, i) => ({
      id: `o${o}#${i}`, owner: `o${o}`, kind: 'passage', path: `o${o}.txt`, title: 'zz', text: words.join(' '), start: 0, end: 1, tags: [],
    }));
    shard.setOwner(`o${o}`, docs);
  }

  // One common word (every block), two common words (the second scored among the first's
  // documents only), a rare word and a common one (looked up among the rare one's), three words.
  test.each(['w0', 'w1 w2', 'w3 w0', 'w390 w1', 'w7 w5 w0', 'w250 w3'])('"%s" finds the passages, scores and total BM25+ gives them', (query) => {
    const expected = bruteForce(passages, query.split(' '));
    const top = search(shard, `${query} `, 30);
    expect(top.total).toBe(expected.length);
    expect(top.docs).toEqual(expected.slice(0, 30).map((e) => e.doc));
    top.scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!.score, 9));
  });
});
