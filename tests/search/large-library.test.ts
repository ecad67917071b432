/**
 * No size ceiling: a library whose one shard holds far more text than the text buffer size
 * (lowered from 64 MB to 256 KB for the test, so the 12 MB shard crosses it 48 times, as a
 * multi-GB shard would cross the real one) indexes with one worker and a small heap, is saved in
 * many bounded pieces, and answers after a restart without indexing again.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SearchEngine, type LibraryFile } from '../../main/node/search';
import { corpusParagraphs, generateLibrary, GUTENBERG, type GeneratedLibrary } from '../bench/search-corpus-gen';
import { bundleWorker, disposeWorkerBundles } from './worker-bundle';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'out/cli.mjs');
let tmp: string;
let made: GeneratedLibrary;

async function sourcebook(...args: string[]) {
  // Texts spill to disk past 4 MB per shard while indexing (256 MB by default).
  const env = { ...process.env, SOURCEBOOK_TEXT_CHUNK_BYTES: String(256 * 1024), SOURCEBOOK_SPILL_MB: '4' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--max-old-space-size=192', cli, ...args, '--library', path.join(tmp, 'library'), '--cache', path.join(tmp, 'cache'), '--workers', '1'], { cwd: root, timeout: 120_000, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sb-large-'));
  made = await generateLibrary(path.join(tmp, 'library'), 12e6, { seed: 3, fileBytes: 60_000, paragraphs: await corpusParagraphs([GUTENBERG], 8e6) });
}, 60_000);

afterAll(async () => { await rm(tmp, { recursive: true, force: true }); await disposeWorkerBundles(); });

describe.skipIf(!existsSync(GUTENBERG))('a library far beyond one text buffer', () => {
  test('indexes with one worker and a small heap, is saved in bounded pieces, and restarts without indexing again', async () => {
    const first = await sourcebook('index');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^indexed ${made.files} sources`));
    const index = path.join(tmp, 'cache', 'index');
    // One shard: a base and the deltas it spilt while indexing, listed by the manifest.
    const manifest = JSON.parse(await readFile(path.join(index, 'manifest.json'), 'utf8')) as { shards: string[][] };
    expect(manifest.shards).toHaveLength(1);
    const shards = manifest.shards[0]!;
    expect((await readdir(index)).filter((n) => n.endsWith('.bin')).sort()).toEqual([...shards].sort());
    // The files' headers list their text sections: the texts were never one buffer.
    let textChunks = 0;
    for (const name of shards) {
      const head = await readFile(path.join(index, name));
      textChunks += (JSON.parse(head.toString('utf8', 12, 12 + head.readUInt32LE(8))) as { textChunks: number }).textChunks;
    }
    expect(textChunks).toBeGreaterThanOrEqual(40);
    const last = made.marker(made.files - 1);
    const found = await sourcebook('search', last, '--json');
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as unknown[]).length).toBe(1);
    expect(await readdir(index)).toEqual(expect.arrayContaining(shards));
  }, 240_000);

  test('while indexing, a shard past its text budget spills texts and postings to disk, merges them on disk into one segment at the end, and answers exactly as one that kept them in memory, also after a restart', async () => {
    const files: LibraryFile[] = [];
    for (const part of (await readdir(path.join(tmp, 'library'))).sort()) {
      for (const n of (await readdir(path.join(tmp, 'library', part))).sort().slice(0, 60)) files.push({ owner: `${part}/${n}`, absPath: path.join(tmp, 'library', part, n), relPath: `${part}/${n}`, folder: 0 });
    }
    const workerUrl = await bundleWorker();
    const queries = ['harbour ', '"in the morning" ', 'sbdoc7x3 ', 'knightly ', 'said the ', 'said th', 'said the'];
    const inMemory = await SearchEngine.create({ workerUrl, workers: 1 });
    process.env.SOURCEBOOK_SPILL_MB = '1';
    const spilling = await SearchEngine.create({ workerUrl, workers: 1, cacheDir: path.join(tmp, 'spill') });
    delete process.env.SOURCEBOOK_SPILL_MB;
    try {
      await inMemory.indexFiles(files);
      await spilling.indexFiles(files);
      const [kept] = await inMemory.memory();
      const [spilt] = await spilling.memory();
      expect(kept!.textBytes).toBeGreaterThan(3e6);
      expect(spilt!.textBytes).toBeLessThan(kept!.textBytes / 2);
      expect((await readdir(path.join(tmp, 'spill'))).filter((n) => n.endsWith('.bin')).length).toBeGreaterThan(0);
      const strip = (r: { hits: unknown[]; total: number }) => ({ hits: r.hits, total: r.total });
      for (const q of queries) expect(strip(await spilling.search(q, { limit: 30 })), q).toEqual(strip(await inMemory.search(q, { limit: 30 })));
      // The segments it spilt were merged on disk at the end of the build: one file, one segment.
      await spilling.persist('spilt');
      const manifest = JSON.parse(await readFile(path.join(tmp, 'spill', 'manifest.json'), 'utf8')) as { shards: string[][] };
      expect(manifest.shards[0]).toEqual([expect.stringMatching(/-merged\.bin$/)]);
      const head = await readFile(path.join(tmp, 'spill', manifest.shards[0]![0]!));
      expect((JSON.parse(head.toString('utf8', 12, 12 + head.readUInt32LE(8))) as { segments: number }).segments).toBe(1);
      // Read back from that file, after an edit and a removal: still the same answers.
      const restarted = await SearchEngine.create({ workerUrl, workers: 1, cacheDir: path.join(tmp, 'spill') });
      try {
        expect(await restarted.restore('spilt')).toBe(true);
        for (const q of queries) expect(strip(await restarted.search(q, { limit: 30 })), q).toEqual(strip(await inMemory.search(q, { limit: 30 })));
        for (const e of [inMemory, restarted]) { await e.removeOwner(files[3]!.owner); await e.indexFiles([files[7]!]); }
        for (const q of queries) expect(strip(await restarted.search(q, { limit: 30 })), q).toEqual(strip(await inMemory.search(q, { limit: 30 })));
      } finally {
        await restarted.close();
      }
    } finally {
      await inMemory.close();
      await spilling.close();
    }
  }, 120_000);

  test('a shard read from disk whose passages are mostly deleted is not compacted in memory: its texts stay on disk, and it finds what a fresh index of the rest finds', async () => {
    const files: LibraryFile[] = [];
    for (const part of (await readdir(path.join(tmp, 'library'))).sort()) {
      for (const n of (await readdir(path.join(tmp, 'library', part))).sort().slice(0, 60)) files.push({ owner: `${part}/${n}`, absPath: path.join(tmp, 'library', part, n), relPath: `${part}/${n}`, folder: 0 });
    }
    const workerUrl = await bundleWorker();
    const kept = files.filter((_, i) => i % 2 === 0);
    const fresh = await SearchEngine.create({ workerUrl, workers: 1 });
    process.env.SOURCEBOOK_SPILL_MB = '1';
    process.env.SOURCEBOOK_COMPACT_MB = '1';
    const big = await SearchEngine.create({ workerUrl, workers: 1, cacheDir: path.join(tmp, 'storm') });
    delete process.env.SOURCEBOOK_SPILL_MB;
    delete process.env.SOURCEBOOK_COMPACT_MB;
    try {
      await fresh.indexFiles(kept);
      await big.indexFiles(files);
      await big.persist('storm');
      for (const f of files.filter((_, i) => i % 2 === 1)) await big.removeOwner(f.owner);
      // A compaction would have read every live text and posting back into memory and written
      // the whole shard again; the persist writes only the deletions.
      const report = await big.persist('storm');
      expect(report.kinds).toEqual(['delta']);
      expect(report.bytes).toBeLessThan(100_000);
      const [mem] = await big.memory();
      const [all] = await fresh.memory();
      expect(mem!.textBytes).toBeLessThan(all!.textBytes / 2);
      const keys = (r: { hits: Array<{ path: string; start: number }> }) => r.hits.map((h) => `${h.path}:${h.start}`).sort();
      // (Exact words and phrases: deleted passages still count in frequencies, so prefix completions may differ.)
      for (const q of ['harbour ', '"in the morning" ', 'sbdoc7x3 ', 'sbdoc8x3 ', 'harbour morning ']) {
        expect(keys(await big.search(q, { limit: 5000 })), q).toEqual(keys(await fresh.search(q, { limit: 5000 })));
      }
    } finally {
      await fresh.close();
      await big.close();
    }
  }, 120_000);
});
