/**
 * The NotebookApi contract, as the renderer relies on it. Run once per transport: directly, over
 * the in-memory Electron IPC pair, and over the loopback HTTP server. A transport that drops an
 * argument, mangles a result or loses an error shows up here.
 */
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName, type NotebookApi, type NotebookEvent } from '../../main/common/contract';
import { until } from '../support/until';
import { openSampleBackend, repoRoot, type BackendFixture } from './fixture';

export interface Transport {
  api: NotebookApi;
  close(): Promise<void> | void;
}

const BEDROCK_SEED = '003_c38cac0ff9cc0db6.txt';
const OTHER_SEED = '000_fc16814f2607de2a.txt';

/** The transport's api, noting which methods the suite called (it must call every one). */
function recording(api: NotebookApi, used: Set<MethodName>): NotebookApi {
  const wrapped: Record<string, unknown> = { subscribe: api.subscribe.bind(api) };
  for (const name of methodNames) {
    const method = api[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => { used.add(name); return method.apply(api, args); };
  }
  return wrapped as unknown as NotebookApi;
}

/**
 * Events `action` caused: those between the ones two marker notes' creation sends (events arrive
 * in order, but over HTTP after the answers: an event of a call made before `action` may still
 * be on its way when it starts).
 */
async function eventsOf(api: NotebookApi, action: () => Promise<unknown>, marker: string): Promise<NotebookEvent[]> {
  const seen: NotebookEvent[] = [];
  const stop = api.subscribe((e) => seen.push(e));
  const markerEvent = async (title: string) => {
    const note = await api.createNote(title);
    const isMarker = (e: NotebookEvent) => e.type === 'notes-changed' && e.changed.includes(note.path);
    await until(() => seen.some(isMarker), `the event of creating "${title}"`, 5000, 5);
    return seen.findIndex(isMarker);
  };
  try {
    const from = await markerEvent(`${marker} (start)`);
    await action();
    return seen.slice(from + 1, await markerEvent(marker));
  } finally {
    stop();
  }
}

function nextEvent(api: NotebookApi, match: (e: NotebookEvent) => boolean, ms = 5000): Promise<NotebookEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error('no matching event arrived')); }, ms);
    const stop = api.subscribe((e) => { if (match(e)) { clearTimeout(timer); stop(); resolve(e); } });
  });
}

/**
 * Subscribes for as long as the suite runs, as a window does, and resolves once events reach the
 * subscriber. Over HTTP the event stream connects after `subscribe` returns, and an event sent
 * before then is not delivered: a test that started listening and then changed a file could wait
 * for an event that went out before the stream was there (under load, it did).
 */
async function subscribeLive(api: NotebookApi): Promise<() => void> {
  let heard = false;
  const stop = api.subscribe((e) => { if (e.type === 'colors-changed') heard = true; });
  const colors = await api.getColors();
  // Saving the colours as they are changes nothing, and says so to every subscriber connected by then.
  await until(async () => heard || (await api.setColors(colors), false), 'the event stream to deliver events', 30_000, 50);
  return stop;
}

