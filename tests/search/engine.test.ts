import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QueryError, SearchEngine, type LibraryFile } from '../../main/node/search';
import { phraseRegExp } from '../../main/node/search/phrase';
import { words } from '../../main/node/search/tokenize';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

const SEEDS = path.resolve(__dirname, '../../seeds');
const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const BOOKS = ['Austen-Jane__Emma.txt', 'Austen-Jane__Lady-Susan.txt', 'Alcott-Louisa-May__A-Garland-for-Girls.txt'];
const haveBooks = BOOKS.every((b) => existsSync(path.join(GUTENBERG, b)));

let workerUrl: URL;
let tmp: string;
let library: string;
let engine: SearchEngine;
const sourceText = new Map<string, string>();

const file = (relPath: string): LibraryFile => ({ owner: relPath, absPath: path.join(library, relPath), relPath, folder: 0 });

beforeAll(async () => {
  workerUrl = await bundleWorker();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sb-search-test-'));
  library = path.join(tmp, 'library');
  await mkdir(library);
  const names = await readdir(SEEDS);
  for (const n of names) await copyFile(path.join(SEEDS, n), path.join(library, n));
  if (haveBooks) for (const b of BOOKS) await copyFile(path.join(GUTENBERG, b), path.join(library, b));
  await writeFile(path.join(library, 'broken.txt'), Buffer.from([0x00, 0xff, 0x00, 0x01, 0x02]));
  engine = await SearchEngine.create({ workerUrl, workers: 2, cacheDir: path.join(tmp, 'cache') });
  const files = [...names, ...(haveBooks ? BOOKS : []), 'broken.txt'].map(file);
  const outcomes = await engine.indexFiles(files);
  expect(outcomes.filter((o) => !o.outcome.ok).map((o) => o.owner)).toEqual(['broken.txt']);
  for (const f of files) if (f.relPath !== 'broken.txt') sourceText.set(f.relPath, await readFile(f.absPath, 'utf8'));
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await rm(tmp, { recursive: true, force: true });
  await disposeWorkerBundles();
});

/** The stored passage text of a hit, cut from the source file with the hit's offsets. */
const passageOf = (hit: { path: string; start: number; end: number }) => sourceText.get(hit.path)!.slice(hit.start, hit.end);
/** Every word a hit can match on: its passage, its heading and its source's title. */
const matchable = (hit: { path: string; start: number; end: number; title: string; heading?: string }) => words(`${passageOf(hit)} ${hit.heading ?? ''} ${hit.title}`);

describe('searching a library of sources', () => {
  test('a word finds the passages containing it, with the word marked in the snippet', async () => {
    const r = await engine.search('Bedrock');
    expect(r.hits.length).toBeGreaterThan(3);
    expect(r.partial).toBe(false);
    expect(r.groups[0]!.path).toBe('003_c38cac0ff9cc0db6.txt');
    for (const hit of r.hits) {
      expect(passageOf(hit).replace(/\s/g, ' ')).toContain(hit.snippet.replace(/^…|…$/g, ''));
      for (const [a, b] of hit.marks) expect(hit.snippet.slice(a, b).toLowerCase()).toMatch(/^bedrock/);
      // A hit matches in its text (then the word is marked) or in its heading.
      if (!words(passageOf(hit)).some((w) => w.startsWith('bedrock'))) expect(hit.heading).toMatch(/bedrock/i);
      else expect(hit.marks.length).toBeGreaterThan(0);
    }
  });

  test('every word must match, and excluded words never appear', async () => {
    const r = await engine.search('alexa -echo ');
    expect(r.hits.length).toBeGreaterThan(0);
    for (const hit of r.hits) {
      expect(matchable(hit)).toContain('alexa');
      expect(matchable(hit)).not.toContain('echo');
    }
  });

  test('a phrase only returns passages that contain it', async () => {
    for (const q of ['"voice assistant"', '"Mr. Knightley"', '"in the morning"']) {
      const r = await engine.search(q, { limit: 200 });
      if (q.includes('voice')) expect(r.hits.length).toBeGreaterThan(0);
      const re = phraseRegExp(q.slice(1, -1));
      for (const hit of r.hits) expect(passageOf(hit)).toMatch(re);
    }
  });

  test('OR widens a query', async () => {
    const a = await engine.search('bedrock ', { limit: 1000 });
    const b = await engine.search('anthropic ', { limit: 1000 });
    const either = await engine.search('bedrock OR anthropic ', { limit: 1000 });
    expect(either.total).toBeGreaterThan(Math.max(a.total, b.total));
    expect(either.total).toBeLessThanOrEqual(a.total + b.total);
  });

  test('the word being typed matches as a prefix', async () => {
    const r = await engine.search('amazon bedr');
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits[0]!.terms.map((t) => t.toLowerCase())).toContain('bedrock');
  });

  test('source:, tag: and in: filters keep only what they name', async () => {
    const bySource = await engine.search('source:003_c38 alexa ');
    expect(bySource.hits.length).toBeGreaterThan(0);
    expect(new Set(bySource.hits.map((h) => h.path))).toEqual(new Set(['003_c38cac0ff9cc0db6.txt']));
    const tagged = await engine.search('tag:"Amazon Bedrock"');
    expect(tagged.hits.length).toBeGreaterThan(0);
    for (const hit of tagged.hits) expect(passageOf(hit)).toContain('[[Amazon Bedrock]]');
    const sources = await engine.search('in:sources bedrock ');
    expect(sources.hits.every((h) => h.kind === 'passage')).toBe(true);
  });

  test('a query of only exclusions returns everything else; half-typed syntax returns nothing and no error', async () => {
    const all = await engine.search('in:sources', { limit: 1 });
    const echo = await engine.search('echo ', { limit: 1 });
    const rest = await engine.search('-echo', { limit: 1000 });
    expect(rest.total).toBe(all.total - echo.total);
    for (const hit of rest.hits) expect(matchable(hit)).not.toContain('echo');
    for (const q of ['"', '(', '-', 'OR', '""', '()']) expect((await engine.search(q)).hits).toEqual([]);
  });

  test('a malformed query is refused with a one-line message', async () => {
    await expect(engine.search('in:nowhere alexa')).rejects.toThrow(QueryError);
    await expect(engine.search('in:nowhere alexa')).rejects.toThrow('in: expects sources, notes or quotes');
  });
});

