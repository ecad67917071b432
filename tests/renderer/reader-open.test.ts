/**
 * The reader on the real backend: the sample article parsed in the index worker, highlights and
 * quotes stored in a real notebook, "quoted by" from real notes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { DEFAULT_COLORS } from '../../main/node/notebook/colors';
import { allByRole, byRole, getByRole } from '../support/roles';
import { mountReader, unmountReaders } from './mount-reader';

const BOOK = '003_c38cac0ff9cc0db6.txt';
const TITLE = 'Amazon AI: The $8 Billion Confession of Failure';

/** Selects `needle` inside the rendered reader, as a user dragging over it would. */
function select(root: Element, needle: string) {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const node = nodes.find((n) => n.data.includes(needle));
  if (!node) throw new Error(`"${needle}" is not rendered in one node`);
  const at = node.data.indexOf(needle);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + needle.length);
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
  document.dispatchEvent(new Event('selectionchange'));
}

/** The highlights shown: marks named by their colour (and comment); matches and the target have no name. */
const highlights = (root: Element) => allByRole(root, 'mark', /./);
/** The passage the reader was asked to show. */
const target = (root: Element) => allByRole(root, 'mark').find((m) => m.getAttribute('aria-current') === 'location');
const toolbar = (root: Element) => getByRole(root, 'toolbar', 'Selection');
const colour = (name: string) => DEFAULT_COLORS.find((c) => c.name === name)!.color;

afterEach(async () => {
  window.getSelection()?.removeAllRanges();
  await unmountReaders();
});

