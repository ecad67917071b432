/**
 * Quote labels in notes follow their source's title, and the quote's place, through the real
 * backend on real files: a title edited in the file (HTML <title>, Markdown front matter, a
 * Gutenberg "Title:" line) rewrites the label in every note quoting it, atomically and under the
 * notes' conflict rules, and one notes-changed event names the notes rewritten.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotebookEvent } from '../../main/common/contract';
import { locatorLabel } from '../../main/common/library/locator';
import { findQuotes, quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { Backend } from '../../main/node/backend/backend';
import { indexWorkerUrl } from '../contract/fixture';
import { until } from '../support/until';
import { buildEpub } from '../library/support/zip-writer';

const POTTER = '/work/shared/corpora/gutenberg/Potter-Beatrix__Cecily-Parsley-s-Nursery-Rhymes.txt';

interface Fixture {
  backend: Backend;
  libraryDir: string;
  notebookDir: string;
  events: NotebookEvent[];
  base: string;
}

async function open(base: string): Promise<Fixture> {
  const libraryDir = path.join(base, 'library');
  const notebookDir = path.join(base, 'notebook');
  const backend = await Backend.open({ libraryFolders: [libraryDir], notebookDir, cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl(), watch: true });
  await backend.library.ready;
  await backend.titlesFollowed;
  const events: NotebookEvent[] = [];
  backend.subscribe((e) => events.push(e));
  return { backend, libraryDir, notebookDir, events, base };
}

async function library(files: Record<string, string>): Promise<string> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'sb-labels-'));
  await mkdir(path.join(base, 'library'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(base, 'library', name), text);
  return base;
}

/** Quotes `sentence` of `sourceId` into note `title`, labelled as the reader labels it; gives the note's path. */
async function quoteInto(f: Fixture, sourceId: string, sentence: string, title: string, around = { before: '', after: '' }) {
  const api = f.backend;
  const source = await api.getSource(sourceId);
  const start = source.text.indexOf(sentence);
  expect(start).toBeGreaterThanOrEqual(0);
  const quote = await api.createAnnotation({ kind: 'quote', sourceId, start, end: start + sentence.length });
  const label = locatorLabel(source, start);
  const note = await api.createNote(title);
  const markdown = `${around.before}${quoteToMarkdown({ annotationId: quote.id, text: sentence, label })}\n${around.after}`;
  const saved = await api.saveNote({ path: note.path, markdown, baseVersion: note.version });
  expect(saved.status).toBe('saved');
  return { quote, label, path: note.path, markdown };
}

const labelIn = (markdown: string, id: string) => findQuotes(markdown).find((q) => q.annotationId === id)?.label;
const onDisk = (f: Fixture, notePath: string) => readFile(path.join(f.notebookDir, notePath), 'utf8');
const relabelled = (f: Fixture, notePath: string) => until(() => f.events.find((e) => e.type === 'notes-changed' && e.changed.includes(notePath) && e.labels?.length), `labels rewritten in ${notePath}`);

