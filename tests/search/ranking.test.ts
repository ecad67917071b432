/**
 * Our ranking against MiniSearch's on real books, with a documented rule (docs/search.md):
 * MiniSearch is configured like our index (same passages, tokenizer, fields and boosts) and
 * asked the same generated queries; for each query, the share of MiniSearch's top 10 found in
 * our top 20 (recall@10) must average at least 0.9 for words and phrases, 0.85 for typed
 * prefixes (we expand a prefix to its 60 most frequent completions, MiniSearch to all of them)
 * and 0.75 for misspelt words (we keep the 10 closest typo variants, MiniSearch all), and every
 * hit of ours must match the query: each word exactly, or within its typo budget when the word is
 * rare (typo variants join in for words found in fewer than 5 passages).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SearchEngine } from '../../main/node/search';
import { editDistance as distance } from '../../main/common/anchoring/edit-distance';
import { readSource } from '../../main/node/library/parse';
import { phraseRegExp } from '../../main/node/search/phrase';
import { typoBudget } from '../../main/node/search/query-parser';
import { FIELD_BOOST } from '../../main/node/search/shard';
import { words } from '../../main/node/search/tokenize';
import { makeQuerySets, shuffledFiles, takeScale, type QuerySets } from '../bench/search-corpus';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const present = existsSync(GUTENBERG);

interface Doc { id: string; text: string; title: string; heading?: string; key: string }
let engine: SearchEngine;
let ms: MiniSearch<Doc>;
let docs: Map<string, Doc>;
let queries: QuerySets;

beforeAll(async () => {
  const files = takeScale(await shuffledFiles(GUTENBERG), 3);
  const all: Doc[] = [];
  for (const f of files) {
    const r = await readSource(f.absPath, f.relPath);
    if (!r.ok) continue;
    for (const p of r.source.passages) {
      all.push({ id: `${f.owner}#${p.index}`, text: r.source.text.slice(p.start, p.end), title: r.source.title, heading: p.heading, key: `${f.relPath}:${p.start}` });
    }
  }
  docs = new Map(all.map((d) => [d.key, d]));
  ms = new MiniSearch<Doc>({ fields: ['text', 'title', 'heading'], tokenize: words, processTerm: (t) => t || null });
  ms.addAll(all);
  queries = makeQuerySets(all, 11, { typing: 40, words: 60, phrase: 60, fuzzy: 60 });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sb-ranking-'));
  engine = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 2, cacheDir });
  await engine.indexFiles(files);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await disposeWorkerBundles();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});
let cacheDir: string;

const boost = { text: FIELD_BOOST[0]!, title: FIELD_BOOST[1]!, heading: FIELD_BOOST[2]! };

async function compare(ourQuery: string, theirs: string[], check: (doc: Doc) => boolean) {
  const r = await engine.search(ourQuery, { limit: 20 });
  const ours = r.hits.map((h) => docs.get(`${h.path}:${h.start}`)!);
  for (const doc of ours) expect(check(doc), `${ourQuery} → ${doc.id}`).toBe(true);
  const top = theirs.slice(0, 10);
  if (!top.length) return null;
  const mine = new Set(ours.map((d) => d.id));
  return top.filter((id) => mine.has(id)).length / top.length;
}

const mean = (xs: Array<number | null>) => { const v = xs.filter((x): x is number => x !== null); return v.reduce((a, b) => a + b, 0) / v.length; };
const matchable = (d: Doc) => words(`${d.text} ${d.title} ${d.heading ?? ''}`);

describe.skipIf(!present)('ranking against MiniSearch on 3 MB of books', () => {
  test('words: the same top passages, and every hit has every word', async () => {
    const recalls = [];
    for (const q of queries.words) {
      const theirs = ms.search(q, { combineWith: 'AND', boost }).map((x) => x.id as string);
      recalls.push(await compare(`${q} `, theirs, (d) => words(q).every((w) => matchable(d).some((m) => m === w || distance(m, w) <= typoBudget(w)))));
    }
    expect(mean(recalls)).toBeGreaterThanOrEqual(0.9);
  });

  test('phrases: the same top passages, and every hit contains the phrase', async () => {
    const recalls = [];
    for (const q of queries.phrase) {
      const re = phraseRegExp(q.slice(1, -1));
      const theirs = ms.search(words(q).join(' '), { combineWith: 'AND', boost }).filter((x) => re.test(docs.get(keyOf(x.id as string))!.text)).map((x) => x.id as string);
      recalls.push(await compare(q, theirs, (d) => re.test(d.text)));
    }
    expect(mean(recalls)).toBeGreaterThanOrEqual(0.9);
  });

  test('typing: the same top passages for the last word as a prefix', async () => {
    const recalls = [];
    for (const states of queries.typing) {
      for (const q of [states[states.length - 1]!, states[Math.floor(states.length * 0.7)]!]) {
        const ws = words(q);
        const theirs = ms.search(q, { combineWith: 'AND', boost, prefix: (_t, i, all) => i === all.length - 1 }).map((x) => x.id as string);
        recalls.push(await compare(q, theirs, (d) => ws.every((w, i) => matchable(d).some((m) => (i === ws.length - 1 ? m.startsWith(w) : m === w) || distance(m, w) <= typoBudget(w)))));
      }
    }
    expect(mean(recalls)).toBeGreaterThanOrEqual(0.85);
  });

  test('misspelt words: mostly the same top passages, each hit within the typo budget', async () => {
    const recalls = [];
    for (const q of queries.fuzzy) {
      const theirs = ms.search(q, { combineWith: 'AND', boost, fuzzy: 0.2 }).map((x) => x.id as string);
      recalls.push(await compare(`${q} `, theirs, (d) => matchable(d).some((m) => distance(m, q) <= typoBudget(q))));
    }
    expect(mean(recalls)).toBeGreaterThanOrEqual(0.75);
  });
});

describe.skipIf(!present)('the index on disk against the index in memory', () => {
  test('every query of every kind returns the same hits, scores and totals from the restored (disk-read) index as from the freshly built one', async () => {
    const all = [...queries.words.map((q) => `${q} `), ...queries.phrase, ...queries.fuzzy.map((q) => `${q} `), ...queries.typing.slice(0, 10).flat()];
    const strip = (r: { hits: unknown[]; total: number }) => ({ hits: r.hits, total: r.total });
    const before = [];
    for (const q of all) before.push(strip(await engine.search(q, { limit: 20 })));
    await engine.persist('ranking');
    const restored = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 2, cacheDir });
    try {
      expect(await restored.restore('ranking')).toBe(true);
      // Passage texts are read from the shard files on demand, not held in memory.
      expect((await restored.memory()).every((m) => m.textBytes < 1e6)).toBe(true);
      const after = [];
      for (const q of all) after.push(strip(await restored.search(q, { limit: 20 })));
      expect(after).toEqual(before);
    } finally {
      await restored.close();
    }
  });
});

const keyOf = (() => { let byId: Map<string, string> | null = null; return (id: string) => { byId ??= new Map([...docs.values()].map((d) => [d.id, d.key])); return byId.get(id)!; }; })();
