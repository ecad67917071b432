import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SearchEngine, type SearchDoc } from '../../main/node/search';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

let engine: SearchEngine;
const filler = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ['river', 'stone', 'window', 'garden', 'letter', 'morning', 'quiet', 'harbour'][(i * 7 + seed) % 8]).join(' ');
const note = (owner: string, texts: string[]): SearchDoc[] => texts.map((text, i) => ({ id: `${owner}#${i}`, owner, kind: 'note', path: `${owner}.md`, title: owner, text, start: 0, end: text.length, tags: [] }));

beforeAll(async () => {
  engine = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 2 });
  // A rare spelling in four long passages, its variant many times over in short ones, among
  // many other passages (so both are rare and their idf is close, as in a real library).
  const long = (i: number) => Array.from({ length: 300 }, (_, k) => `term${i}x${k}`).join(' ');
  await engine.setOwner('british', note('british', [0, 1, 2, 3].map((i) => `${long(i)} customising ${long(i + 10)}`)));
  await engine.setOwner('background', note('background', Array.from({ length: 30000 }, (_, i) => filler(5, i))));
  await engine.setOwner('american', note('american', Array.from({ length: 80 }, (_, i) => `customizing customizing customizing ${filler(3, i)}`)));
  await engine.setOwner('dates', note('dates', ['The survey of 2022 was repeated.', 'Version 10.4 ships today.']));
  await engine.setOwner('phrases', note('phrases', Array.from({ length: 800 }, (_, i) => (i % 2 ? `amber falcon ${filler(4, i)}` : `falcon amber ${filler(4, i)}`))));
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await disposeWorkerBundles();
});

describe('exact words, typo variants and totals', () => {
  test('the exact passages of a rare word rank above every passage of its typo variants, which say what they matched', async () => {
    const r = await engine.search('customising ', { limit: 100 });
    expect(r.hits).toHaveLength(84);
    const top = r.hits.slice(0, 4);
    expect(top.map((h) => h.path)).toEqual(['british.md', 'british.md', 'british.md', 'british.md']);
    for (const h of top) expect(h.typos).toBeUndefined();
    for (const h of r.hits.slice(4)) expect(h.typos).toEqual(['customizing']);
  });

  test('a word found as typed is not blurred by its variants', async () => {
    const r = await engine.search('customizing ', { limit: 100 });
    expect(r.hits).toHaveLength(80);
    expect(r.hits.every((h) => h.path === 'american.md' && h.typos === undefined)).toBe(true);
  });

  test('numbers and dotted versions are taken as typed: 2002 does not find 2022', async () => {
    expect((await engine.search('2002 ')).hits).toHaveLength(0);
    expect((await engine.search('2022 ')).hits).toHaveLength(1);
    expect((await engine.search('10.5 ')).hits).toHaveLength(0);
    expect((await engine.search('10.4 ')).hits).toHaveLength(1);
  });

  test('a phrase total is flagged as an estimate when not every candidate was checked, and exact when all were', async () => {
    const few = await engine.search('"amber falcon" ', { limit: 10 });
    expect(few.hits).toHaveLength(10);
    expect(few.estimated).toBe(true);
    expect(few.total).toBeGreaterThan(100);
    const all = await engine.search('"amber falcon" ', { limit: 1000 });
    expect(all.estimated).toBeUndefined();
    expect(all.total).toBe(400);
    expect((await engine.search('customising ')).estimated).toBeUndefined();
  });
});
