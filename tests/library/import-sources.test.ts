import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSources } from '../../main/node/library/import-sources';
import { until } from '../support/until';
import { openSampleBackend, repoRoot, type BackendFixture } from '../contract/fixture';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

describe('dropping files onto the window', () => {
  let dir: string;
  let fixture: BackendFixture | undefined;
  afterEach(async () => {
    await fixture?.cleanup();
    fixture = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('copies sources in, keeps dropped folders, never overwrites, and refuses what is not a source or leaves the folder', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sb-import-'));
    await writeFile(path.join(dir, 'notes.md'), 'already here');
    const result = await importSources(dir, [
      { path: 'notes.md', data: b64('# Dropped\n') },
      { path: 'Papers/whales.txt', data: b64('Sperm whales dive deep.\n') },
      { path: '../escape.txt', data: b64('out') },
      { path: '/etc/cron.d/x.txt', data: b64('abs') },
      { path: '.hidden.md', data: b64('h') },
      { path: 'tool.exe', data: b64('MZ') },
    ]);
    expect(result.added).toEqual(['notes (2).md', 'Papers/whales.txt', 'etc/cron.d/x.txt']);
    expect(result.refused.map((r) => r.path)).toEqual(['../escape.txt', '.hidden.md', 'tool.exe']);
    expect(await readFile(path.join(dir, 'notes.md'), 'utf8')).toBe('already here');
    expect(await readFile(path.join(dir, 'notes (2).md'), 'utf8')).toBe('# Dropped\n');
    expect((await readdir(path.dirname(dir))).some((f) => f === 'escape.txt')).toBe(false);
  });

  it('makes a dropped file searchable through the contract, and browser mode says what it cannot reveal', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    const seed = await readFile(path.join(repoRoot, 'seeds', '003_c38cac0ff9cc0db6.txt'));
    const result = await api.importSources([{ path: 'dropped/lighthouse.md', data: b64('# Lighthouse\n\nA keeper named Fresnelsson.\n') }, { path: 'copy.txt', data: seed.toString('base64') }]);
    expect(result.added).toEqual(['dropped/lighthouse.md', 'copy.txt']);
    // Both dropped files: the watcher may bring them in separate batches, and the last check needs the second.
    await until(async () => {
      const paths = (await api.getLibrary()).sources.map((s) => s.path);
      return paths.includes('dropped/lighthouse.md') && paths.includes('copy.txt');
    }, 'both dropped files to be in the library');
    expect((await api.search('Fresnelsson')).hits).toHaveLength(1);
    expect(await api.revealInFileManager({ kind: 'source', id: 'dropped/lighthouse.md' })).toEqual({ done: false, message: expect.stringMatching(/desktop app only.*dropped\/lighthouse\.md/) });
    expect((await api.chooseFolder('notebook')).message).toMatch(/sourcebook serve --notebook/);
    expect(await fixture.backend.desktop.pathOf({ kind: 'source', id: 'copy.txt' })).toBe(path.join(await import('node:fs/promises').then((f) => f.realpath(fixture!.libraryDir)), 'copy.txt'));
  });
});
