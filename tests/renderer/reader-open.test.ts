import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLORS } from '../../main/node/notebook/colors';
import { fakeApi, tick, type FakeApi } from './app-fake-api';
import { mountReader } from './mount-reader';

const BOOK = '003_c38cac0ff9cc0db6.txt';

/** Selects `needle` inside the rendered reader, as a user dragging over it would. */
function select(root: Element, needle: string) {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root.querySelector('.reader-content')!, NodeFilter.SHOW_TEXT);
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

describe('the reader', () => {
  let api: FakeApi;
  beforeEach(() => { document.body.innerHTML = ''; api = fakeApi(); });
  afterEach(() => { window.getSelection()?.removeAllRanges(); });

  it('is a region named "Source" showing the source with its headings as headings', async () => {
    const { reader } = mountReader(api);
    await reader.open(BOOK);
    expect(reader.element.getAttribute('role')).toBe('region');
    expect(reader.element.getAttribute('aria-label')).toBe('Source');
    const headings = [...reader.element.querySelectorAll('.blk-heading')].map((h) => h.textContent);
    expect(headings).toContain('## The Alexa Delusion');
    expect(reader.element.querySelector('.reader-title')!.textContent).toBe('Amazon AI: The $8 Billion Confession of Failure');
  });

  it('opens a search hit at its passage with the matched words marked', async () => {
    const { reader } = mountReader(api);
    const doc = api.docs[0]!;
    const passage = doc.passages.find((p) => doc.text.slice(p.start, p.end).includes('Bedrock'))!;
    await reader.open(doc.id, { at: passage.start, passage, terms: ['Bedrock'] });
    const marks = [...reader.element.querySelectorAll('mark.match')];
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.textContent === 'Bedrock')).toBe(true);
  });

  it('shows existing highlights in the colour their name stands for', async () => {
    const doc = api.docs[0]!;
    const start = doc.text.indexOf('told a beautiful lie');
    await api.createAnnotation({ kind: 'highlight', sourceId: doc.id, start, end: start + 20, color: 'evidence' });
    const { reader } = mountReader(api);
    await reader.open(doc.id);
    await tick();
    const mark = reader.element.querySelector<HTMLElement>('mark.hl')!;
    expect(mark.textContent).toBe('told a beautiful lie');
    expect(mark.style.getPropertyValue('--hl')).toBe(DEFAULT_COLORS.find((c) => c.name === 'evidence')!.color);
    expect(mark.title).toBe('evidence');
  });

  it('marks each quoted passage with the notes that quote it; choosing one opens that note at the quote', async () => {
    const doc = api.docs[0]!;
    const start = doc.text.indexOf('It never happened.');
    const a = await api.createAnnotation({ kind: 'quote', sourceId: doc.id, start, end: start + 18 });
    a.quotedBy = [{ path: 'Alexa.md', title: 'Alexa' }, { path: 'Voice.md', title: 'Voice' }];
    const { reader, notes } = mountReader(api);
    await reader.open(doc.id);
    await tick();
    const marker = reader.element.querySelector<HTMLButtonElement>('button.quoted-by')!;
    expect(marker.getAttribute('aria-label')).toBe('Quoted by 2 notes');
    expect(marker.closest('.blk')!.textContent).toContain('It never happened.');
    marker.click();
    const choice = [...reader.element.querySelectorAll<HTMLButtonElement>('.quoted-by-list button')].find((b) => b.textContent === 'Voice')!;
    choice.click();
    expect(notes.controller.log).toContainEqual({ call: 'openNote', args: ['Voice.md', a.id] });
  });

  it('quotes a selection: creates a quote annotation at its exact offsets and inserts it with a locator', async () => {
    const { reader, notes } = mountReader(api);
    const doc = api.docs[0]!;
    await reader.open(doc.id);
    const sentence = 'The vision was intoxicating: a voice assistant in every room, managing your home, ordering your products, becoming the default interface between humans and the internet.';
    select(reader.element, sentence);
    const button = [...reader.element.querySelectorAll('button')].find((b) => b.textContent === 'Quote to note');
    expect(button, 'the selection toolbar offers "Quote to note"').toBeTruthy();
    button!.click();
    await tick();
    const create = api.calls.find((c) => c.method === 'createAnnotation')!.args[0] as { kind: string; start: number; end: number };
    expect(create.kind).toBe('quote');
    expect(doc.text.slice(create.start, create.end)).toBe(sentence);
    const inserted = notes.controller.log.find((l) => l.call === 'insertQuote')!.args[0] as { text: string; label: string; annotationId: string };
    expect(inserted.text).toBe(sentence);
    expect(inserted.label).toBe('The Alexa Delusion · ¶2 · Amazon AI: The $8 Billion Confession of Failure');
    expect(reader.element.querySelector('mark.hl-quote')!.textContent).toBe(sentence);
  });

  it('highlights a selection with the colour button chosen', async () => {
    const { reader } = mountReader(api);
    const doc = api.docs[0]!;
    await reader.open(doc.id);
    select(reader.element, 'Shopping by voice sounds futuristic');
    const evidence = [...reader.element.querySelectorAll<HTMLButtonElement>('.sel-toolbar button')].find((b) => b.textContent === 'evidence')!;
    evidence.click();
    await tick();
    const mark = reader.element.querySelector<HTMLElement>('mark.hl')!;
    expect(mark.textContent).toBe('Shopping by voice sounds futuristic');
    expect(mark.style.getPropertyValue('--hl')).toBe(DEFAULT_COLORS.find((c) => c.name === 'evidence')!.color);
    expect(api.annotations[0]!.kind).toBe('highlight');
  });

  it('opens an annotation at its anchor, marked and flashing', async () => {
    const doc = api.docs[0]!;
    const start = doc.text.indexOf('Let that sink in');
    const a = await api.createAnnotation({ kind: 'quote', sourceId: doc.id, start, end: start + 16 });
    const { reader } = mountReader(api);
    await reader.openAnnotation(a.id);
    await tick();
    const target = reader.element.querySelector('mark.target')!;
    expect(target.textContent).toBe('Let that sink in');
    expect(target.classList.contains('flash')).toBe(true);
  });

  it('says clearly when an annotation can no longer be found in its source', async () => {
    const doc = api.docs[0]!;
    const a = await api.createAnnotation({ kind: 'quote', sourceId: doc.id, start: 10, end: 30 });
    a.anchor = null;
    const { reader } = mountReader(api);
    await reader.openAnnotation(a.id);
    const message = reader.element.querySelector('.reader-message')!;
    expect(message.textContent).toMatch(/can no longer be found in “Amazon AI/);
    expect(reader.element.querySelector('mark.target')).toBeNull();
  });

  it('opens the text and says so when its highlights cannot be loaded', async () => {
    const damaged = new Proxy(api, {
      get: (target, name) => name === 'listAnnotations'
        ? async () => { throw new Error('the annotations file is damaged'); }
        : target[name as keyof FakeApi],
    });
    const { reader, messages } = mountReader(damaged);
    await reader.open(api.docs[0]!.id);
    await tick();
    expect(reader.element.querySelector('.blk-heading')).not.toBeNull();
    expect(messages).toContain('Could not load the highlights of this source: the annotations file is damaged');
  });

  it('asks for a selection instead of failing when there is none', async () => {
    const { reader, messages } = mountReader(api);
    await reader.open(api.docs[0]!.id);
    await reader.quoteSelection();
    expect(messages).toContain('Select some text in the source first.');
    expect(api.calls.some((c) => c.method === 'createAnnotation')).toBe(false);
  });

  it('offers the same actions on the context menu of a selection, with the keyboard focus in them', async () => {
    const { reader } = mountReader(api);
    await reader.open(api.docs[0]!.id);
    select(reader.element, 'Voice interfaces are great for timers');
    reader.element.querySelector('.sel-toolbar')?.remove(); // only the context menu should bring it back
    const scroller = reader.element.querySelector('.reader-scroll')!;
    const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 50, clientY: 50 });
    scroller.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    const toolbar = reader.element.querySelector('[role="toolbar"][aria-label="Selection"]')!;
    expect(toolbar.contains(document.activeElement)).toBe(true);
    expect([...toolbar.querySelectorAll('button')].some((b) => b.textContent === 'Quote to note')).toBe(true);
  });

  it('stores a comment typed in the toolbar with the highlight', async () => {
    const { reader } = mountReader(api);
    await reader.open(api.docs[0]!.id);
    select(reader.element, 'Domino\'s Pizza integration sounded clever');
    reader.commentSelection();
    const comment = document.activeElement as HTMLInputElement;
    expect(comment.getAttribute('aria-label')).toBe('Comment');
    comment.value = 'a telling example';
    const question = [...reader.element.querySelectorAll<HTMLButtonElement>('.sel-toolbar button')].find((b) => b.textContent === 'question')!;
    question.click();
    await tick();
    expect(api.annotations[0]).toMatchObject({ kind: 'highlight', color: 'question', comment: 'a telling example' });
    expect(reader.element.querySelector<HTMLElement>('mark.hl')!.title).toBe('question: a telling example');
  });

  it('keeps the reader selection for a quote requested from elsewhere (the note editor, the palette)', async () => {
    const { reader, notes } = mountReader(api);
    await reader.open(api.docs[0]!.id);
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
    const inserted = notes.controller.log.find((l) => l.call === 'insertQuote')!.args[0] as { text: string };
    expect(inserted.text).toBe('They tried display ads on Echo Show devices.');
  });

  it('recolours and deletes an existing highlight from the panel a click on it opens', async () => {
    const doc = api.docs[0]!;
    const start = doc.text.indexOf('almost nobody used them');
    await api.createAnnotation({ kind: 'highlight', sourceId: doc.id, start, end: start + 23, color: 'claim' });
    const { reader } = mountReader(api);
    await reader.open(doc.id);
    await tick();
    (reader.element.querySelector('mark.hl') as HTMLElement).click();
    const panel = reader.element.querySelector('[role="group"][aria-label="Highlight"]')!;
    [...panel.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'question')!.click();
    await tick();
    expect(reader.element.querySelector<HTMLElement>('mark.hl')!.title).toBe('question');

    (reader.element.querySelector('mark.hl') as HTMLElement).click();
    const again = reader.element.querySelector('[role="group"][aria-label="Highlight"]')!;
    [...again.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Delete highlight')!.click();
    await tick();
    expect(reader.element.querySelector('mark.hl')).toBeNull();
    expect(api.annotations).toHaveLength(0);
  });
});
