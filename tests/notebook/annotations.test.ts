import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { openNotebook, type Notebook, type NotebookBackendEvent } from '../../main/node/notebook';
import { createHash } from 'node:crypto';

/** The content hash as the W3C selectors and snapshots define it, computed here independently. */
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
import { FakeSources, readSeed, spanOf, tempDir } from './helpers';

const SOURCE = 'amazon-ai.md';
const QUOTE = 'Shopping by voice sounds futuristic until you try to buy pants without seeing them.';

let root: string;
let sources: FakeSources;
let notebook: Notebook;
let seed: string;
let events: NotebookBackendEvent[];

beforeEach(async () => {
  root = await tempDir('sb-annotations-');
  seed = await readSeed('confession');
  sources = new FakeSources();
  sources.set(SOURCE, seed, 'Amazon AI: The $8 Billion Confession of Failure');
  notebook = await openNotebook(root, sources, { watch: false });
  events = [];
  notebook.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await notebook.close();
  await fsp.rm(root, { recursive: true, force: true });
});

async function quote(exact = QUOTE, kind: 'quote' | 'highlight' = 'quote') {
  return notebook.createAnnotation({ kind, sourceId: SOURCE, ...spanOf(seed, exact) });
}

async function noteQuoting(title: string, id: string, exact: string) {
  const note = await notebook.createNote(title);
  const markdown = `# ${title}\n\n${quoteToMarkdown({ annotationId: id, text: exact, label: 'Amazon AI · The Alexa Delusion' })}\n`;
  await notebook.saveNote({ path: note.path, markdown, baseVersion: note.version });
  return note.path;
}

