/**
 * Search on Markdown documentation, where words sit inside code and markup: the README, guide
 * and changelog Markdown of the npm packages this project installs (pinned by package-lock.json;
 * the shared corpora hold books and PDFs but no documentation). Two checks:
 * - recall against brute force: for rare words (found in 1–4 passages by a ground truth that
 *   splits at every character that is not a letter, mark or digit, written here with one regular
 *   expression), searching the word finds every passage that holds it; the same for words taken
 *   from inside `code` spans (`CListBox::AddString` → "addstring");
 * - ranking against MiniSearch (same passages, tokenizer, fields and boosts): word pairs share
 *   their top passages.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SearchEngine, type LibraryFile } from '../../main/node/search';
import { readSource } from '../../main/node/library/parse';
import { FIELD_BOOST } from '../../main/node/search/shard';
import { words } from '../../main/node/search/tokenize';
import { seededRandom } from '../support/seeded-random';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

const MODULES = path.resolve(__dirname, '../../node_modules');
const CORPUS_BYTES = 1_500_000;

interface Doc { id: string; text: string; title: string; heading?: string; key: string }
let engine: SearchEngine;
let docs: Doc[];

/** Markdown files below node_modules, sorted by path, taken until CORPUS_BYTES. */
async function markdownFiles(): Promise<LibraryFile[]> {
  const out: LibraryFile[] = [];
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (bytes >= CORPUS_BYTES) return;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.isFile() && /\.md$/i.test(e.name)) {
        const size = (await stat(abs)).size;
        if (size < 2000) continue;
        const relPath = path.relative(MODULES, abs).split(path.sep).join('/');
        out.push({ owner: relPath, absPath: abs, relPath, folder: 0 });
        bytes += size;
      }
    }
  };
  await walk(MODULES);
  return out;
}

/** The ground truth's words: split at anything but letters, marks and digits; lower case, accents folded. */
const truthWords = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

beforeAll(async () => {
  const files = await markdownFiles();
  docs = [];
  for (const f of files) {
    const r = await readSource(f.absPath, f.relPath);
    if (!r.ok) continue;
    for (const p of r.source.passages) docs.push({ id: `${f.relPath}#${p.index}`, text: r.source.text.slice(p.start, p.end), title: r.source.title, heading: p.heading, key: `${f.relPath}:${p.start}` });
  }
  engine = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 2 });
  await engine.indexFiles(files);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await disposeWorkerBundles();
});

/** Rare words of the ground truth (in 1–4 passages' text), a seeded sample; `fromCode` keeps words seen inside `code` spans only. */
function rareWords(n: number, fromCode: boolean): Array<{ word: string; passages: Set<string> }> {
  const where = new Map<string, Set<string>>();
  for (const d of docs) {
    const source = fromCode ? [...d.text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!).join(' ') : d.text;
    for (const w of new Set(truthWords(source))) if (!where.has(w)) where.set(w, new Set());
  }
  for (const d of docs) for (const w of new Set(truthWords(d.text))) where.get(w)?.add(d.key);
  const rare = [...where].filter(([w, keys]) => keys.size <= 4 && w.length >= 4 && !/^\d+$/.test(w)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const random = seededRandom(fromCode ? 15 : 12);
  const out: Array<{ word: string; passages: Set<string> }> = [];
  while (out.length < n && rare.length) {
    const [word, passages] = rare.splice(Math.floor(random() * rare.length), 1)[0]!;
    out.push({ word, passages });
  }
  return out;
}

async function recall(sample: Array<{ word: string; passages: Set<string> }>) {
  const scores: number[] = [];
  const misses: string[] = [];
  for (const { word, passages } of sample) {
    const r = await engine.search(`${word} `, { limit: 50 });
    const found = new Set(r.hits.map((h) => `${h.path}:${h.start}`));
    const hit = [...passages].filter((k) => found.has(k)).length;
    scores.push(hit / passages.size);
    if (hit < passages.size) misses.push(word);
  }
  return { mean: scores.reduce((a, b) => a + b, 0) / scores.length, misses };
}

describe('searching Markdown documentation', () => {
  test('a rare word finds every passage that holds it, as brute force does', async () => {
    expect(docs.length).toBeGreaterThan(2000);
    const { mean, misses } = await recall(rareWords(200, false));
    expect(misses).toEqual([]);
    expect(mean).toBe(1);
  });

  test('words inside code spans and identifiers are found on their own', async () => {
    const sample = rareWords(150, true);
    expect(sample.length).toBeGreaterThan(100);
    const { misses } = await recall(sample);
    expect(misses).toEqual([]);
  });

  test('word pairs rank the same top passages as MiniSearch configured alike', async () => {
    const ms = new MiniSearch<Doc>({ fields: ['text', 'title', 'heading'], tokenize: words, processTerm: (t) => t || null });
    ms.addAll(docs);
    const boost = { text: FIELD_BOOST[0]!, title: FIELD_BOOST[1]!, heading: FIELD_BOOST[2]! };
    const random = seededRandom(21);
    const shares: number[] = [];
    for (let tries = 0; shares.length < 40 && tries < 4000; tries++) {
      const d = docs[Math.floor(random() * docs.length)]!;
      const ws = [...new Set(truthWords(d.text).filter((w) => w.length >= 4 && /^[a-z]+$/.test(w)))];
      if (ws.length < 2) continue;
      const q = `${ws[Math.floor(random() * ws.length)]} ${ws[Math.floor(random() * ws.length)]}`;
      const theirs = ms.search(q, { combineWith: 'AND', boost }).slice(0, 10).map((x) => x.id as string);
      if (!theirs.length) continue;
      const ours = new Set((await engine.search(`${q} `, { limit: 20 })).hits.map((h) => docs.find((x) => x.key === `${h.path}:${h.start}`)?.id));
      shares.push(theirs.filter((id) => ours.has(id)).length / theirs.length);
    }
    expect(shares.length).toBe(40);
    expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeGreaterThanOrEqual(0.9);
  });
});