describe.skipIf(!haveBooks)('searching books', () => {
  test('a misspelt name still finds it, a correct one is not blurred by typo variants', async () => {
    const typo = await engine.search('Knightly ');
    expect(typo.hits.length).toBeGreaterThan(10);
    expect(typo.hits[0]!.terms).toContain('Knightley');
    const exact = await engine.search('Knightley ', { limit: 1000 });
    for (const hit of exact.hits) expect(matchable(hit)).toContain('knightley');
  });

  test('title matches weigh more: a word in a book\'s title ranks its passages first', async () => {
    const r = await engine.search('susan letter ');
    expect(r.hits[0]!.path).toBe('Austen-Jane__Lady-Susan.txt');
  });

  test('hits are grouped by source, groups in the order of their best hit', async () => {
    const r = await engine.search('dear ', { limit: 100 });
    const firstSeen = [...new Set(r.hits.map((h) => h.path))];
    expect(r.groups.map((g) => g.path)).toEqual(firstSeen);
    expect(r.groups.reduce((n, g) => n + g.hits.length, 0)).toBe(r.hits.length);
  });
});

describe('notes and quotes', () => {
  test('notes and quotes are searchable by kind, tag and colour, and replaced or removed by owner', async () => {
    await engine.setOwner('note:ideas.md', [
      { id: 'note:ideas.md#0', owner: 'note:ideas.md', kind: 'note', path: 'ideas.md', title: 'Ideas', heading: 'Voice', text: 'Why did voice shopping never take off? See [[Alexa]].', start: 0, end: 52, tags: ['Alexa'] },
    ]);
    await engine.setOwner('annotation:a1', [
      { id: 'annotation:a1', owner: 'annotation:a1', kind: 'quote', sourceId: '003_c38cac0ff9cc0db6.txt', path: '003_c38cac0ff9cc0db6.txt', title: 'Amazon AI', text: 'Voice interfaces are great for timers, weather, and playing music.', start: 10, end: 76, tags: [], color: 'claim', annotationId: 'a1' },
    ]);
    expect((await engine.search('in:notes shopping ')).hits.map((h) => h.path)).toEqual(['ideas.md']);
    expect((await engine.search('tag:alexa in:notes')).hits).toHaveLength(1);
    const quote = await engine.search('color:Claim timers');
    expect(quote.hits.map((h) => [h.kind, h.annotationId])).toEqual([['quote', 'a1']]);
    expect((await engine.search('color:evidence timers')).hits).toHaveLength(0);

    await engine.setOwner('note:ideas.md', [
      { id: 'note:ideas.md#0', owner: 'note:ideas.md', kind: 'note', path: 'ideas.md', title: 'Ideas', text: 'Rewritten: nothing about shopping any more, only groceries.', start: 0, end: 58, tags: [] },
    ]);
    expect((await engine.search('in:notes shopping ')).hits).toHaveLength(1);
    expect((await engine.search('in:notes voice ')).hits).toHaveLength(0);
    await engine.removeOwner('note:ideas.md');
    await engine.setOwner('annotation:a1', []);
    expect((await engine.search('in:notes groceries ')).hits).toHaveLength(0);
    expect((await engine.search('in:quotes timers ')).hits).toHaveLength(0);
  });
});

