import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotebookEvent } from '../../main/common/contract';
import { Backend } from '../../main/node/backend/backend';
import { indexWorkerUrl, openSampleBackend, quoteSentence, type BackendFixture } from '../contract/fixture';
import { until } from '../support/until';

const BEDROCK = '003_c38cac0ff9cc0db6.txt';

describe('a watched library', () => {
  let fixture: BackendFixture;
  afterEach(async () => { await fixture?.cleanup(); });

  it('makes a new word searchable soon after a source is edited, and forgets removed words', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    expect((await api.search('zeppelinfactory')).hits).toHaveLength(0);
    await appendFile(path.join(fixture.libraryDir, BEDROCK), '\n\nA late addendum about the zeppelinfactory in Seattle.\n');
    const hit = await until(async () => (await api.search('zeppelinfactory')).hits[0], 'the edit is searchable');
    expect(hit.path).toBe(BEDROCK);

    await rm(path.join(fixture.libraryDir, BEDROCK));
    await until(async () => (await api.search('zeppelinfactory')).hits.length === 0, 'the removed file leaves the index');
    expect((await api.getLibrary()).sources.map((s) => s.path)).toEqual(['000_fc16814f2607de2a.txt']);
  });

  it('picks up an added file and reports one it cannot read, without stopping the rest', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    await writeFile(path.join(fixture.libraryDir, 'whales.md'), '# Whales\n\nThe sperm whale dives deeper than any other mammal.\n');
    await writeFile(path.join(fixture.libraryDir, 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]));
    await until(async () => (await api.search('sperm whale')).hits[0], 'the added file is searchable');
    const library = await until(async () => {
      const state = await api.getLibrary();
      return state.problems.length ? state : undefined;
    }, 'the unreadable file is reported');
    expect(library.problems).toEqual([expect.objectContaining({ path: 'scan.txt', reason: 'binary' })]);
    expect(library.sources.map((s) => s.title)).toContain('Whales');
  });

  it('leaves hidden folders and dependencies out, whether they are there at the start or appear later', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    for (const dir of ['.obsidian', 'node_modules/pkg']) {
      await mkdir(path.join(fixture.libraryDir, dir), { recursive: true });
      await writeFile(path.join(fixture.libraryDir, dir, 'README.md'), '# Hidden\n\nThe word xylograph appears only here.\n');
    }
    await writeFile(path.join(fixture.libraryDir, 'visible.md'), '# Visible\n\nA plain note about woodcuts.\n');
    await until(async () => (await api.search('woodcuts')).hits[0], 'the visible file is searchable');
    expect((await api.search('xylograph')).hits).toHaveLength(0);
    expect((await api.getLibrary()).sources.map((s) => s.path).sort()).toEqual(['000_fc16814f2607de2a.txt', BEDROCK, 'visible.md']);
  });

  it('keeps a quote on a renamed source, found by its content', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    const sentence = 'It never happened.';
    const { quote } = await quoteSentence(api, BEDROCK, sentence);
    await rename(path.join(fixture.libraryDir, BEDROCK), path.join(fixture.libraryDir, 'amazon-ai.txt'));
    await until(async () => (await api.getLibrary()).sources.some((s) => s.path === 'amazon-ai.txt'), 'the renamed file is in the library');
    const found = await until(async () => {
      const a = await api.getAnnotation(quote.id);
      return a.anchor && a.sourceId === 'amazon-ai.txt' ? a : undefined;
    }, 'the quote follows the file');
    const renamed = await api.getSource('amazon-ai.txt');
    expect(renamed.text.slice(found.anchor!.start, found.anchor!.end)).toBe(sentence);
  });

  it('shows drift when a quoted sentence was reworded, but not when it was only re-wrapped', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    const file = path.join(fixture.libraryDir, BEDROCK);
    const sentence = 'Voice interfaces are great for timers, weather, and playing music.';
    const { source, start, quote } = await quoteSentence(api, BEDROCK, sentence);
    expect(start).toBeGreaterThan(0);

    await writeFile(file, source.text.replace(sentence, 'Voice interfaces are great\nfor timers,   weather, and playing music.'));
    await until(async () => (await api.getLibrary()).sources.find((s) => s.id === BEDROCK)?.contentHash !== source.contentHash, 'the library sees the edit');
    const rewrapped = await api.getAnnotation(quote.id);
    expect(rewrapped.anchor).not.toBeNull();
    expect(rewrapped.currentText).toBeUndefined();

    await writeFile(file, source.text.replace(sentence, 'Voice interfaces are fine for timers, weather, and playing music.'));
    const drifted = await until(async () => {
      const a = await api.getAnnotation(quote.id);
      return a.currentText ? a : undefined;
    }, 'the reworded quote shows drift');
    expect(drifted.currentText).toBe('Voice interfaces are fine for timers, weather, and playing music.');
    expect(drifted.diff).toEqual(expect.arrayContaining([{ op: 'delete', text: expect.stringContaining('great') }, { op: 'insert', text: expect.stringContaining('fine') }]));
  });

  it('restarts from its persisted index without indexing again when nothing changed', async () => {
    fixture = await openSampleBackend();
    const { libraryDir, notebookDir } = fixture;
    const cacheDir = path.join(path.dirname(libraryDir), 'cache');
    await fixture.backend.close();
    const phases: string[] = [];
    const reopened = await Backend.open({ libraryFolders: [libraryDir], notebookDir, cacheDir, workerUrl: await indexWorkerUrl(), watch: false });
    reopened.subscribe((e: NotebookEvent) => { if (e.type === 'index-progress') phases.push(e.progress.phase); });
    await reopened.library.ready;
    const state = await reopened.getLibrary();
    expect(state.progress.phase).toBe('ready');
    expect(state.sources).toHaveLength(2);
    expect((await reopened.search('Bedrock')).hits.length).toBeGreaterThan(0);
    expect(phases).not.toContain('indexing');
    expect(reopened.library.restoredFromCache).toBe(true);
    fixture = { ...fixture, backend: reopened };
  });

  it('finds quotes in search again after a restart, with their colour', async () => {
    fixture = await openSampleBackend();
    const { libraryDir, notebookDir } = fixture;
    const { quote } = await quoteSentence(fixture.backend, BEDROCK, 'It never happened.');
    await fixture.backend.updateAnnotation(quote.id, { color: 'question' });
    await fixture.backend.close();
    const reopened = await Backend.open({ libraryFolders: [libraryDir], notebookDir, cacheDir: path.join(path.dirname(libraryDir), 'cache'), workerUrl: await indexWorkerUrl(), watch: false });
    fixture = { ...fixture, backend: reopened };
    const hit = await until(async () => (await reopened.search('in:quotes color:question happened')).hits[0], 'the quote is indexed');
    expect(hit.annotationId).toBe(quote.id);
  });

  it('saves the index after an edit on close, so the next start neither re-indexes nor loses the edit', async () => {
    fixture = await openSampleBackend();
    const { libraryDir, notebookDir } = fixture;
    await appendFile(path.join(libraryDir, BEDROCK), '\n\nA postscript on the quillfeather project.\n');
    await until(async () => (await fixture.backend.search('quillfeather')).hits[0], 'the edit is searchable');
    await fixture.backend.close();
    const phases: string[] = [];
    const reopened = await Backend.open({ libraryFolders: [libraryDir], notebookDir, cacheDir: path.join(path.dirname(libraryDir), 'cache'), workerUrl: await indexWorkerUrl(), watch: false });
    reopened.subscribe((e: NotebookEvent) => { if (e.type === 'index-progress') phases.push(e.progress.phase); });
    fixture = { ...fixture, backend: reopened };
    await reopened.library.ready;
    expect((await reopened.search('quillfeather')).hits[0]?.path).toBe(BEDROCK);
    expect(phases).not.toContain('indexing');
    expect(reopened.library.restoredFromCache).toBe(true);
  });
});
