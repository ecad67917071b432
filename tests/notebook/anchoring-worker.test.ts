/**
 * The backend anchors quotes in the engine's source worker; pure tests anchor them in process.
 * Both must find the same places: every real re-anchoring case of ../shared/anchoring, run
 * through the notebook's Anchoring over both runners, gives equal anchors, review candidates and
 * described quotes, with texts switching between cases as they would between sources.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Anchoring, inProcessAnchoring } from '../../main/node/notebook/anchoring';
import { contentHash } from '../../main/node/content-hash';
import { SearchEngine } from '../../main/node/search';
import { DEV_SETS, loadSet, selectorsOf, type Case, type LoadedSet } from '../anchoring/dev-sets';
import { hasShared, missingShared } from '../anchoring/fixtures';
import { bundleWorker, disposeWorkerBundles } from '../search/worker-bundle';

let engine: SearchEngine;

beforeAll(async () => {
  engine = await SearchEngine.create({ workerUrl: await bundleWorker(), workers: 1 });
});

afterAll(async () => {
  await engine?.close();
  await disposeWorkerBundles();
});

/** Every case's anchor, three candidates and the description of its expected place, all asked at once. */
async function answers(anchoring: Anchoring, set: LoadedSet) {
  const hashes = new Map<string, string>();
  const sourceOf = (c: Case) => {
    const text = set.text(c);
    let hash = hashes.get(c.newText);
    if (!hash) hashes.set(c.newText, (hash = contentHash(text)));
    return { hash, text };
  };
  return Promise.all(set.cases.map(async (c) => {
    const source = sourceOf(c);
    const [anchor, candidates, described] = await Promise.all([
      anchoring.anchor(source, selectorsOf(c)),
      anchoring.candidates(source, selectorsOf(c), 3),
      c.expected.start !== undefined && c.expected.end! > c.expected.start ? anchoring.describe(source, c.expected.start, c.expected.end!) : null,
    ]);
    return { id: c.id, anchor, candidates, described };
  }));
}

describe.skipIf(!hasShared)('anchoring in the source worker', () => {
  for (const file of DEV_SETS) {
    test(`finds the same places as anchoring in process on every case of ${file.split('/').at(-2)}`, async () => {
      const set = loadSet(file);
      const worker = new Anchoring({ run: (source, jobs) => engine.anchor(source, jobs) });
      const [inWorker, inProcess] = await Promise.all([answers(worker, set), answers(new Anchoring(inProcessAnchoring), set)]);
      expect(inWorker.length).toBeGreaterThan(100);
      // Not vacuous: most cases are found, and some are orphans.
      expect(inProcess.filter((a) => a.anchor !== null).length).toBeGreaterThan(inProcess.length / 2);
      expect(inProcess.some((a) => a.anchor === null)).toBe(true);
      expect(inWorker).toEqual(inProcess);
    }, 120_000);
  }

  test('sends a text again when the worker no longer keeps it, and still anchors in it', async () => {
    const set = loadSet(DEV_SETS[0]!);
    const texts = [...new Set(set.cases.map((c) => c.newText))];
    expect(texts.length).toBeGreaterThan(4); // more than the worker keeps, so the first is gone by the end
    const sent: boolean[] = [];
    const worker = new Anchoring({
      run: (source, jobs) => engine.anchor({ hash: source.hash, get text() { sent.push(true); return source.text; } }, jobs),
    });
    const first = set.cases.find((c) => c.newText === texts[0] && c.expected.status !== 'deleted')!;
    const source = { hash: contentHash(set.text(first)), text: set.text(first) };
    const expected = await new Anchoring().anchor(source, selectorsOf(first));
    expect(await worker.anchor(source, selectorsOf(first))).toEqual(expected);
    expect(await worker.anchor(source, selectorsOf(first))).toEqual(expected);
    expect(sent).toHaveLength(1); // kept: the second batch named it by its hash only
    for (const t of texts.slice(1)) await worker.anchor({ hash: contentHash(set.text(set.cases.find((c) => c.newText === t)!)), text: set.text(set.cases.find((c) => c.newText === t)!) }, selectorsOf(first));
    const before = sent.length;
    expect(await worker.anchor(source, selectorsOf(first))).toEqual(expected);
    expect(sent.length).toBe(before + 1);
  }, 60_000);
});
