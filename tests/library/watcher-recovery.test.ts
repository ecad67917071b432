import { mkdirSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { appendFile, chmod, cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotebookEvent } from '../../main/common/contract';
import { Backend } from '../../main/node/backend/backend';
import type { WatchDirectory } from '../../main/node/library/library-watcher';
import { indexWorkerUrl, repoRoot } from '../contract/fixture';
import { until } from '../support/until';

const outOfWatches = () => Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });

describe('the library watcher', () => {
  let base: string;
  let backend: Backend | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    await rm(base, { recursive: true, force: true });
  });

  async function open(watchOptions: { rescanEveryMs?: number; watchDirectory?: WatchDirectory } = {}, events: NotebookEvent[] = []) {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-watch-'));
    const lib = path.join(base, 'library');
    await cp(path.join(repoRoot, 'seeds'), lib, { recursive: true });
    await chmod(lib, 0o755);
    await mkdir(path.join(lib, 'papers', 'older'), { recursive: true });
    await writeFile(path.join(lib, 'papers', 'older', 'first.md'), '# First\n\nAn early paper about barnacles.\n');
    const b = await Backend.open({ libraryFolders: [lib], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl(), watch: watchOptions });
    b.subscribe((e) => events.push(e));
    await b.library.ready;
    backend = b;
    return { api: b, lib };
  }

  const found = (api: Backend, word: string) => async () => (await api.search(word)).hits.length > 0;
  const gone = (api: Backend, word: string) => async () => (await api.search(word)).hits.length === 0;

  it('asks the OS for one watch per folder, not one per file', async () => {
    const watched: string[] = [];
    const watchDirectory: WatchDirectory = (dir, onEvent) => {
      watched.push(dir);
      return watch(dir, { persistent: false }, (type, name) => onEvent(type, name === null ? null : String(name)));
    };
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-watch-'));
    const lib = path.join(base, 'library');
    for (const sub of ['a', 'a/deep', 'b']) {
      await mkdir(path.join(lib, sub), { recursive: true });
      for (let i = 0; i < 40; i++) await writeFile(path.join(lib, sub, `n${i}.md`), `# Note ${i}\n\nAbout ${sub.replace('/', ' ')} number ${i}.\n`);
    }
    await mkdir(path.join(lib, '.git', 'objects'), { recursive: true });
    backend = await Backend.open({ libraryFolders: [lib], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl(), watch: { watchDirectory } });
    await backend.library.ready;
    expect((await backend.getLibrary()).sources).toHaveLength(120);
    expect(watched.map((d) => path.relative(lib, d)).sort()).toEqual(['', 'a', 'a/deep', 'b']);
  });

  it('watches a folder again after it was deleted and re-created, for the first file and every later one', async () => {
    const { api, lib } = await open();
    const papers = path.join(lib, 'papers');
    expect((await api.search('barnacles')).hits).toHaveLength(1);
    await rm(papers, { recursive: true });
    await mkdir(papers);
    await new Promise((r) => setTimeout(r, 30)); // the reported sequence: rm -rf d; mkdir d; sleep 0.03; write
    await writeFile(path.join(papers, 'a.txt'), 'The first file of the new folder mentions axolotls.\n');
    await until(found(api, 'axolotls'), 'the file in the re-created folder is indexed', 10_000);
    await until(gone(api, 'barnacles'), 'the deleted folder\'s files leave the index', 10_000);
    await mkdir(path.join(papers, 'newer'));
    await writeFile(path.join(papers, 'newer', 'b.md'), '# Later\n\nA later file about narwhals.\n');
    await until(found(api, 'narwhals'), 'a later file in a new sub-folder is indexed', 10_000);
    await appendFile(path.join(papers, 'a.txt'), 'An edit adds quokkas.\n');
    await until(found(api, 'quokkas'), 'an edit in the re-created folder is indexed', 10_000);
  });

  it('watches a folder deleted and re-created in one go, before any event could be handled', async () => {
    const { api, lib } = await open();
    const papers = path.join(lib, 'papers');
    // Synchronous: by the time the watcher hears of the deletion, the folder of that name is back.
    rmSync(papers, { recursive: true });
    mkdirSync(papers);
    await until(gone(api, 'barnacles'), 'the deleted files leave the index', 10_000);
    await writeFile(path.join(papers, 'b.txt'), 'Written into the new folder: cuttlefish.\n');
    await until(found(api, 'cuttlefish'), 'a file in the re-created folder is indexed', 10_000);
  });

  it('follows a folder moved inside the library: its files have their new paths and the old ones are gone', async () => {
    const { api, lib } = await open();
    await rename(path.join(lib, 'papers'), path.join(lib, 'articles'));
    const hit = await until(async () => (await api.search('barnacles')).hits.find((h) => h.path === 'articles/older/first.md'), 'the moved file is found at its new path', 10_000);
    expect(hit).toBeTruthy();
    await until(async () => !(await api.getLibrary()).sources.some((s) => s.path.startsWith('papers/')), 'the old paths leave the library', 10_000);
    await writeFile(path.join(lib, 'articles', 'older', 'later.md'), '# Later\n\nWritten after the move, about limpets.\n');
    await until(found(api, 'limpets'), 'a file written into the moved folder is indexed', 10_000);
  });

  it('follows a library folder that is itself deleted and re-created', async () => {
    const { api, lib } = await open();
    await rm(lib, { recursive: true });
    await until(async () => (await api.getLibrary()).sources.length === 0, 'the deleted library is empty', 10_000);
    await mkdir(lib);
    await writeFile(path.join(lib, 'back.md'), '# Back\n\nThe library came back with pangolins.\n');
    await until(found(api, 'pangolins'), 'a file in the re-created library folder is indexed', 10_000);
  });

  it('falls back to re-scanning when the system runs out of watches, says so, and still sees changes', async () => {
    const events: NotebookEvent[] = [];
    let root = '';
    const watchDirectory: WatchDirectory = (dir, onEvent) => {
      root ||= dir; // the first folder watched is the library folder itself
      if (dir !== root) throw outOfWatches();
      return watch(dir, { persistent: false }, (type, name) => onEvent(type, name === null ? null : String(name)));
    };
    const { api, lib } = await open({ watchDirectory, rescanEveryMs: 200 }, events);
    const state = await api.getLibrary();
    expect(state.watch).toEqual({ mode: 'rescan', message: expect.stringMatching(/limit on file watches.*ENOSPC.*re-scanned every/) });
    await writeFile(path.join(lib, 'papers', 'older', 'second.md'), '# Second\n\nA folder the system would not watch, about lampreys.\n');
    await until(found(api, 'lampreys'), 'a file in an unwatched folder is found by a re-scan', 10_000);
    await rm(path.join(lib, 'papers'), { recursive: true });
    await until(gone(api, 'barnacles'), 'a deletion in an unwatched folder is found by a re-scan', 10_000);
    expect(events).toContainEqual({ type: 'library-changed', changed: expect.any(Array), removed: ['papers/older/first.md', 'papers/older/second.md'] });
  });

  it('survives a watch that fails later with an error, and keeps the library up to date', async () => {
    const events: NotebookEvent[] = [];
    let older: FSWatcher | undefined;
    const watchDirectory: WatchDirectory = (dir, onEvent) => {
      const watcher = watch(dir, { persistent: false }, (type, name) => onEvent(type, name === null ? null : String(name)));
      if (dir.endsWith(`${path.sep}older`)) older = watcher;
      return watcher;
    };
    const { api, lib } = await open({ watchDirectory, rescanEveryMs: 200 }, events);
    expect((await api.getLibrary()).watch?.mode).toBe('native');
    older!.emit('error', outOfWatches()); // as inotify reports it once the limit is hit
    await until(async () => (await api.getLibrary()).watch?.mode === 'rescan', 'the watcher reports the fallback');
    expect(events.some((e) => e.type === 'watch-status' && e.status.mode === 'rescan')).toBe(true);
    await writeFile(path.join(lib, 'papers', 'older', 'third.md'), '# Third\n\nStill seen after the error: ospreys.\n');
    await until(found(api, 'ospreys'), 'a change below the failed watch is indexed', 10_000);
  });
});