export function notebookApiContract(transportName: string, connect: (fixture: BackendFixture) => Promise<Transport>) {
  describe(`the NotebookApi ${transportName}`, () => {
    let fixture: BackendFixture;
    let transport: Transport;
    let api: NotebookApi;
    const used = new Set<MethodName>();

    let unsubscribe: (() => void) | undefined;

    beforeAll(async () => {
      fixture = await openSampleBackend();
      transport = await connect(fixture);
      api = recording(transport.api, used);
      // The tests' own listeners join a subscription that is known to be live.
      unsubscribe = await subscribeLive(transport.api);
    });
    afterAll(async () => {
      unsubscribe?.();
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

    it('pages through the ranking: pages laid end to end are the ranking in one answer, each with the full total', async () => {
      const whole = await api.search('amazon', { limit: 12 });
      expect(whole.hits).toHaveLength(12);
      const pages = await Promise.all([0, 5, 10].map((offset) => api.search('amazon', { offset, limit: 5 })));
      const key = (h: { path: string; start: number; kind: string }) => `${h.kind} ${h.path} ${h.start}`;
      expect(pages.flatMap((p) => p.hits).slice(0, 12).map(key)).toEqual(whole.hits.map(key));
      expect(pages.map((p) => [p.offset, p.total])).toEqual([[0, whole.total], [5, whole.total], [10, whole.total]]);
      // A page's groups hold that page's hits and no others.
      expect(pages[1]!.groups.flatMap((g) => g.hits).map(key).sort()).toEqual(pages[1]!.hits.map(key).sort());
      const past = await api.search('amazon', { offset: whole.total, limit: 5 });
      expect([past.hits.length, past.groups.length, past.total]).toEqual([0, 0, whole.total]);
      const badSearch = api.search as unknown as (q: string, o: unknown) => Promise<unknown>;
      await expect(badSearch('amazon', { offset: -1 })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(badSearch('amazon', { offset: 990, limit: 20 })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/refine the query/) });
    });

    it('answers the same hits without their groups when asked with groups: false, a page too', async () => {
      const key = (h: { path: string; start: number; kind: string }) => `${h.kind} ${h.path} ${h.start}`;
      for (const page of [{ limit: 12 }, { offset: 5, limit: 5 }]) {
        const grouped = await api.search('amazon', page);
        const bare = await api.search('amazon', { ...page, groups: false });
        expect(grouped.groups.length).toBeGreaterThan(0);
        expect(bare.groups).toEqual([]);
        expect(bare.hits.map(key)).toEqual(grouped.hits.map(key));
        expect([bare.total, bare.offset]).toEqual([grouped.total, grouped.offset]);
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
      // At once: the watcher may still be reading the empty file the create made, and must not take this write for it.
      await writeFile(path.join(fixture.notebookDir, note.path), '# Outside edits\n\nWritten by another editor.\n');
      await expect(changed).resolves.toEqual({ type: 'notes-changed', changed: [note.path], removed: [], external: true, annotations: [] });
    });

    it('lists notes, and renames one while rewriting the links that named it', async () => {
      const plan = await api.createNote('Plan');
      const index = await api.createNote('Index');
      await api.saveNote({ path: index.path, markdown: 'See [[Plan]] and [[Plan#Goals|the goals]].\n', baseVersion: index.version });
      expect((await api.getNoteLinks(plan.path)).backlinks.map((n) => n.path)).toEqual(['Index.md']);
      const renamed = await api.renameNote(plan.path, 'Roadmap');
      expect(renamed).toMatchObject({ path: 'Roadmap.md', title: 'Roadmap' });
      const paths = (await api.listNotes()).map((n) => n.path);
      expect(paths).toContain('Roadmap.md');
      expect(paths).not.toContain('Plan.md');
      expect((await api.readNote(index.path)).markdown).toBe('See [[Roadmap]] and [[Roadmap#Goals|the goals]].\n');
      expect((await api.getNoteLinks('Roadmap.md')).backlinks.map((n) => n.path)).toEqual(['Index.md']);
    });

    it('moves a deleted note to the trash and restores it as it was', async () => {
      const note = await api.createNote('Draft');
      const saved = await api.saveNote({ path: note.path, markdown: 'Keep me.\n', baseVersion: note.version });
      expect(saved.status).toBe('saved');
      const deleted = await api.deleteNote(note.path);
      expect(deleted.path).toBe('Draft.md');
      await expect(api.readNote(note.path)).rejects.toMatchObject({ code: 'not-found' });
      const restored = await api.restoreNote(deleted.trashId);
      expect(restored.path).toBe('Draft.md');
      expect((await api.readNote(restored.path)).markdown).toBe('Keep me.\n');
    });

    it('gets, recolours, comments on and deletes a highlight', async () => {
      const source = await api.getSource(OTHER_SEED);
      const sentence = 'Amazon just invested another $4 billion in Anthropic';
      const start = source.text.indexOf(sentence);
      const made = await api.createAnnotation({ kind: 'highlight', sourceId: OTHER_SEED, start, end: start + sentence.length });
      expect(await api.getAnnotation(made.id)).toMatchObject({ id: made.id, quote: { exact: sentence }, anchor: { start, status: 'exact' } });
      const colors = await api.getColors();
      const other = colors.find((c) => c.name !== made.color)!;
      const updated = await api.updateAnnotation(made.id, { color: other.name, comment: 'The money trail.' });
      expect(updated).toMatchObject({ color: other.name, comment: 'The money trail.' });
      expect(await api.getAnnotation(made.id)).toMatchObject({ color: other.name, comment: 'The money trail.' });
      expect((await api.search('color:' + JSON.stringify(other.name) + ' money trail')).hits.map((h) => h.annotationId)).toContain(made.id);
      await expect(api.deleteAnnotation(made.id)).resolves.toEqual({ id: made.id });
      await expect(api.getAnnotation(made.id)).rejects.toMatchObject({ code: 'not-found' });
    });

    it('keeps the highlight colours the user names', async () => {
      const before = await api.getColors();
      const renamed = before.map((c, i) => (i === 0 ? { ...c, name: 'counterpoint' } : c));
      expect(await api.setColors(renamed)).toEqual(renamed);
      expect(await api.getColors()).toEqual(renamed);
      await expect(api.setColors([])).rejects.toMatchObject({ code: 'bad-request' });
      await api.setColors(before);
    });

    it('exports annotations as a W3C collection and a note with a text fragment under each quote', async () => {
      const source = await api.getSource(OTHER_SEED);
      const sentence = 'Most believe that Claude will be the brains of Alexa AI';
      const start = source.text.indexOf(sentence);
      const quote = await api.createAnnotation({ kind: 'quote', sourceId: OTHER_SEED, start, end: start + sentence.length });
      const collection = await api.exportAnnotations() as { type: string; total: number; first: { items: Array<{ id: string }> } };
      expect(collection.type).toBe('AnnotationCollection');
      expect(collection.total).toBe((await api.listAnnotations()).length);
      expect(JSON.stringify(collection)).toContain(quote.id);
      const note = await api.createNote('Claude');
      await api.saveNote({ path: note.path, markdown: `> ${sentence}\n>\n> — [Amazon](sourcebook://annotation/${quote.id})\n`, baseVersion: note.version });
      const exported = await api.exportNoteMarkdown(note.path);
      expect(exported).toContain(`sourcebook://annotation/${quote.id}`);
      expect(exported).toContain(`#:~:text=`);
      expect(decodeURIComponent(exported)).toContain(sentence);
    });

    it('sends one event for one save, naming the note and the quote it added', async () => {
      const source = await api.getSource(OTHER_SEED);
      const sentence = 'Why doesn’t Amazon share updates about its popular chatbot?';
      const start = source.text.indexOf(sentence);
      const quote = await api.createAnnotation({ kind: 'quote', sourceId: OTHER_SEED, start, end: start + sentence.length });
      const note = await api.createNote('Chatbot');
      const events = await eventsOf(api, () => api.saveNote({
        path: note.path, markdown: `> ${sentence}\n>\n> — [Amazon](sourcebook://annotation/${quote.id})\n`, baseVersion: note.version,
      }), 'After the chatbot');
      // Nothing else: not the note watcher's echo of our own create or save either, however late its
      // read of the file (the store's writes.mark/wroteLately, tests/notebook/own-write-echo.test.ts).
      expect(events).toEqual([
        { type: 'notes-changed', changed: [note.path], removed: [], external: false, annotations: [quote.id] },
      ]);
    });

    it('puts a quote whose passage was deleted from its source on the review list, until kept as an orphan', async () => {
      const source = await api.getSource(OTHER_SEED);
      const sentence = 'Nvidia, now the most valuable company in the worldhas turned this into a huge business.';
      const start = source.text.indexOf(sentence);
      expect(start).toBeGreaterThan(0);
      const quote = await api.createAnnotation({ kind: 'quote', sourceId: OTHER_SEED, start, end: start + sentence.length });
      const listed = nextEvent(api, (e) => e.type === 'annotations-changed' && e.changed.includes(quote.id) && (e.review ?? 0) > 0, 30_000);
      const file = path.join(fixture.libraryDir, OTHER_SEED);
      await writeFile(file, source.text.replace(sentence, ''));
      await listed;
      expect((await api.listReview()).map((r) => [r.annotation.id, r.reason])).toContainEqual([quote.id, 'orphaned']);
      const audit = await api.checkQuotes();
      expect(audit.items.find((i) => i.annotationId === quote.id)?.state).toBe('orphaned');
      expect(audit.checked).toBe(audit.items.length);
      const kept = await api.keepAsOrphan(quote.id);
      expect(kept.id).toBe(quote.id);
      expect((await api.listReview()).map((r) => r.annotation.id)).not.toContain(quote.id);
    }, 60_000);

    it('hands the reader a PDF\'s own bytes, and refuses the file of a source that is not a PDF', async () => {
      const pdf = path.join(repoRoot, '../shared/corpora/pdf-edge/asciihexdecode.pdf');
      const copy = path.join(fixture.libraryDir, 'hello.pdf');
      await copyFile(pdf, copy);
      try {
        await until(async () => (await api.getLibrary()).sources.some((s) => s.path === 'hello.pdf'), 'the PDF is indexed', 20_000);
        const file = await api.getSourceFile('hello.pdf');
        expect(file.bytes).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(file.bytes).equals(await readFile(copy))).toBe(true);
        expect(file.contentHash).toBe((await api.getSource('hello.pdf')).contentHash);
        // Its page map, a few pages at a time: the words of page 1 are items of page 1.
        const map = await api.getPageItems('hello.pdf', 1, 4);
        expect(map).toMatchObject({ id: 'hello.pdf', contentHash: file.contentHash, from: 1 });
        expect(map.pages[0]!.length).toBeGreaterThan(0);
        await expect(api.getPageItems('hello.pdf', 1, 1000)).rejects.toMatchObject({ code: 'bad-request' });
        await expect(api.getSourceFile(OTHER_SEED)).rejects.toMatchObject({ code: 'bad-request' });
        await expect(api.getSourceFile('no-such.pdf')).rejects.toMatchObject({ code: 'not-found' });
      } finally {
        await rm(copy, { force: true });
      }
    }, 30_000);

    it('adds dropped files to the library beside existing ones, refusing names that leave it', async () => {
      const data = Buffer.from('# Dropped field notes\n\nThe quillwort survey counted forty plants.\n').toString('base64');
      const first = await api.importSources([{ path: 'Dropped/field.md', data }, { path: '../outside.md', data }]);
      expect(first.added).toEqual(['Dropped/field.md']);
      expect(first.refused.map((r) => r.path)).toEqual(['../outside.md']);
      const again = await api.importSources([{ path: 'Dropped/field.md', data }]);
      expect(again.added).toEqual(['Dropped/field (2).md']);
      // Polled, not awaited as an event: the watcher may bring the two files in one batch or two, and
      // a library-changed sent between a search and the subscription after it would never be seen.
      const paths = async () => new Set((await api.search('quillwort')).hits.map((h) => h.path));
      await until(async () => (await paths()).size === 2, 'both dropped files to be searchable', 20_000);
      expect(await paths()).toEqual(new Set(['Dropped/field.md', 'Dropped/field (2).md']));
    }, 30_000);

    it('says where a file is when revealing it or choosing a folder needs the desktop app', async () => {
      const note = await api.createNote('Reveal me');
      const revealed = await api.revealInFileManager({ kind: 'note', path: note.path });
      expect(revealed.done).toBe(false);
      expect(revealed.message).toContain(note.path);
      const source = await api.revealInFileManager({ kind: 'source', id: BEDROCK_SEED });
      expect(source.message).toContain(BEDROCK_SEED);
      expect((await api.chooseFolder('library')).done).toBe(false);
    });

    it('has every method of the contract exercised by this suite', () => {
      expect(methodNames.filter((name) => !used.has(name))).toEqual([]);
    });
  });
}
