/**
 * Opening a source never waits behind indexing: `readSource` is answered by the engine's own
 * source worker, not by the index worker of the file's shard, which may be busy for seconds
 * parsing and tokenizing a batch.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SearchEngine, type LibraryFile } from '../../main/node/search';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

let heldWorker: URL;
let tmp: string;
beforeAll(async () => {
  heldWorker = await bundleWorker(path.resolve(__dirname, 'held-index-worker.ts'));
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sb-source-worker-'));
});
afterAll(async () => {
  delete process.env.SB_HOLD_FIFO;
  await disposeWorkerBundles();
  await rm(tmp, { recursive: true, force: true });
});

const file = (name: string): LibraryFile => ({ owner: `src-${name}`, absPath: path.join(tmp, name), relPath: name, folder: 0 });

test('a source is read while the index worker of its shard is held busy indexing', async () => {
  const gate = path.join(tmp, 'gate');
  execFileSync('mkfifo', [gate, `${gate}.held`]);
  process.env.SB_HOLD_FIFO = gate; // the workers take a copy of the environment when they start
  const engine = await SearchEngine.create({ workerUrl: heldWorker, workers: 1 });
  let held = false;
  let released = false;
  const release = async () => { if (held && !released) { released = true; await writeFile(gate, 'go'); } };
  try {
    await writeFile(path.join(tmp, 'opened.txt'), 'The heron stood in the reeds.\n\nA second paragraph about the marsh.\n');
    await writeFile(path.join(tmp, 'held.txt'), 'Indexed only once the test lets go.\n');
    // Indexed first, so the opened file belongs to the one shard, whose worker is then held.
    await engine.indexFiles([file('opened.txt')]);
    const indexing = engine.indexFiles([file('held.txt')]);
    await readFile(`${gate}.held`); // returns once the index worker is blocked
    held = true;

    // If the read went to the held worker, it would only come after this lets the worker go.
    const watchdog = setTimeout(() => void release(), 30_000);
    const outcome = await engine.readSource(file('opened.txt'));
    const answeredWhileHeld = !released;
    clearTimeout(watchdog);
    await release();

    expect(answeredWhileHeld).toBe(true);
    expect(outcome.ok && outcome.source.text).toContain('The heron stood in the reeds.');
    const [indexed] = await indexing;
    expect(indexed!.outcome.ok).toBe(true);
    // The index worker answers again once it is let go.
    expect((await engine.search('heron')).hits.length).toBeGreaterThan(0);
  } finally {
    await release(); // a worker blocked in a read cannot be terminated
    await engine.close();
  }
}, 90_000);

test('a closed engine refuses to read a source', async () => {
  const engine = await SearchEngine.create({ workerUrl: heldWorker, workers: 1 });
  await writeFile(path.join(tmp, 'closed.txt'), 'Nothing to see.\n');
  expect((await engine.readSource(file('closed.txt'))).ok).toBe(true);
  await engine.close();
  await expect(engine.readSource(file('closed.txt'))).rejects.toThrow(/closed/);
});
