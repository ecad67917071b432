/**
 * The library's restart path: the persisted index answers at once, the folders are re-checked
 * in the background against per-file fingerprints (size, modification time), and only what
 * changed is read again; a batch that breaks off keeps what it did and is not retried in a loop.
 */
import { appendFile, copyFile, mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Library, type LibraryIndex } from '../../main/node/library/library';
import { SearchEngine } from '../../main/node/search';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

const SEEDS = path.resolve(__dirname, '../../seeds');
let workerUrl: URL;
let tmp: string;
let folder: string;
let cacheDir: string;
const open: Array<{ library: Library; engine: SearchEngine }> = [];

/** The engine behind a LibraryIndex that records what it was asked to index and can hold a batch back. */
function recording(engine: SearchEngine, gate?: Promise<void>) {
  const indexed: string[] = [];
  const index: LibraryIndex = {
    indexFiles: async (files, onProgress) => { indexed.push(...files.map((f) => f.owner)); await gate; return engine.indexFiles(files, onProgress); },
    removeOwner: (o) => engine.removeOwner(o),
    persist: (k) => engine.persist(k),
    restore: (k) => engine.restore(k),
    ownerIds: () => engine.ownerIds(),
    readSource: (file) => engine.readSource(file),
  };
  return { index, indexed };
}

async function start(wrap: (engine: SearchEngine) => LibraryIndex = (e) => e) {
  const engine = await SearchEngine.create({ workerUrl, workers: 2, cacheDir: path.join(cacheDir, 'index') });
  const library = new Library([folder], wrap(engine), () => {}, path.join(cacheDir, 'library-state.jsonl'));
  open.push({ library, engine });
  await library.open();
  return { library, engine };
}

async function stop() {
  for (const { library, engine } of open.splice(0)) { await library.close(); await engine.close(); }
}

beforeAll(async () => { workerUrl = await bundleWorker(); });
afterAll(async () => { await stop(); await disposeWorkerBundles(); });

beforeEach(async () => {
  await stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sb-restart-'));
  folder = path.join(tmp, 'library');
  cacheDir = path.join(tmp, 'cache');
  await mkdir(folder);
  for (const n of await readdir(SEEDS)) await copyFile(path.join(SEEDS, n), path.join(folder, n));
  for (let i = 0; i < 6; i++) await writeFile(path.join(folder, `note-${i}.txt`), `Field note ${i} about the marsh${i}wren.\n\nA second paragraph.\n`);
  const { library } = await start();
  await library.ready;
  await stop();
});

describe('restarting a library', () => {
  test('a library changed while closed reads again only the changed and added files, and drops the deleted one', async () => {
    await appendFile(path.join(folder, 'note-1.txt'), '\nNow with a kingfisher.\n');
    await writeFile(path.join(folder, 'note-new.txt'), 'A heron stood still.\n');
    await unlink(path.join(folder, 'note-2.txt'));
    let rec!: ReturnType<typeof recording>;
    const { library, engine } = await start((e) => (rec = recording(e)).index);
    expect(library.restoredFromCache).toBe(true);
    await library.ready;
    expect(rec.indexed.sort()).toEqual(['note-1.txt', 'note-new.txt']);
    expect((await engine.search('kingfisher ')).hits.map((h) => h.path)).toEqual(['note-1.txt']);
    expect((await engine.search('heron ')).hits.map((h) => h.path)).toEqual(['note-new.txt']);
    expect((await engine.search('marsh2wren ')).hits).toHaveLength(0);
    expect((await engine.search('marsh4wren ')).groups.map((g) => g.path)).toEqual(['note-4.txt']);
    expect(library.state().sources.map((s) => s.path)).not.toContain('note-2.txt');
    await stop();
    // And what the re-check found was saved: the next start reads nothing again.
    const again = await start((e) => (rec = recording(e)).index);
    await again.library.ready;
    expect(rec.indexed).toEqual([]);
    expect((await again.engine.search('kingfisher ')).hits).toHaveLength(1);
  });

  test('the first query is answered from the persisted index while the folders are still being re-checked', async () => {
    await appendFile(path.join(folder, 'note-3.txt'), '\nLater a bittern called.\n');
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { library, engine } = await start((e) => recording(e, gate).index);
    let rechecked = false;
    void library.ready.then(() => { rechecked = true; });
    const first = await engine.search('marsh3wren ');
    expect(first.groups.map((g) => g.path)).toEqual(['note-3.txt']);
    expect(rechecked).toBe(false);
    release();
    await library.ready;
    expect((await engine.search('bittern ')).hits.map((h) => h.path)).toEqual(['note-3.txt']);
  });

  test('a batch that breaks off keeps what it indexed, says why, and the next start skips the file it broke on', async () => {
    await rm(cacheDir, { recursive: true, force: true });
    const failing = (engine: SearchEngine): LibraryIndex => ({
      ...recording(engine).index,
      // The worker dies on note-3.txt: what came before it is indexed, the rest never starts.
      indexFiles: async (files, onProgress) => {
        const before = files.filter((f) => f.owner < 'note-3.txt');
        await engine.indexFiles(before, onProgress);
        throw Object.assign(new Error('the index worker stopped (exit code 134)'), { inFlight: ['note-3.txt'] });
      },
    });
    const broken = await start(failing);
    await broken.library.ready;
    expect(broken.library.failure).toBe('the index worker stopped (exit code 134)');
    const kept = broken.library.state().sources.map((s) => s.path);
    expect(kept).toEqual(expect.arrayContaining(['note-0.txt', 'note-1.txt', 'note-2.txt']));
    await stop();
    let rec!: ReturnType<typeof recording>;
    const next = await start((e) => (rec = recording(e)).index);
    await next.library.ready;
    expect(next.library.failure).toBeNull();
    expect(rec.indexed).not.toContain('note-3.txt');
    expect(rec.indexed).not.toContain('note-0.txt');
    expect(rec.indexed).toEqual(expect.arrayContaining(['note-4.txt', 'note-5.txt']));
    expect(next.library.state().problems.map((p) => [p.path, p.message])).toEqual([['note-3.txt', expect.stringContaining('indexing stopped while reading this file')]]);
    expect((await next.engine.search('marsh0wren ')).groups.map((g) => g.path)).toEqual(['note-0.txt']);
  });
});
