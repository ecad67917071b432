import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { editDistance as levenshtein } from '../../main/common/anchoring/edit-distance';
import { fuzzyScan } from '../../main/node/search/fuzzy';
import { FIELD_COUNT, mergeSegments, SegmentBuilder, type Segment } from '../../main/node/search/segment';
import { decodeShard, encodeShard } from '../../main/node/search/shard-file';
import { Shard } from '../../main/node/search/shard';
import { termCounts, words } from '../../main/node/search/tokenize';
import { toPlan } from '../../main/node/search/plan';
import { parseQuery } from '../../main/node/search/query-parser';

const EMMA = path.resolve(__dirname, '../../../shared/corpora/gutenberg/Austen-Jane__Emma.txt');
const haveEmma = existsSync(EMMA);
const emmaParagraphs = () => readFileSync(EMMA, 'utf8').split(/\n\s*\n/).filter((p) => p.trim()).slice(0, 1500);

function postings(seg: Segment): Map<string, string> {
  const out = new Map<string, string>();
  seg.terms.forEach((term, t) => {
    out.set(term, seg.fields.map((f) => Array.from(f.docs.subarray(f.offsets[t], f.offsets[t + 1]), (d, i) => `${d}:${f.tfs[f.offsets[t]! + i]}`).join(',')).join('|'));
  });
  return out;
}

describe.skipIf(!haveEmma)('index structures on a real book (Emma)', () => {
  test('the typo scan finds exactly the words with the same first letter that a brute-force edit distance finds', () => {
    const vocabulary = [...new Set(words(readFileSync(EMMA, 'utf8')))].sort();
    for (const [word, distance] of [['knightly', 2], ['woodhose', 1], ['harriet', 1], ['emma', 1], ['fairfx', 2], ['zzzz', 1], ['th', 2], ['a', 1]] as const) {
      const found: string[] = [];
      fuzzyScan(vocabulary, word, distance, (t, d) => { found.push(vocabulary[t]!); expect(d).toBe(levenshtein(word, vocabulary[t]!)); });
      expect(found.sort()).toEqual(vocabulary.filter((v) => v[0] === word[0] && levenshtein(word, v) <= distance));
    }
  });

  test('merging segments and dropping documents gives the postings of indexing the rest directly', () => {
    const paragraphs = emmaParagraphs();
    const build = (docs: Array<[number, string]>) => {
      const b = new SegmentBuilder();
      for (const [n, text] of docs) for (let f = 0; f < FIELD_COUNT; f++) b.add(n, f, termCounts(f === 0 ? text : ''));
      return b.seal();
    };
    const segments = [0, 500, 1000].map((from) => build(paragraphs.slice(from, from + 500).map((p, i) => [from + i, p] as [number, string])));
    const dropped = (d: number) => d % 7 === 3;
    const remap = new Uint32Array(paragraphs.length);
    let next = 0;
    for (let d = 0; d < paragraphs.length; d++) remap[d] = dropped(d) ? 0xffffffff : next++;
    const merged = mergeSegments(segments, remap);
    const direct = build(paragraphs.flatMap((p, d) => (dropped(d) ? [] : [[remap[d]!, p] as [number, string]])));
    expect(merged.terms).toEqual(direct.terms);
    expect(postings(merged)).toEqual(postings(direct));
  });

  test('a shard read back from its persisted bytes answers like the original', () => {
    const paragraphs = emmaParagraphs();
    const shard = new Shard();
    shard.setOwner('emma', paragraphs.map((text, i) => ({ id: `emma#${i}`, owner: 'emma', kind: 'passage' as const, sourceId: 'emma', path: 'Emma.txt', title: 'Emma', text, start: i, end: i + text.length, tags: i % 10 === 0 ? ['Highbury'] : [] })));
    shard.setOwner('note:a.md', [{ id: 'n1', owner: 'note:a.md', kind: 'note', path: 'a.md', title: 'On Emma', heading: 'Harriet', text: 'Harriet Smith and the portrait — café talk', start: 0, end: 40, tags: ['portrait'] }]);
    const ask = (s: Shard, q: string) => {
      const { tree, specs } = toPlan(parseQuery(q)!);
      const expanded = s.expand(specs);
      const terms = expanded.expansions.map((list) => list.map((e) => ({ term: e.term, weight: 1, idf: e.df.map((df) => (df ? Math.log(1 + (expanded.docCount - df + 0.5) / (df + 0.5)) : 0)) })));
      const avgLength = expanded.fieldLength.map((l) => l / expanded.docCount);
      const exactDf = specs.map((spec, i) => expanded.expansions[i]!.find((e) => e.term === spec.word)?.df[0] ?? 0);
      const top = s.execute({ tree, terms, avgLength, limit: 20, exactDf, common: 5000 });
      return { top: { ...top, version: 0 }, hits: s.hits({ version: top.version, docs: top.docs, scores: top.scores, tree, terms }) };
    };
    const queries = ['knightley ', 'harriet portrait ', '"Mr. Knightley" ', 'tag:highbury woodhouse ', 'in:notes cafe ', 'emm'];
    const before = queries.map((q) => ask(shard, q));
    const restored = decodeShard(encodeShard(shard));
    expect(queries.map((q) => ask(restored, q))).toEqual(before);
    expect(before.every((r) => r.hits.length > 0)).toBe(true);
  });
});
