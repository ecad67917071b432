import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../main/node/backend/backend';
import { parseSource } from '../../main/node/library/parse';
import { repoRoot } from '../support/real-backend';

const MD = '# Saltmarsh restoration\n\nManaged realignment at Abbotts Hall. #policy #coast/east\n\nNo tags here, and # not a tag.\n';

describe('#tags in Markdown sources', () => {
  it('tags the passage they stand in, as a note\'s tags do', async () => {
    const r = await parseSource('salt.md', new TextEncoder().encode(MD));
    if (!r.ok) throw new Error(r.message);
    expect(r.source.passages.map((p) => p.links)).toEqual([['policy', 'coast/east'], []]);
    // Plain text is not read for tags: "#1" in a book is a number.
    const t = await parseSource('salt.txt', new TextEncoder().encode(MD));
    expect(t.ok && t.source.passages.flatMap((p) => p.links)).toEqual([]);
  });

  it('finds the passage with tag:policy through the real backend', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'sb-tags-'));
    const library = path.join(base, 'library');
    await mkdir(library, { recursive: true });
    await writeFile(path.join(library, 'salt.md'), MD);
    const backend = await Backend.open({
      libraryFolders: [library], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'),
      workerUrl: pathToFileURL(path.join(repoRoot, 'out/index-worker.mjs')), watch: false,
    });
    try {
      await backend.library.ready;
      const found = await backend.search('tag:policy');
      expect(found.hits.map((h) => h.path)).toEqual(['salt.md']);
      expect((await backend.search('tag:coast')).hits).toHaveLength(1);
    } finally {
      await backend.close();
      await rm(base, { recursive: true, force: true });
    }
  });
});
