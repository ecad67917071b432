import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileProblem } from '../../main/common/contract';
import { Backend } from '../../main/node/backend/backend';
import { Library, type LibraryIndex } from '../../main/node/library/library';
import { SearchEngine } from '../../main/node/search';
import { indexWorkerUrl, repoRoot } from '../contract/fixture';
import { until } from '../support/until';

const SEEDS = ['000_fc16814f2607de2a.txt', '003_c38cac0ff9cc0db6.txt'];
const isRoot = process.getuid?.() === 0;

/** A real library folder holding the sample sources and every kind of entry that must not be read. */
async function hostileLibrary(base: string) {
  const lib = path.join(base, 'library');
  const outside = path.join(base, 'outside');
  await cp(path.join(repoRoot, 'seeds'), lib, { recursive: true });
  await chmod(lib, 0o755);
  await mkdir(path.join(lib, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.txt'), 'The password is quartzgoblin, kept outside the library.\n');
  await symlink('loop.txt', path.join(lib, 'loop.txt')); // a link to itself: ELOOP if followed
  await symlink('..', path.join(lib, 'sub', 'up')); // a folder loop
  await symlink(path.join(outside, 'secret.txt'), path.join(lib, 'leak.txt'));
  await symlink(outside, path.join(lib, 'elsewhere'));
  execFileSync('mkfifo', [path.join(lib, 'pipe.txt')]);
  const socketServer = net.createServer();
  await new Promise<void>((resolve) => socketServer.listen(path.join(lib, 'socket.md'), resolve));
  await writeFile(path.join(lib, 'locked.txt'), 'Nobody may read this file.\n');
  await chmod(path.join(lib, 'locked.txt'), 0o000);
  await writeFile(path.join(lib, 'sub', 'fine.md'), '# Fine\n\nA perfectly ordinary note about lighthouses.\n');
  return { lib, close: () => new Promise<void>((resolve) => socketServer.close(() => resolve())) };
}

const reasons = (problems: FileProblem[]) => Object.fromEntries(problems.map((p) => [p.path, p.reason]));

describe('a library folder with links, pipes, sockets and unreadable files', () => {
  let base: string;
  let backend: Backend | undefined;
  let closeSocket = async () => {};
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    await closeSocket();
    await rm(base, { recursive: true, force: true });
  });

  it('indexes everything else and lists each of them with its reason', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-hostile-'));
    const { lib, close } = await hostileLibrary(base);
    closeSocket = close;
    backend = await Backend.open({ libraryFolders: [lib], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl() });
    await backend.library.ready;
    const state = await backend.getLibrary();
    expect(state.sources.map((s) => s.path).sort()).toEqual([...SEEDS, 'sub/fine.md'].concat(isRoot ? ['locked.txt'] : []).sort());
    expect(reasons(state.problems)).toEqual({
      'loop.txt': 'symlink', 'sub/up': 'symlink', 'leak.txt': 'symlink', elsewhere: 'symlink',
      'pipe.txt': 'special-file', 'socket.md': 'special-file',
      // Root reads any file, so an unreadable file can only be made for other users.
      ...(isRoot ? {} : { 'locked.txt': 'unreadable' }),
    });
    expect(state.problems.find((p) => p.path === 'pipe.txt')?.message).toMatch(/named pipe/);
    expect((await backend.search('quartzgoblin')).hits).toHaveLength(0);
    expect((await backend.search('lighthouses')).hits).toHaveLength(1);
  });

  it('lists links, pipes and loops that appear while the app runs, and never reads through them', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-hostile-'));
    const lib = path.join(base, 'library');
    await cp(path.join(repoRoot, 'seeds'), lib, { recursive: true });
    await chmod(lib, 0o755);
    await writeFile(path.join(base, 'secret.txt'), 'The password is quartzgoblin, kept outside the library.\n');
    backend = await Backend.open({ libraryFolders: [lib], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl() });
    await backend.library.ready;

    await symlink(path.join(base, 'secret.txt'), path.join(lib, 'leak.txt'));
    await symlink(base, path.join(lib, 'outside'));
    await symlink('self.md', path.join(lib, 'self.md'));
    await mkdir(path.join(lib, 'deep'));
    await symlink('..', path.join(lib, 'deep', 'loop'));
    execFileSync('mkfifo', [path.join(lib, 'deep', 'pipe.md')]);
    await writeFile(path.join(lib, 'deep', 'after.md'), '# After\n\nWritten after the links, about cormorants.\n');

    const api = backend;
    await until(async () => (await api.search('cormorants')).hits.length === 1, 'the ordinary file beside the links is indexed');
    const state = await until(async () => {
      const s = await api.getLibrary();
      return s.problems.length === 5 ? s : undefined;
    }, 'the five entries are listed');
    expect(reasons(state.problems)).toEqual({ 'leak.txt': 'symlink', outside: 'symlink', 'self.md': 'symlink', 'deep/loop': 'symlink', 'deep/pipe.md': 'special-file' });
    expect((await api.search('quartzgoblin')).hits).toHaveLength(0);
    expect(state.sources.map((s) => s.path).sort()).toEqual([...SEEDS, 'deep/after.md']);
  });

  it('forgets a file deleted while it was being read, instead of listing it as a problem', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-hostile-'));
    const lib = path.join(base, 'library');
    await cp(path.join(repoRoot, 'seeds'), lib, { recursive: true });
    await chmod(lib, 0o755);
    const victim = path.join(lib, 'fleeting.md');
    await writeFile(victim, '# Fleeting\n\nGone before anyone could read it.\n');
    const engine = await SearchEngine.create({ cacheDir: path.join(base, 'index'), workerUrl: await indexWorkerUrl() });
    // The real engine reads the files; the victim is deleted between the scan and the read.
    const index: LibraryIndex = {
      indexFiles: async (files, onProgress) => { await rm(victim); return engine.indexFiles(files, onProgress); },
      removeOwner: (owner) => engine.removeOwner(owner),
      persist: (fingerprint) => engine.persist(fingerprint),
      restore: (fingerprint) => engine.restore(fingerprint),
      readSource: (file) => engine.readSource(file),
    };
    const library = new Library([lib], index, () => {}, null);
    try {
      await library.open();
      await library.ready;
      const state = library.state();
      expect(state.sources.map((s) => s.path).sort()).toEqual(SEEDS);
      expect(state.problems).toEqual([]);
    } finally {
      await library.close();
      await engine.close();
    }
  });

  it('drops the problem of a file once the file is deleted', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-hostile-'));
    const lib = path.join(base, 'library');
    await cp(path.join(repoRoot, 'seeds'), lib, { recursive: true });
    await chmod(lib, 0o755);
    await mkdir(path.join(lib, 'scans'));
    await writeFile(path.join(lib, 'scans', 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]));
    await symlink('nowhere', path.join(lib, 'scans', 'dangling.md'));
    backend = await Backend.open({ libraryFolders: [lib], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl() });
    await backend.library.ready;
    expect(reasons((await backend.getLibrary()).problems)).toEqual({ 'scans/scan.txt': 'binary', 'scans/dangling.md': 'symlink' });
    await rm(path.join(lib, 'scans'), { recursive: true });
    const api = backend;
    await until(async () => (await api.getLibrary()).problems.length === 0, 'the problems of the deleted folder disappear');
  });
});