describe('keeping the index current', () => {
  test('a changed file loses its old words and gains its new ones', async () => {
    const target = '000_fc16814f2607de2a.txt';
    const original = sourceText.get(target)!;
    const changed = original.replace(/Anthropic/g, 'Kwyjibo');
    await writeFile(path.join(library, target), changed);
    sourceText.set(target, changed);
    await engine.indexFiles([file(target)]);
    const gone = await engine.search('anthropic ', { limit: 1000 });
    expect(gone.hits.filter((h) => h.path === target)).toHaveLength(0);
    const found = await engine.search('kwyjibo ');
    expect(found.hits.length).toBeGreaterThan(0);
    expect(found.hits.every((h) => h.path === target && passageOf(h).includes('Kwyjibo'))).toBe(true);
  });

  test('a file that became unreadable is reported and its passages leave the index', async () => {
    const target = '000_fc16814f2607de2a.txt';
    await writeFile(path.join(library, target), Buffer.from([0x00, 0x00, 0xff]));
    const [outcome] = await engine.indexFiles([file(target)]);
    expect(outcome!.outcome.ok).toBe(false);
    expect((await engine.search('kwyjibo ')).hits).toHaveLength(0);
    await writeFile(path.join(library, target), sourceText.get(target)!);
    await engine.indexFiles([file(target)]);
    expect((await engine.search('kwyjibo ')).hits.length).toBeGreaterThan(0);
  });

  test('asked not to keep the outcomes, indexing reports each file once and resolves with none', async () => {
    const names = [...sourceText.keys()].slice(0, 6);
    const reported: string[] = [];
    const kept = await engine.indexFiles(names.map(file), (_n, _t, r) => { if (r.outcome.ok) reported.push(r.owner); }, { outcomes: false });
    expect(kept).toEqual([]);
    expect(reported.sort()).toEqual([...names].sort());
    expect((await engine.search('kwyjibo ')).hits.length).toBeGreaterThan(0);
  });

  test('search answers while a library is being indexed, marked partial', async () => {
    const fresh = await SearchEngine.create({ workerUrl, workers: 2 });
    try {
      const names = [...sourceText.keys()];
      let sawPartial = false;
      const progress: number[] = [];
      const done = fresh.indexFiles(names.map(file), (n) => progress.push(n));
      while (!sawPartial) {
        const r = await fresh.search('the ');
        if (!r.partial) break;
        sawPartial = true;
      }
      await done;
      expect(sawPartial).toBe(true);
      expect(progress).toEqual(names.map((_, i) => i + 1));
      expect((await fresh.search('the ')).partial).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  test('a restored index gives the same answers; one with another fingerprint is not used', async () => {
    const queries = ['bedrock', '"voice assistant"', 'alexa -echo ', 'tag:Amazon', 'knightly ', 'emma harr', 'source:susan dear '];
    await engine.persist('library-v1');
    const before = await Promise.all(queries.map((q) => engine.search(q, { limit: 30 })));
    const again = await SearchEngine.create({ workerUrl, workers: 2, cacheDir: path.join(tmp, 'cache') });
    try {
      expect(await again.restore('library-v2')).toBe(false);
      expect((await again.search('bedrock')).hits).toHaveLength(0);
      expect(await again.restore('library-v1')).toBe(true);
      const after = await Promise.all(queries.map((q) => again.search(q, { limit: 30 })));
      const strip = (r: { hits: unknown[]; total: number }) => ({ hits: r.hits, total: r.total });
      expect(after.map(strip)).toEqual(before.map(strip));
      // Incremental updates keep working on a restored index.
      await again.setOwner('note:x.md', [{ id: 'x', owner: 'note:x.md', kind: 'note', path: 'x.md', title: 'X', text: 'zebra crossing', start: 0, end: 14, tags: [] }]);
      expect((await again.search('zebra ')).hits).toHaveLength(1);
    } finally {
      await again.close();
    }
    const otherCount = await SearchEngine.create({ workerUrl, workers: 1, cacheDir: path.join(tmp, 'cache') });
    try {
      expect(await otherCount.restore('library-v1')).toBe(false);
    } finally {
      await otherCount.close();
    }
  });

  test('a closed engine says so when it is asked again', async () => {
    const closed = await SearchEngine.create({ workerUrl, workers: 1 });
    await closed.close();
    await expect(closed.search('bedrock')).rejects.toThrow('the search engine is closed');
  });

  test('a manifest that is not one the engine wrote means no index, not an error', async () => {
    const cacheDir = path.join(tmp, 'odd-cache');
    await mkdir(cacheDir, { recursive: true });
    const odd = await SearchEngine.create({ workerUrl, workers: 1, cacheDir });
    try {
      for (const text of ['null', '[]', '{"format":1,"fingerprint":"library-v1"}', '{"format":1,"fingerprint":"library-v1","shards":"shard-0.bin"}']) {
        await writeFile(path.join(cacheDir, 'manifest.json'), text);
        expect(await odd.restore('library-v1')).toBe(false);
      }
    } finally {
      await odd.close();
    }
  });
});