describe('the reader', () => {
  it('is a region named "Source" showing the source with its headings as headings', async () => {
    const { reader } = await mountReader();
    await reader.open(BOOK);
    expect(getByRole(document, 'region', 'Source')).toBe(reader.element);
    const headings = allByRole(reader.element, 'heading').map((h) => h.textContent);
    expect(headings[0]).toBe(TITLE);
    expect(headings).toContain('## The Alexa Delusion');
  });

  it('opens a search hit at its passage with the matched words marked', async () => {
    const { real, reader } = await mountReader();
    const hit = (await real.api.search('Bedrock')).hits.find((h) => h.sourceId === BOOK)!;
    const doc = await real.api.getSource(BOOK);
    const passage = doc.passages.find((p) => p.start <= hit.start && hit.start < p.end)!;
    await reader.open(BOOK, { at: passage.start, passage, terms: hit.terms });
    // Nothing else is marked here: no highlights, and the matches stand in for the passage's target.
    const marks = allByRole(reader.element, 'mark');
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.textContent === 'Bedrock')).toBe(true);
    expect(highlights(reader.element)).toEqual([]);
    expect(target(reader.element)).toBeUndefined();
  });

  it('shows existing highlights in the colour their name stands for', async () => {
    const { real, reader } = await mountReader();
    const { text } = await real.backend.getSource(BOOK);
    const start = text.indexOf('told a beautiful lie');
    await real.backend.createAnnotation({ kind: 'highlight', sourceId: BOOK, start, end: start + 20, color: 'evidence' });
    await reader.open(BOOK);
    await real.idle();
    const [mark] = highlights(reader.element);
    expect(mark!.textContent).toBe('told a beautiful lie');
    expect(mark!.style.getPropertyValue('--hl')).toBe(colour('evidence'));
    expect(mark!.title).toBe('evidence');
  });

  it('marks each quoted passage with the notes that quote it; choosing one opens that note at the quote', async () => {
    const { real, reader, asked } = await mountReader();
    const a = await real.quote(BOOK, 'It never happened.');
    const block = quoteToMarkdown({ annotationId: a.id, text: a.quote.exact, label: 'Amazon AI' });
    await real.writeNoteOutside('Alexa.md', `${block}\n`);
    await real.writeNoteOutside('Voice.md', `# Voice\n\n${block}\n`);
    await reader.open(BOOK);
    await real.idle();
    const marker = getByRole<HTMLButtonElement>(reader.element, 'button', 'Quoted by 2 notes');
    expect(marker.closest('[tabindex]')!.textContent).toContain('It never happened.');
    marker.click();
    getByRole(reader.element, 'button', 'Voice').click();
    expect(asked.openNote).toEqual([['Voice.md', a.id]]);
  });

  it('quotes a selection: creates a quote annotation at its exact offsets and inserts it with a locator', async () => {
    const { real, reader, asked } = await mountReader();
    await reader.open(BOOK);
    const sentence = 'The vision was intoxicating: a voice assistant in every room, managing your home, ordering your products, becoming the default interface between humans and the internet.';
    select(reader.element, sentence);
    getByRole(toolbar(reader.element), 'button', /^Quote to note/).click();
    await real.idle();
    const [stored] = await real.backend.listAnnotations({ sourceId: BOOK });
    expect(stored).toMatchObject({ kind: 'quote', quote: { exact: sentence } });
    expect((await real.backend.getSource(BOOK)).text.slice(stored!.position.start, stored!.position.end)).toBe(sentence);
    expect(asked.insertQuote).toEqual([{ annotationId: stored!.id, text: sentence, label: `The Alexa Delusion · ¶2 · ${TITLE}` }]);
    const [quoted, ...others] = highlights(reader.element);
    expect(others).toEqual([]);
    expect(quoted!.textContent).toBe(sentence);
    expect(quoted!.title).toBe(stored!.color);
  });

  it('highlights a selection with the colour button chosen', async () => {
    const { real, reader } = await mountReader();
    await reader.open(BOOK);
    select(reader.element, 'Shopping by voice sounds futuristic');
    getByRole(toolbar(reader.element), 'button', 'evidence').click();
    await real.idle();
    const [mark] = highlights(reader.element);
    expect(mark!.textContent).toBe('Shopping by voice sounds futuristic');
    expect(mark!.style.getPropertyValue('--hl')).toBe(colour('evidence'));
    expect(await real.backend.listAnnotations({ sourceId: BOOK })).toMatchObject([{ kind: 'highlight', color: 'evidence', quote: { exact: 'Shopping by voice sounds futuristic' } }]);
  });

  it('opens an annotation at its anchor, marked and flashing', async () => {
    const { real, reader } = await mountReader();
    const a = await real.quote(BOOK, 'Let that sink in');
    await reader.openAnnotation(a.id);
    await real.idle();
    const shown = target(reader.element)!;
    expect(shown.textContent).toBe('Let that sink in');
    expect(shown.classList.contains('flash')).toBe(true); // purely visual: the flash is an animation
  });

  it('keeps the quote it was asked to show marked when the library names the source again with its text unchanged', async () => {
    const { real, reader } = await mountReader();
    const a = await real.quote(BOOK, 'Let that sink in');
    await reader.openAnnotation(a.id);
    await real.idle();
    expect(target(reader.element)?.textContent).toBe('Let that sink in');
    // What the app does on library-changed naming it: the first index of a new library names every source.
    const since = real.calls.length;
    await reader.reloadSource(BOOK);
    await real.idle();
    expect(real.count('getSource', since)).toBe(1); // read again, to see whether it changed
    expect(target(reader.element)?.textContent).toBe('Let that sink in');
  });

  it('shows a source again when the library names it with new text, where the reader was', async () => {
    const { real, reader } = await mountReader();
    await reader.open(BOOK);
    await real.idle();
    await real.editSource(BOOK, (t) => `${t}\n\nA paragraph added at the end.\n`);
    await reader.reloadSource(BOOK);
    await real.idle();
    expect(allByRole(reader.element, 'paragraph').some((p) => p.textContent === 'A paragraph added at the end.')).toBe(true);
  });

  it('says clearly when an annotation can no longer be found in its source', async () => {
    const { real, reader } = await mountReader();
    const sentence = 'Let that sink in: Amazon was hemorrhaging billions annually on a voice assistant that couldn\'t figure out how to make money.';
    const a = await real.quote(BOOK, sentence);
    await real.editSource(BOOK, (t) => t.replace(sentence, ''));
    expect((await real.backend.getAnnotation(a.id)).anchor).toBeNull();
    await reader.openAnnotation(a.id);
    const message = allByRole(reader.element, 'status').find((s) => /can no longer be found/.test(s.textContent ?? ''));
    expect(message?.textContent).toMatch(/can no longer be found in “Amazon AI/);
    expect(target(reader.element)).toBeUndefined();
  });

  it('opens the text and says so when its highlights cannot be loaded', async () => {
    const { real, reader, messages } = await mountReader();
    real.failNext('listAnnotations', 'the annotations file is damaged');
    await reader.open(BOOK);
    await real.idle();
    expect(allByRole(reader.element, 'heading').length).toBeGreaterThan(1);
    expect(messages).toContain('Could not load the highlights of this source: the annotations file is damaged');
  });

  it('asks for a selection instead of failing when there is none', async () => {
    const { real, reader, messages } = await mountReader();
    await reader.open(BOOK);
    await reader.quoteSelection();
    expect(messages).toContain('Select some text in the source first.');
    expect(real.count('createAnnotation')).toBe(0);
  });

  it('offers the same actions on the context menu of a selection, with the keyboard focus in them', async () => {
    const { reader } = await mountReader();
    await reader.open(BOOK);
    select(reader.element, 'Voice interfaces are great for timers');
    byRole(reader.element, 'toolbar', 'Selection')?.remove(); // only the context menu should bring it back
    const passage = [...reader.element.querySelectorAll<HTMLElement>('[tabindex]')].find((b) => b.textContent?.includes('Voice interfaces are great'))!;
    const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 50, clientY: 50 });
    passage.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(toolbar(reader.element).contains(document.activeElement)).toBe(true);
    expect(byRole(toolbar(reader.element), 'button', /^Quote to note/)).toBeTruthy();
  });

  it('stores a comment typed in the toolbar with the highlight', async () => {
    const { real, reader } = await mountReader();
    await reader.open(BOOK);
    select(reader.element, 'Domino\'s Pizza integration sounded clever');
    reader.commentSelection();
    const comment = document.activeElement as HTMLInputElement;
    expect(comment).toBe(getByRole(toolbar(reader.element), 'textbox', 'Comment'));
    comment.value = 'a telling example';
    getByRole(toolbar(reader.element), 'button', 'question').click();
    await real.idle();
    expect(await real.backend.listAnnotations({ sourceId: BOOK })).toMatchObject([{ kind: 'highlight', color: 'question', comment: 'a telling example' }]);
    expect(highlights(reader.element)[0]!.title).toBe('question: a telling example');
  });

  it('keeps the reader selection for a quote requested from elsewhere (the note editor, the palette)', async () => {
    const { reader, asked } = await mountReader();
    await reader.open(BOOK);
    select(reader.element, 'They tried display ads on Echo Show devices.');
    const elsewhere = document.createElement('input');
    document.body.appendChild(elsewhere);
    elsewhere.focus();
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    const r = document.createRange();
    r.setStart(elsewhere, 0);
    sel.addRange(r);
    document.dispatchEvent(new Event('selectionchange'));
    await reader.quoteSelection();
    elsewhere.remove();
    expect(asked.insertQuote.map((q) => q.text)).toEqual(['They tried display ads on Echo Show devices.']);
  });

  it('recolours and deletes an existing highlight from the panel a click on it opens', async () => {
    const { real, reader } = await mountReader();
    await real.quote(BOOK, 'almost nobody used them', 'highlight');
    await reader.open(BOOK);
    await real.idle();
    highlights(reader.element)[0]!.click();
    getByRole(getByRole(reader.element, 'group', 'Highlight'), 'button', 'question').click();
    await real.idle();
    expect(highlights(reader.element)[0]!.title).toBe('question');
    expect((await real.backend.listAnnotations({ sourceId: BOOK }))[0]!.color).toBe('question');

    highlights(reader.element)[0]!.click();
    getByRole(getByRole(reader.element, 'group', 'Highlight'), 'button', 'Delete highlight').click();
    await real.idle();
    expect(highlights(reader.element)).toEqual([]);
    expect(await real.backend.listAnnotations({ sourceId: BOOK })).toEqual([]);
  });
});