describe('making an annotation', () => {
  it('stores a W3C Web Annotation with quote and position selectors and at least 32 characters of context', async () => {
    const a = await quote();
    expect(a.quote.exact).toBe(QUOTE);
    expect(a.quote.prefix.length).toBeGreaterThanOrEqual(32);
    expect(a.quote.suffix.length).toBeGreaterThanOrEqual(32);
    expect(seed.slice(a.position.start - a.quote.prefix.length, a.position.end + a.quote.suffix.length)).toBe(a.quote.prefix + QUOTE + a.quote.suffix);
    expect(a.anchor).toMatchObject({ status: 'exact', start: a.position.start, end: a.position.end });
    expect(a.color).toBe('claim');

    const stored = JSON.parse(await fsp.readFile(path.join(root, '.sourcebook', 'annotations', `${a.id}.json`), 'utf8'));
    expect(stored['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(stored.type).toBe('Annotation');
    expect(stored.target.selector.map((s: { type: string }) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    expect(stored.sourcebook.contentHash).toBe(sha256Hex(seed));
  });

  it('keeps one snapshot of the source text as quoted, however many quotes were made on it', async () => {
    await quote();
    await quote('It never happened.', 'highlight');
    const snapshots = await fsp.readdir(path.join(root, '.sourcebook', 'snapshots'));
    expect(snapshots).toEqual([`${sha256Hex(seed)}.txt`]);
    expect(await fsp.readFile(path.join(root, '.sourcebook', 'snapshots', snapshots[0]!), 'utf8')).toBe(seed);
  });

  it('refuses spans outside the source and colours that do not exist', async () => {
    await expect(notebook.createAnnotation({ kind: 'highlight', sourceId: SOURCE, start: 0, end: seed.length + 1 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(notebook.createAnnotation({ kind: 'highlight', sourceId: 'nope.md', start: 0, end: 5 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(notebook.createAnnotation({ kind: 'highlight', sourceId: SOURCE, start: 0, end: 5, color: 'purple-ish' })).rejects.toThrow(/claim, evidence, question, idea/);
  });

  it('survives a restart: annotations, comments and colours are read back from disk', async () => {
    const a = await quote();
    await notebook.setColors([{ name: 'evidence', color: '#00AA00' }, { name: 'counterpoint', color: '#aa0000' }]);
    await notebook.updateAnnotation(a.id, { color: 'counterpoint', comment: 'Is this fair to Alexa?' });
    await notebook.close();
    const reopened = await openNotebook(root, sources, { watch: false });
    expect(await reopened.getColors()).toEqual([{ name: 'evidence', color: '#00aa00' }, { name: 'counterpoint', color: '#aa0000' }]);
    expect(await reopened.getAnnotation(a.id)).toMatchObject({ color: 'counterpoint', comment: 'Is this fair to Alexa?', quote: { exact: QUOTE } });
  });
});

describe('quotes in notes', () => {
  it('lists the notes that quote an annotation and the sources a note quotes', async () => {
    const a = await quote();
    const b = await quote('It never happened.');
    const notePath = await noteQuoting('Voice commerce', a.id, QUOTE);
    const note = await notebook.readNote(notePath);
    await notebook.saveNote({ path: notePath, markdown: `${note.markdown}\n${quoteToMarkdown({ annotationId: b.id, text: 'It never happened.', label: 'Amazon AI' })}\n`, baseVersion: note.version });

    expect((await notebook.getAnnotation(a.id)).quotedBy).toEqual([{ path: 'Voice commerce.md', title: 'Voice commerce' }]);
    expect(await notebook.getNoteLinks(notePath)).toMatchObject({
      quotedSources: [{ sourceId: SOURCE, title: 'Amazon AI: The $8 Billion Confession of Failure', quotes: 2 }],
    });
    await notebook.deleteNote(notePath);
    expect((await notebook.getAnnotation(a.id)).quotedBy).toEqual([]);
  });
});

describe('when the source is edited', () => {
  const editAround = (text: string) => text
    .replace('## The Alexa Delusion\n', '## The Alexa Delusion\n\nA new opening paragraph, inserted by the author in a later revision, pushes everything down.\n')
    .replace('launched in November 2014 to surprising success', 'launched in late 2014 to a success nobody expected')
    .replace('Domino\'s Pizza integration', 'The Domino\'s Pizza skill');

  it('re-anchors a quote after words changed nearby and a paragraph was inserted above, and updates its selectors', async () => {
    const a = await quote();
    const edited = editAround(seed);
    expect(edited).not.toBe(seed);
    sources.set(SOURCE, edited, 'Amazon AI: The $8 Billion Confession of Failure');
    await notebook.annotations.reanchorSource(SOURCE);

    const now = await notebook.getAnnotation(a.id);
    expect(now.anchor?.status).toMatch(/exact|moved/);
    expect(edited.slice(now.anchor!.start, now.anchor!.end)).toBe(QUOTE);
    expect(now.position.start).toBe(edited.indexOf(QUOTE));
    expect(now.contentHash).toBe(sha256Hex(edited));
    expect(now.currentText).toBeUndefined();
    expect(await fsp.readFile(path.join(root, '.sourcebook', 'snapshots', `${sha256Hex(edited)}.txt`), 'utf8')).toBe(edited);
    expect(await notebook.listReview()).toEqual([]);
    expect((await notebook.checkQuotes()).items).toMatchObject([{ annotationId: a.id, state: 'moved' }]);
  });

  /** A two-sentence quote, quoted by a note, whose source then had a word of it changed. */
  async function driftedQuote() {
    const long = 'Shopping by voice sounds futuristic until you try to buy pants without seeing them. Skills (Alexa\'s version of apps) numbered in the hundreds of thousands';
    const a = await quote(long);
    await noteQuoting('Skills', a.id, long);
    const edited = seed.replace('try to buy pants without seeing them', 'try to buy trousers without seeing them');
    sources.set(SOURCE, edited);
    await notebook.annotations.reanchorSource(SOURCE);
    return { a, long, edited };
  }

  it('reports drift when the quoted words themselves changed, and updates the quote on request', async () => {
    const { a, long, edited } = await driftedQuote();

    const drifted = await notebook.getAnnotation(a.id);
    expect(drifted.anchor?.status).toBe('fuzzy');
    expect(drifted.currentText).toContain('trousers');
    expect(drifted.quote.exact).toBe(long); // still cited as quoted
    expect((await notebook.checkQuotes()).items).toMatchObject([{ annotationId: a.id, state: 'drifted', notes: ['Skills.md'] }]);

    const updated = await notebook.updateAnnotation(a.id, { relocate: { sourceId: SOURCE, start: drifted.anchor!.start, end: drifted.anchor!.end } });
    expect(updated.quote.exact).toContain('trousers');
    expect(updated.currentText).toBeUndefined();
    // The note still holds the old words: for it the quote has drifted until it says the new ones.
    expect((await notebook.checkQuotes()).items).toMatchObject([{ annotationId: a.id, state: 'drifted' }]);
    const note = await notebook.readNote('Skills.md');
    await notebook.saveNote({ path: note.path, markdown: note.markdown.replace(long.replace(/\s+/g, ' '), updated.quote.exact).replace(long, updated.quote.exact), baseVersion: note.version });
    expect((await notebook.checkQuotes()).counts).toMatchObject({ drifted: 0 });
  });

  it('tells a quote kept as cited after an Accept from an intact one, in Check quotes and in the annotation, across a restart', async () => {
    const { a } = await driftedQuote();
    const drifted = await notebook.getAnnotation(a.id);
    // Accept the new place (the note keeps the old words), then keep the old words as cited.
    await notebook.updateAnnotation(a.id, { relocate: { sourceId: SOURCE, start: drifted.anchor!.start, end: drifted.anchor!.end } });
    const kept = await notebook.updateAnnotation(a.id, { keepAsCited: true });
    expect(kept.keptAsCited).toBe(true);
    expect((await notebook.checkQuotes()).items).toMatchObject([{ annotationId: a.id, state: 'kept-as-cited' }]);
    await notebook.close();
    notebook = await openNotebook(root, sources, { watch: false });
    expect((await notebook.getAnnotation(a.id)).keptAsCited).toBe(true);
    expect((await notebook.checkQuotes()).items).toMatchObject([{ annotationId: a.id, state: 'kept-as-cited' }]);
  });

  it('keeps a drifted quote as cited across a restart, and shows drift again after a further edit of the source', async () => {
    const { a, long, edited } = await driftedQuote();
    expect((await notebook.getAnnotation(a.id)).currentText).toContain('trousers');

    const kept = await notebook.updateAnnotation(a.id, { keepAsCited: true });
    expect(kept.quote.exact).toBe(long); // still cited as quoted
    expect(kept.anchor?.status).toBe('fuzzy');
    expect(kept.currentText).toBeUndefined();
    expect(kept.diff).toBeUndefined();
    expect((await notebook.checkQuotes()).counts).toMatchObject({ drifted: 0, orphaned: 0 });

    await notebook.close();
    notebook = await openNotebook(root, sources, { watch: false });
    expect((await notebook.getAnnotation(a.id)).currentText).toBeUndefined();
    expect((await notebook.listAnnotations()).find((x) => x.id === a.id)?.currentText).toBeUndefined();

    const again = edited.replace('numbered in the hundreds of thousands', 'numbered in the tens of thousands');
    sources.set(SOURCE, again);
    await notebook.annotations.reanchorSource(SOURCE);
    const drifted = await notebook.getAnnotation(a.id);
    expect(drifted.currentText).toContain('tens of thousands');
    expect(drifted.diff?.some((op) => op.op !== 'equal')).toBe(true);
    expect((await notebook.checkQuotes()).items).toMatchObject([{ annotationId: a.id, state: 'drifted' }]);
  });

  it('refuses to keep a quote as cited when its source is gone, and changes nothing', async () => {
    const a = await quote();
    sources.texts.delete(SOURCE);
    await expect(notebook.updateAnnotation(a.id, { keepAsCited: true })).rejects.toThrow(/gone/);
    const file = await fsp.readFile(path.join(root, '.sourcebook', 'annotations', `${a.id}.json`), 'utf8');
    expect(file).not.toContain('keptAsCitedHash');
  });

  it('puts a quote whose passage was deleted on the review list, with its old context, and never places it silently', async () => {
    const a = await quote();
    const paragraph = seed.split('\n').find((line) => line.includes(QUOTE))!;
    const edited = seed.replace(paragraph + '\n\n', '');
    sources.set(SOURCE, edited);
    await notebook.annotations.reanchorSource(SOURCE);

    const [item, ...rest] = await notebook.listReview();
    expect(rest).toEqual([]);
    expect(item!.annotation.id).toBe(a.id);
    expect(item!.annotation.anchor).toBeNull();
    expect(item!.oldContext.exact).toBe(QUOTE);
    expect(item!.oldContext.before).toContain('Voice interfaces are great for timers');
    expect(events).toContainEqual(expect.objectContaining({ type: 'annotations-changed', review: 1 }));
    expect((await notebook.getAnnotation(a.id)).anchor).toBeNull();
    expect((await notebook.checkQuotes()).counts).toEqual({ intact: 0, moved: 0, drifted: 0, orphaned: 1, 'kept-as-cited': 0, 'needs-review': 0 });

    // The list survives a restart.
    const reopened = await openNotebook(root, sources, { watch: false });
    expect((await reopened.listReview()).map((i) => i.annotation.id)).toEqual([a.id]);

    await notebook.keepAsOrphan(a.id);
    expect(await notebook.listReview()).toEqual([]);
    expect((await notebook.getAnnotation(a.id)).quote.exact).toBe(QUOTE);
  });

  it('lets the user accept another place or relink the quote to another source from the review list', async () => {
    const a = await quote();
    const paragraph = seed.split('\n').find((line) => line.includes(QUOTE))!;
    sources.set(SOURCE, seed.replace(paragraph + '\n\n', ''));
    await notebook.annotations.reanchorSource(SOURCE);
    expect(await notebook.listReview()).toHaveLength(1);

    sources.set('copy.md', paragraph, 'A copy of the passage');
    const relinked = await notebook.updateAnnotation(a.id, { relocate: { sourceId: 'copy.md', ...spanOf(paragraph, QUOTE) } });
    expect(relinked).toMatchObject({ sourceId: 'copy.md', sourceTitle: 'A copy of the passage', anchor: { status: 'exact' } });
    expect(await notebook.listReview()).toEqual([]);
  });

  it('offers candidate places for a reworded quote, and "Pick another" places it there', async () => {
    const a = await quote();
    const reworded = 'Shopping with your voice seems modern until you attempt buying pants without seeing them.';
    const edited = seed.replace(QUOTE, reworded);
    sources.set(SOURCE, edited);
    await notebook.annotations.reanchorSource(SOURCE);

    const [item] = await notebook.listReview();
    expect(item?.annotation.anchor).toBeNull();
    expect(['low-confidence', 'orphaned']).toContain(item!.reason);
    const best = item!.candidates[0]!;
    expect(best.text).toContain('until you attempt buying pants');
    expect(edited.slice(best.start - best.before.length, best.end + best.after.length)).toBe(best.before + best.text + best.after);

    const placed = await notebook.updateAnnotation(a.id, { relocate: { sourceId: SOURCE, start: best.start, end: best.end } });
    expect(placed.anchor).toMatchObject({ status: 'exact', start: best.start });
    expect(placed.quote.exact).toBe(best.text);
    expect(await notebook.listReview()).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'annotations-changed', review: 0 }));
  });

  it('follows a source that was renamed without changes', async () => {
    const a = await quote();
    sources.texts.delete(SOURCE);
    sources.set('renamed.md', seed, 'Renamed');
    await notebook.annotations.reanchorSource(SOURCE);
    expect(await notebook.getAnnotation(a.id)).toMatchObject({ sourceId: 'renamed.md', anchor: { start: a.position.start, status: 'exact' } });
    expect(await notebook.listReview()).toEqual([]);
  });

  it('sends a quote to the review list when its source is gone', async () => {
    const a = await quote();
    sources.texts.delete(SOURCE);
    await notebook.annotations.reanchorSource(SOURCE);
    expect(await notebook.listReview()).toMatchObject([{ reason: 'orphaned', candidates: [], annotation: { id: a.id, anchor: null } }]);
  });
});

describe('a damaged review list', () => {
  it('is set aside with its content kept, and the notebook opens with its annotations', async () => {
    const a = await quote();
    await notebook.close();
    const file = path.join(root, '.sourcebook', 'review.json');
    await fsp.writeFile(file, '{"version": 1, "items": [');
    const reopened = await openNotebook(root, sources, { watch: false });
    expect(await reopened.getAnnotation(a.id)).toMatchObject({ quote: { exact: QUOTE }, anchor: { status: 'exact' } });
    expect(await reopened.listReview()).toEqual([]);
    const kept = (await fsp.readdir(path.dirname(file))).filter((n) => n.startsWith('review.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(await fsp.readFile(path.join(path.dirname(file), kept[0]!), 'utf8')).toBe('{"version": 1, "items": [');
    await reopened.close();
  });
});