describe('quote labels follow their source', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.backend.close();
    if (f) await rm(f.base, { recursive: true, force: true, maxRetries: 5 });
    f = undefined;
  });

  it('rewrites the label in every note quoting an HTML source whose <title> was edited, and nothing else in them', async () => {
    const html = (title: string) => `<!doctype html><html><head><title>${title}</title></head><body><h1>Salt marshes</h1><p>Tidal creeks carry sediment inland twice a day.</p><p>Restored marshes trap carbon faster than forests.</p></body></html>`;
    f = await open(await library({ 'marsh.html': html('Coastal notes') }));
    const sentence = 'Restored marshes trap carbon faster than forests.';
    const a = await quoteInto(f, 'marsh.html', sentence, 'Carbon', { before: '# Carbon\n\nMy own words stay.\n\n', after: '\nMore of mine.\n' });
    expect(a.label).toBe('Salt marshes · ¶2 · Coastal notes');
    const note = await f.backend.readNote(a.path);
    // A second note quoting the same annotation inline and as a quote.
    const b = await f.backend.createNote('Elsewhere');
    const second = `${quoteToMarkdown({ annotationId: a.quote.id, text: sentence, label: a.label })}\n\nSee also [the marsh](sourcebook://annotation/${a.quote.id}).\n`;
    await f.backend.saveNote({ path: b.path, markdown: second, baseVersion: b.version });

    await writeFile(path.join(f.libraryDir, 'marsh.html'), html('Saltmarsh restoration'));
    const event = await relabelled(f, a.path);
    expect(event).toMatchObject({ type: 'notes-changed', external: false, removed: [] });
    if (event.type !== 'notes-changed') throw new Error('unreachable');
    expect(event.changed.sort()).toEqual([a.path, b.path].sort());
    expect(event.labels).toEqual([a.quote.id]);

    const after = await onDisk(f, a.path);
    expect(labelIn(after, a.quote.id)).toBe('Salt marshes · ¶2 · Saltmarsh restoration');
    expect(after).toBe(note.markdown.replace('· Coastal notes]', '· Saltmarsh restoration]'));
    expect(labelIn(await onDisk(f, b.path), a.quote.id)).toBe('Salt marshes · ¶2 · Saltmarsh restoration');
    expect((await f.backend.getAnnotation(a.quote.id)).sourceTitle).toBe('Saltmarsh restoration');
    // The notebook's own write is not reported back as another program's change.
    await f.backend.search('marsh'); // waits for the changes reported so far
    expect(f.events.filter((e) => e.type === 'notes-changed' && e.external)).toEqual([]);
  });

  it('follows a Markdown front-matter title, and the ¶ when a paragraph was inserted above the quote', async () => {
    const md = (title: string, extra = '') => `---\ntitle: ${title}\n---\n\n# Field season\n\n${extra}The first transect crossed the lower marsh.\n\nPlots near the creek flooded at every spring tide.\n`;
    f = await open(await library({ 'season.md': md('Field log') }));
    const sentence = 'Plots near the creek flooded at every spring tide.';
    const a = await quoteInto(f, 'season.md', sentence, 'Flooding');
    expect(a.label).toBe('Field season · ¶2 · Field log');

    await writeFile(path.join(f.libraryDir, 'season.md'), md('Field log 2024', 'We arrived late in May.\n\n'));
    await relabelled(f, a.path);
    expect(labelIn(await onDisk(f, a.path), a.quote.id)).toBe('Field season · ¶3 · Field log 2024');
    // Its state is still the one every view shows: the same words, moved.
    expect((await f.backend.getAnnotation(a.quote.id)).state).toBe('moved');
  });

  it('follows a Gutenberg "Title:" line edited in a real book, in the book quoted twice', async () => {
    const book = await readFile(POTTER, 'utf8');
    const header = (title: string) => `Title: ${title}\nAuthor: Beatrix Potter\n\n`;
    f = await open(await library({ 'potter.txt': header("Cecily Parsley's Rhymes") + book }));
    expect((await f.backend.getSource('potter.txt')).title).toBe("Cecily Parsley's Rhymes");
    const one = await quoteInto(f, 'potter.txt', 'Till Cecily Parsley ran away.', 'Rhymes');
    expect(one.label.endsWith(" · Cecily Parsley's Rhymes")).toBe(true);

    await writeFile(path.join(f.libraryDir, 'potter.txt'), header("Cecily Parsley's Nursery Rhymes") + book);
    await relabelled(f, one.path);
    const label = labelIn(await onDisk(f, one.path), one.quote.id)!;
    expect(label).toBe(one.label.replace("Cecily Parsley's Rhymes", "Cecily Parsley's Nursery Rhymes"));
  });

  it('follows an EPUB whose metadata title was edited, its chapters unchanged', async () => {
    const book = (title: string) => buildEpub([
      { id: 'c1', title: 'Tides', body: '<h1>Tides</h1><p>Spring tides flood the upper marsh.</p>' },
      { id: 'c2', title: 'Roots', body: '<h1>Roots</h1><p>Cordgrass roots bind the mud against the current.</p>' },
    ], [], title);
    const base = await library({});
    await writeFile(path.join(base, 'library', 'marsh.epub'), book('Marsh Ecology'));
    f = await open(base);
    expect((await f.backend.getSource('marsh.epub')).title).toBe('Marsh Ecology');
    const a = await quoteInto(f, 'marsh.epub', 'Cordgrass roots bind the mud against the current.', 'Roots');
    expect(a.label.endsWith(' · Marsh Ecology')).toBe(true);
    await writeFile(path.join(f.libraryDir, 'marsh.epub'), book('Salt Marsh Ecology'));
    await relabelled(f, a.path);
    expect(labelIn(await onDisk(f, a.path), a.quote.id)).toBe(a.label.replace('Marsh Ecology', 'Salt Marsh Ecology'));
  });

  it('leaves a label the user rewrote, and a note another program changed keeps that change with its label followed', async () => {
    const html = (title: string) => `<html><head><title>${title}</title></head><body><p>Eelgrass meadows shelter juvenile fish.</p><p>Oyster reefs break the force of waves.</p></body></html>`;
    f = await open(await library({ 'reef.html': html('Reefs') }));
    const mine = await quoteInto(f, 'reef.html', 'Oyster reefs break the force of waves.', 'Waves');
    const hand = await quoteInto(f, 'reef.html', 'Eelgrass meadows shelter juvenile fish.', 'Eelgrass');
    const handMade = hand.markdown.replace(`[${hand.label}]`, '[Smith, interview notes]');
    const handNote = await f.backend.readNote(hand.path);
    expect((await f.backend.saveNote({ path: hand.path, markdown: handMade, baseVersion: handNote.version })).status).toBe('saved');
    // Another program appends to the note; the notebook has not necessarily heard of it yet.
    const theirs = `${mine.markdown}\nAdded in another editor.\n`;
    await writeFile(path.join(f.notebookDir, mine.path), theirs);

    await writeFile(path.join(f.libraryDir, 'reef.html'), html('Living shorelines'));
    await relabelled(f, mine.path);
    const after = await onDisk(f, mine.path);
    expect(after).toBe(theirs.replace('· Reefs]', '· Living shorelines]'));
    expect(await onDisk(f, hand.path)).toBe(handMade);
  });

  it('follows a title changed while the app was closed, at the next start', async () => {
    const html = (title: string) => `<html><head><title>${title}</title></head><body><p>Mudflats feed migrating shorebirds.</p></body></html>`;
    const base = await library({ 'flats.html': html('Produced by David Widger') });
    f = await open(base);
    const a = await quoteInto(f, 'flats.html', 'Mudflats feed migrating shorebirds.', 'Birds');
    expect(a.label).toBe('¶1 · Produced by David Widger');
    await f.backend.close();
    await writeFile(path.join(base, 'library', 'flats.html'), html('Shorebird flyways'));
    f = await open(base);
    expect(labelIn(await onDisk(f, a.path), a.quote.id)).toBe('¶1 · Shorebird flyways');
  });
});
