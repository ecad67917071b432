/**
 * The NotebookApi contract, as the renderer relies on it. Run once per transport: directly, over
 * the in-memory Electron IPC pair, and over the loopback HTTP server. A transport that drops an
 * argument, mangles a result or loses an error shows up here.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotebookApi, NotebookEvent } from '../../main/common/contract';
import { openSampleBackend, type BackendFixture } from './fixture';

export interface Transport {
  api: NotebookApi;
  close(): Promise<void> | void;
}

const BEDROCK_SEED = '003_c38cac0ff9cc0db6.txt';

function nextEvent(api: NotebookApi, match: (e: NotebookEvent) => boolean, ms = 5000): Promise<NotebookEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error('no matching event arrived')); }, ms);
    const stop = api.subscribe((e) => { if (match(e)) { clearTimeout(timer); stop(); resolve(e); } });
  });
}

export function notebookApiContract(transportName: string, connect: (fixture: BackendFixture) => Promise<Transport>) {
  describe(`the NotebookApi ${transportName}`, () => {
    let fixture: BackendFixture;
    let transport: Transport;
    let api: NotebookApi;

    beforeAll(async () => {
      fixture = await openSampleBackend();
      transport = await connect(fixture);
      api = transport.api;
    });
    afterAll(async () => {
      await transport?.close();
      await fixture?.cleanup();
    });

    it('lists both sample articles with their titles and nothing unreadable', async () => {
      const library = await api.getLibrary();
      expect(library.sources.map((s) => s.path).sort()).toEqual(['000_fc16814f2607de2a.txt', BEDROCK_SEED]);
      expect(library.sources.find((s) => s.path === BEDROCK_SEED)?.title).toBe('Amazon AI: The $8 Billion Confession of Failure');
      expect(library.problems).toEqual([]);
      expect(library.progress.phase).toBe('ready');
    });

    it('finds "Bedrock" in the second seed with the word marked and the passage located', async () => {
      const results = await api.search('Bedrock');
      expect(results.hits.length).toBeGreaterThan(0);
      const hit = results.hits[0]!;
      expect(hit.path).toBe(BEDROCK_SEED);
      expect(hit.marks.map(([s, e]) => hit.snippet.slice(s, e).toLowerCase())).toContain('bedrock');
      const source = await api.getSource(hit.sourceId!);
      expect(source.text.slice(hit.start, hit.end)).toMatch(/bedrock/i);
    });

    it('returns only passages that contain an exact phrase', async () => {
      const results = await api.search('"voice assistant"');
      expect(results.hits.length).toBeGreaterThan(0);
      for (const hit of results.hits) {
        const source = await api.getSource(hit.sourceId!);
        expect(source.text.slice(hit.start, hit.end).replace(/\s+/g, ' ').toLowerCase()).toContain('voice assistant');
      }
    });

    it('rejects malformed arguments with a readable bad-request error', async () => {
      const bad = api.getSource as unknown as (x: unknown) => Promise<unknown>;
      await expect(bad(42)).rejects.toMatchObject({ code: 'bad-request' });
      const badSearch = api.search as unknown as (q: string, o: unknown) => Promise<unknown>;
      await expect(badSearch('x', { limit: -1 })).rejects.toMatchObject({ code: 'bad-request' });
    });

    it('says a source that does not exist is not found', async () => {
      await expect(api.getSource('no-such-file.txt')).rejects.toMatchObject({ code: 'not-found' });
    });

    it('creates, saves and reads back a note, and refuses a save over a newer version', async () => {
      const note = await api.createNote('Reading list');
      expect(note.path).toBe('Reading list.md');
      const saved = await api.saveNote({ path: note.path, markdown: '# Reading list\n\nBedrock first.\n', baseVersion: note.version });
      expect(saved.status).toBe('saved');
      expect((await api.readNote(note.path)).markdown).toBe('# Reading list\n\nBedrock first.\n');
      const stale = await api.saveNote({ path: note.path, markdown: 'lost?', baseVersion: note.version });
      expect(stale.status).toBe('conflict');
      expect((await api.readNote(note.path)).markdown).toContain('Bedrock first.');
    });

    it('finds notes in search as they are saved, and forgets them when they are deleted', async () => {
      const note = await api.createNote('Marginalia');
      await api.saveNote({ path: note.path, markdown: '# Marginalia\n\nThe palimpsest theory of [[Alexa]].\n', baseVersion: note.version });
      const found = await api.search('in:notes palimpsest');
      expect(found.hits.map((h) => [h.kind, h.path])).toEqual([['note', 'Marginalia.md']]);
      expect((await api.search('palimpsest tag:alexa')).hits).toHaveLength(1);
      await api.deleteNote(note.path);
      expect((await api.search('palimpsest')).hits).toHaveLength(0);
    });

    it('refuses note paths that leave the notebook', async () => {
      await expect(api.readNote('../../etc/passwd.md')).rejects.toMatchObject({ code: expect.stringMatching(/bad-request|forbidden/) });
    });

    it('quotes a passage and finds it again, anchored exactly, with the note that quotes it', async () => {
      const source = await api.getSource(BEDROCK_SEED);
      const sentence = 'For nearly a decade, [[Amazon]] told a beautiful lie';
      const start = source.text.indexOf(sentence);
      const quote = await api.createAnnotation({ kind: 'quote', sourceId: BEDROCK_SEED, start, end: start + sentence.length, color: 'evidence' });
      expect(quote.quote.exact).toBe(sentence);
      expect(quote.anchor).toMatchObject({ start, end: start + sentence.length, status: 'exact' });

      const note = await api.createNote('Alexa');
      await api.saveNote({ path: note.path, markdown: `> ${sentence}\n>\n> — [The Alexa Delusion](sourcebook://annotation/${quote.id})\n`, baseVersion: note.version });
      const listed = await api.listAnnotations({ sourceId: BEDROCK_SEED });
      expect(listed.find((a) => a.id === quote.id)?.quotedBy.map((n) => n.path)).toEqual(['Alexa.md']);
    });

    it('tells subscribers when a note is changed by another program', async () => {
      const note = await api.createNote('Outside edits');
      const changed = nextEvent(api, (e) => e.type === 'notes-changed' && e.external && e.changed.includes(note.path));
      await new Promise((r) => setTimeout(r, 200));
      await writeFile(path.join(fixture.notebookDir, note.path), '# Outside edits\n\nWritten by another editor.\n');
      await expect(changed).resolves.toEqual({ type: 'notes-changed', changed: [note.path], removed: [], external: true, annotations: [] });
    });
  });
}
