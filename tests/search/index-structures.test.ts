import { readFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { editDistance as levenshtein } from '../../main/common/anchoring/edit-distance';
import { fuzzyScan } from '../../main/node/search/fuzzy';
import { FIELD_COUNT, mergeSegments, SegmentBuilder, type Segment } from '../../main/node/search/segment';
import { readShard } from '../../main/node/search/shard-file';
import { ShardPersistence } from '../../main/node/search/shard-persist';
import { Shard } from '../../main/node/search/shard';
import { runNow, Slicer } from '../../main/node/search/slices';
import { tokenizeSource, Vocabulary } from '../../main/node/search/source-terms';
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

  test('sources tokenized with one vocabulary and added across seals and a change of vocabulary give the postings of their words counted one passage at a time', () => {
    const paragraphs = emmaParagraphs();
    const text = paragraphs.join('\n\n');
    const starts: number[] = [];
    paragraphs.reduce((at, p) => { starts.push(at); return at + p.length + 2; }, 0);
    // Six sources of 250 paragraphs: the first four share a vocabulary, the last two another.
    const sources = [0, 1, 2, 3, 4, 5].map((k) => paragraphs.slice(k * 250, k * 250 + 250).map((p, i) => ({ start: starts[k * 250 + i]!, end: starts[k * 250 + i]! + p.length, heading: `Chapter ${k}`, tags: [] })));
    const shared = [new Vocabulary(), new Vocabulary()];
    const viaPairs = new SegmentBuilder();
    const viaMaps = new SegmentBuilder();
    const segments: Array<[Segment, Segment]> = [];
    let doc = 0;
    sources.forEach((passages, k) => {
      const terms = runNow(tokenizeSource('Emma', text, passages, shared[k < 4 ? 0 : 1]));
      passages.forEach((p, i) => {
        for (let f = 0; f < FIELD_COUNT; f++) {
          const at = i * FIELD_COUNT + f;
          viaPairs.addPairs(doc, f, terms, at ? terms.ends[at - 1]! : 0, terms.ends[at]!);
          viaMaps.add(doc, f, termCounts(f === 0 ? text.slice(p.start, p.end) : f === 1 ? 'Emma' : p.heading));
        }
        doc++;
      });
      // Sealed after the second and the fifth source: the builder's ids start again, the vocabulary's do not.
      if (k === 1 || k === 4 || k === 5) segments.push([viaPairs.seal(), viaMaps.seal()]);
    });
    expect(segments).toHaveLength(3);
    for (const [pairs, maps] of segments) {
      expect(pairs.terms).toEqual(maps.terms);
      expect(postings(pairs)).toEqual(postings(maps));
    }
  });

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
  const emmaShard = (paragraphs: string[]) => {
    const shard = new Shard();
    shard.setOwner('emma', paragraphs.map((text, i) => ({ id: `emma#${i}`, owner: 'emma', kind: 'passage' as const, sourceId: 'emma', path: 'Emma.txt', title: 'Emma', text, start: i, end: i + text.length, tags: i % 10 === 0 ? ['Highbury'] : [] })));
    shard.setOwner('note:a.md', [{ id: 'n1', owner: 'note:a.md', kind: 'note', path: 'a.md', title: 'On Emma', heading: 'Harriet', text: 'Harriet Smith and the portrait — café talk', start: 0, end: 40, tags: ['portrait'] }]);
    return shard;
  };
  const dirs: string[] = [];
  afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); delete process.env.SOURCEBOOK_TEXT_CHUNK_BYTES; });
  const tmpDir = async () => { const d = await mkdtemp(path.join(os.tmpdir(), 'sb-shard-')); dirs.push(d); return d; };

  test('a shard read back from its persisted files answers like the original, its texts cut into many small buffers', async () => {
    // A 64 KB text buffer instead of 64 MB: the book crosses many buffer boundaries, as a shard far beyond any single string's limit would.
    process.env.SOURCEBOOK_TEXT_CHUNK_BYTES = String(64 * 1024);
    const shard = emmaShard(emmaParagraphs());
    const before = queries.map((q) => ask(shard, q));
    const dir = await tmpDir();
    const { files } = await new ShardPersistence().persist(shard, dir, 'shard-0-a');
    expect(shard.store.chunks.length).toBeGreaterThan(5);
    const { shard: restored } = await readShard(files);
    expect(restored.store.chunks.length).toBe(shard.store.chunks.length);
    expect(queries.map((q) => ask(restored, q))).toEqual(before);
    expect(before.every((r) => r.hits.length > 0)).toBe(true);
    delete process.env.SOURCEBOOK_TEXT_CHUNK_BYTES;
  });

  test('after an edit, persisting writes a small delta, and base plus delta read back as the edited shard', async () => {
    const paragraphs = emmaParagraphs();
    const shard = emmaShard(paragraphs);
    shard.setOwner('other', [{ id: 'o1', owner: 'other', kind: 'note', path: 'o.md', title: 'Other', text: 'Knightley xylophonic, and a portrait of Harriet', start: 0, end: 47, tags: [] }]);
    const dir = await tmpDir();
    const persistence = new ShardPersistence();
    const first = await persistence.persist(shard, dir, 'shard-0-a');
    expect(first.kind).toBe('base');
    shard.setOwner('note:a.md', [{ id: 'n2', owner: 'note:a.md', kind: 'note', path: 'a.md', title: 'On Emma', text: 'Knightley and the zebra portrait', start: 0, end: 30, tags: [] }]);
    shard.removeOwner('other');
    shard.settle();
    const second = await persistence.persist(shard, dir, 'shard-0-b');
    expect(second.kind).toBe('delta');
    expect(second.files).toHaveLength(2);
    expect(second.bytes * 50).toBeLessThan(first.bytes);
    expect((await stat(second.files[0]!)).size).toBe(first.bytes);
    const { shard: restored } = await readShard(second.files);
    expect([...queries, 'zebra ', 'xylophonic '].map((q) => ask(restored, q))).toEqual([...queries, 'zebra ', 'xylophonic '].map((q) => ask(shard, q)));
    expect(ask(restored, 'zebra ').hits).toHaveLength(1);
    expect(ask(restored, 'xylophonic ').hits).toHaveLength(0);
    expect((await persistence.persist(shard, dir, 'shard-0-c')).kind).toBe('none');
  });

  test('a delta of several segments still in memory (what a build spills) is written as one segment, read from disk after, and answers as before', async () => {
    const paragraphs = emmaParagraphs();
    const shard = emmaShard(paragraphs.slice(0, 700));
    const dir = await tmpDir();
    const persistence = new ShardPersistence();
    await persistence.persist(shard, dir, 'shard-0-a');
    // Four sources, each sealed into a segment of its own, as a big batch seals them.
    for (let k = 0; k < 4; k++) {
      const part = paragraphs.slice(700 + k * 200, 900 + k * 200);
      shard.setOwner(`part${k}`, part.map((text, i) => ({ id: `p${k}#${i}`, owner: `part${k}`, kind: 'passage' as const, sourceId: `part${k}`, path: `part${k}.txt`, title: `Part ${k}`, text, start: i, end: i + text.length, tags: [] })));
      shard.seal();
    }
    expect(shard.segments.filter((seg) => !seg.onDisk)).toHaveLength(4);
    const qs = [...queries, 'part ', 'knightley harriet '];
    const before = qs.map((q) => ask(shard, q));
    const delta = await persistence.persist(shard, dir, 'shard-0-b');
    expect(delta.kind).toBe('delta');
    const head = readFileSync(delta.files[1]!);
    expect((JSON.parse(head.toString('utf8', 12, 12 + head.readUInt32LE(8))) as { segments: number }).segments).toBe(1);
    expect(shard.segments).toHaveLength(2);
    expect(shard.segments.every((seg) => seg.onDisk)).toBe(true);
    expect(qs.map((q) => ask(shard, q))).toEqual(before);
    const { shard: restored } = await readShard(delta.files);
    expect(qs.map((q) => ask(restored, q))).toEqual(before);
    expect(before.every((r) => r.hits.length > 0)).toBe(true);
  });

  test('a long run of edits keeps a few files: small deltas are folded into one, and the result reads back as the shard', async () => {
    const shard = emmaShard(emmaParagraphs());
    const dir = await tmpDir();
    const persistence = new ShardPersistence();
    let files: string[] = [];
    for (let i = 0; i < 20; i++) {
      shard.setOwner(`note:${i % 3}.md`, [{ id: `n${i}`, owner: `note:${i % 3}.md`, kind: 'note', path: `${i % 3}.md`, title: 'Edit', text: `Edit ${i} of the note, mentioning quillon${i}`, start: 0, end: 40, tags: [] }]);
      shard.settle();
      files = (await persistence.persist(shard, dir, `shard-0-${i}`)).files;
      expect(files.length).toBeLessThanOrEqual(10);
    }
    const { shard: restored } = await readShard(files);
    const qs = ['quillon19 ', 'quillon5 ', 'knightley ', 'in:notes edit '];
    expect(qs.map((q) => ask(restored, q))).toEqual(qs.map((q) => ask(shard, q)));
    expect(ask(restored, 'quillon19 ').hits).toHaveLength(1);
    expect(ask(restored, 'quillon5 ').hits).toHaveLength(0);
  });

  /** A slicer that pauses at every step and asks `queries` of `shard` there, noting whether `work` had ended. */
  const askingSlicer = (shard: () => Shard, state: { ended: boolean }) => {
    const answers: Array<{ ended: boolean; version: number; answers: unknown }> = [];
    const slicer = new Slicer(0, async () => { answers.push({ ended: state.ended, version: shard().version, answers: queries.map((q) => ask(shard(), q)) }); });
    return { slicer, answers };
  };

  test('a persist runs in slices: queries asked between them are answered, from the shard as it was, before it ends', async () => {
    const shard = emmaShard(emmaParagraphs());
    const dir = await tmpDir();
    const persistence = new ShardPersistence();
    const before = queries.map((q) => ask(shard, q));
    const version = shard.version;
    const state = { ended: false };
    const base = askingSlicer(() => shard, state);
    const first = await persistence.persist(shard, dir, 'shard-0-a', base.slicer);
    state.ended = true;
    expect(first.kind).toBe('base');
    // Both the compaction (the shard still at its old version) and the writes are cut into many slices.
    expect(base.answers.filter((a) => a.version === version).length).toBeGreaterThan(5);
    expect(base.answers.filter((a) => a.version !== version).length).toBeGreaterThan(20);
    for (const seen of base.answers) {
      expect(seen.ended).toBe(false);
      expect(seen.answers).toEqual(before);
    }
    shard.setOwner('note:a.md', [{ id: 'n2', owner: 'note:a.md', kind: 'note', path: 'a.md', title: 'On Emma', text: 'Knightley and the zebra portrait', start: 0, end: 30, tags: [] }]);
    const edited = queries.map((q) => ask(shard, q));
    state.ended = false;
    const delta = askingSlicer(() => shard, state);
    const second = await persistence.persist(shard, dir, 'shard-0-b', delta.slicer);
    state.ended = true;
    expect(second.kind).toBe('delta');
    expect(delta.answers.length).toBeGreaterThan(0);
    for (const seen of delta.answers) expect(seen.answers).toEqual(edited);
    const { shard: restored } = await readShard(second.files);
    expect(queries.map((q) => ask(restored, q))).toEqual(edited);
  });

  test('a compaction runs in slices: the shard answers as it was until the compacted one replaces it at once', async () => {
    const paragraphs = emmaParagraphs();
    const shard = emmaShard(paragraphs.slice(0, 1000));
    shard.setOwner('other', paragraphs.slice(1000).map((text, i) => ({ id: `o${i}`, owner: 'other', kind: 'note' as const, path: 'o.md', title: 'Other', text, start: i, end: i + text.length, tags: [] })));
    shard.removeOwner('other');
    expect(shard.needsCompaction).toBe(false);
    shard.setOwner('more', paragraphs.slice(1000, 1300).map((text, i) => ({ id: `m${i}`, owner: 'more', kind: 'note' as const, path: 'm.md', title: 'More', text, start: i, end: i + text.length, tags: [] })));
    shard.removeOwner('emma');
    expect(shard.needsCompaction).toBe(true);
    const before = queries.map((q) => ask(shard, q));
    const version = shard.version;
    const state = { ended: false };
    const { slicer, answers } = askingSlicer(() => shard, state);
    await slicer.run(shard.compactSteps());
    expect(answers.length).toBeGreaterThan(5);
    for (const seen of answers) expect(seen.answers).toEqual(before);
    expect(shard.version).not.toBe(version);
    expect(shard.needsCompaction).toBe(false);
    expect(shard.store.count).toBe(shard.liveCount);
    // Then it answers as a shard holding only what is left (deleted passages no longer count in the statistics).
    const direct = new Shard();
    direct.setOwner('note:a.md', [{ id: 'n1', owner: 'note:a.md', kind: 'note', path: 'a.md', title: 'On Emma', heading: 'Harriet', text: 'Harriet Smith and the portrait — café talk', start: 0, end: 40, tags: ['portrait'] }]);
    direct.setOwner('more', paragraphs.slice(1000, 1300).map((text, i) => ({ id: `m${i}`, owner: 'more', kind: 'note' as const, path: 'm.md', title: 'More', text, start: i, end: i + text.length, tags: [] })));
    expect(queries.map((q) => ask(shard, q))).toEqual(queries.map((q) => ask(direct, q)));
  });
});

