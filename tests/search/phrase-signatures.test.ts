/**
 * Phrases of common words over real books: thousands of candidate passages, most of them dropped
 * by the position signatures before their text is read. Whatever is dropped must not be a match:
 * with every candidate asked for, the engine finds exactly the passages a brute-force scan of
 * the books' text finds, freshly indexed and after a restart from disk.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SearchEngine } from '../../main/node/search';
import { readSource } from '../../main/node/library/parse';
import { shuffledFiles, takeScale, type CorpusFile } from '../bench/search-corpus';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const present = existsSync(GUTENBERG);

/** Common-word phrases (each word in thousands of passages), a repeated word, and a long one past 32 words' worth of offsets. */
const PHRASES = ['of the', 'it was', 'in the same', 'that he had', 'and the', 'as well as', 'one of the', 'the the', 'she could not'];

let files: CorpusFile[];
let passages: Array<{ key: string; text: string }>;
let cacheDir: string;
let engine: SearchEngine;

beforeAll(async () => {
  files = takeScale(await shuffledFiles(GUTENBERG, 5), 4);
  passages = [];
  for (const f of files) {
    const r = await readSource(f.absPath, f.relPath);
    if (r.ok) for (const p of r.source.passages) passages.push({ key: `${f.relPath}:${p.start}`, text: r.source.text.slice(p.start, p.end) });
  }
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sb-phrase-sig-'));
  engine = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 2, cacheDir });
  await engine.indexFiles(files);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  await disposeWorkerBundles();
});

/** The passages holding the phrase: its words in order, lower-cased, only white space between them, each a whole word. */
function bruteForce(phrase: string): Set<string> {
  const words = phrase.toLowerCase().split(' ');
  const out = new Set<string>();
  for (const p of passages) {
    // Words as maximal runs of letters, marks and digits, with what separates each from the next.
    const runs = [...p.text.toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)];
    for (let i = 0; i + words.length <= runs.length && !out.has(p.key); i++) {
      let ok = true;
      for (let j = 0; j < words.length && ok; j++) {
        const run = runs[i + j]!;
        ok = run[0] === words[j] && (j === 0 || /^\s+$/.test(p.text.slice(runs[i + j - 1]!.index! + runs[i + j - 1]![0].length, run.index)));
      }
      if (ok) out.add(p.key);
    }
  }
  return out;
}

const found = async (phrase: string) => {
  const r = await engine.search(`"${phrase}" `, { limit: 1_000_000 });
  return { keys: new Set(r.hits.map((h) => `${h.path}:${h.start}`)), total: r.total, estimated: r.estimated };
};

describe.skipIf(!present)('phrases of common words', () => {
  test('find exactly the passages a brute-force scan of the text finds, with an exact total', async () => {
    let checked = 0;
    for (const phrase of PHRASES) {
      const want = bruteForce(phrase);
      const got = await found(phrase);
      expect({ phrase, missing: [...want].filter((k) => !got.keys.has(k)).length, extra: [...got.keys].filter((k) => !want.has(k)).length }).toEqual({ phrase, missing: 0, extra: 0 });
      expect(got.total).toBe(want.size);
      expect(got.estimated).toBeUndefined();
      checked += want.size;
    }
    // The filter had real work: thousands of matches among many more candidates.
    expect(checked).toBeGreaterThan(5000);
  }, 120_000);

  test('find the same passages after a restart from the persisted index', async () => {
    await engine.persist('sig');
    const before = await Promise.all(PHRASES.map(found));
    await engine.close();
    engine = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 2, cacheDir });
    expect(await engine.restore('sig')).toBe(true);
    const after = await Promise.all(PHRASES.map(found));
    after.forEach((a, i) => expect([...a.keys].sort()).toEqual([...before[i]!.keys].sort()));
  }, 120_000);
});
