/**
 * The reader's links and keyboard selection in jsdom: a wikilink opens the source it names or
 * searches for its tag, an external link opens outside the app (never inside it), and a passage
 * focused from the keyboard selects its text for the "Quote to note" toolbar.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceDoc } from '../../main/common/contract';
import { Reader } from '../../renderer/src/reader/reader';
import { findLinkedSource, headingOffset, wikilinkQuery } from '../../renderer/src/reader/link-targets';
import { fakeApi, seedDoc, tick, type FakeApi } from './app-fake-api';
import { mountReader } from './mount-reader';

const BOOK = '003_c38cac0ff9cc0db6.txt';
const OTHER = '000_fc16814f2607de2a.txt';

/** A small Markdown source written for a test. */
function markdownDoc(id: string, title: string, text: string): SourceDoc {
  const blocks = [...text.matchAll(/[^\n]+(?:\n[^\n]+)*/g)].map((m) => ({ kind: 'paragraph' as const, start: m.index!, end: m.index! + m[0].length }));
  return {
    id, path: `${id}.md`, folder: 0, title, format: 'markdown', contentHash: `hash-${id}`, bytes: text.length,
    passageCount: blocks.length, modified: 0, text, outline: [], blocks, passages: [],
  };
}

function link(reader: Reader, name: string): HTMLElement {
  const found = [...reader.element.querySelectorAll<HTMLElement>('[role="link"]')].find((l) => l.getAttribute('aria-label') === name);
  if (!found) throw new Error(`no link named ${name}`);
  return found;
}

function press(el: Element, key: string, mods: Partial<KeyboardEventInit> = {}) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods }));
}

describe('where a wikilink leads', () => {
  const sources = [
    { id: 'a', title: 'Claude', path: 'models/anthropic.md' },
    { id: 'b', title: 'Notes on models', path: 'models/Claude.md' },
    { id: 'c', title: 'Untitled', path: 'press/Amazon  Echo review.txt' },
  ];
  for (const [target, id] of [
    ['claude', 'a'], // a title wins over a file name
    ['anthropic', 'a'], // file name without its extension
    ['Claude.md', 'b'], // file name with it
    ['amazon echo REVIEW', 'c'], // case and runs of white space do not matter
    ['Mistral', undefined],
  ] as const) {
    it(`leads [[${target}]] to ${id ?? 'no source'}`, () => {
      expect(findLinkedSource(sources, target)?.id).toBe(id);
    });
  }

  it('finds a named heading in the outline and quotes the search for a missing target', () => {
    expect(headingOffset([{ text: 'Intro', start: 0 }, { text: 'The  Bedrock pivot', start: 120 }], 'the bedrock PIVOT')).toBe(120);
    expect(headingOffset([{ text: 'Intro', start: 0 }], 'Sales')).toBeUndefined();
    expect(wikilinkQuery('Say "hi"')).toBe('tag:"Say hi"');
  });
});

describe('links in the reader', () => {
  beforeEach(() => { document.body.innerHTML = ''; });

  it('opens the source a wikilink names by its title, ignoring case', async () => {
    const echo = { ...(await seedDoc(OTHER, 'echo')), title: 'amazon ECHO' };
    const api = fakeApi([(await seedDoc(BOOK)), echo]);
    const { reader } = mountReader(api);
    await reader.open(BOOK);
    link(reader, 'Amazon Echo').click();
    await tick(20);
    expect(reader.currentSource?.id).toBe('echo');
  });

  it('opens the source a wikilink names by its file name, from the keyboard', async () => {
    const gpt = { ...(await seedDoc(OTHER, 'gpt')), title: 'Generative models', path: 'ai/GPT.txt' };
    const api = fakeApi([(await seedDoc(BOOK)), gpt]);
    const { reader } = mountReader(api);
    await reader.open(BOOK);
    const el = link(reader, 'GPT');
    expect(el.tabIndex).toBe(0);
    press(el, 'Enter');
    await tick(20);
    expect(reader.currentSource?.id).toBe('gpt');
  });

  it('searches for tag:"Target" when no source answers to a wikilink', async () => {
    const api = fakeApi();
    const queries: string[] = [];
    const { reader } = mountReader(api, (q) => queries.push(q));
    await reader.open(BOOK);
    link(reader, 'Amazon Bedrock').click();
    await tick(20);
    expect(queries).toEqual(['tag:"Amazon Bedrock"']);
    expect(reader.currentSource?.id).toBe(BOOK);
  });

  it('says what to search for when the app gave it no way to search', async () => {
    const { reader, messages } = mountReader(fakeApi());
    await reader.open(BOOK);
    link(reader, 'ChatGPT').click();
    await tick(20);
    expect(messages.at(-1)).toContain('tag:"ChatGPT"');
  });

  it('opens an http(s) link in a new browsing context without an opener, and never a file: link', async () => {
    const doc = markdownDoc('links', 'Links', 'Read [the post](https://example.org/a_b) or [the file](file:///etc/passwd).');
    const { reader } = mountReader(fakeApi([doc]));
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    try {
      await reader.open('links');
      const post = link(reader, 'the post');
      expect(post.textContent).toBe('[the post](https://example.org/a_b)');
      post.click();
      expect(open).toHaveBeenCalledWith('https://example.org/a_b', '_blank', 'noopener,noreferrer');
      const file = reader.element.querySelector<HTMLElement>('.md-link-inert')!;
      expect(file.getAttribute('role')).toBeNull();
      expect(file.title).toBe('file:///etc/passwd');
      file.click();
      expect(open).toHaveBeenCalledTimes(1);
    } finally {
      open.mockRestore();
    }
  });

  it('does not follow a link when the click ends a selection', async () => {
    const api = fakeApi();
    const queries: string[] = [];
    const { reader } = mountReader(api, (q) => queries.push(q));
    await reader.open(BOOK);
    const el = link(reader, 'Amazon Bedrock');
    const text = el.querySelector('.syntax')!.nextSibling!;
    window.getSelection()!.setBaseAndExtent(text, 0, text, 6);
    el.click();
    await tick(20);
    expect(queries).toEqual([]);
    window.getSelection()!.removeAllRanges();
  });
});

/** The seed with its numbered lines as list items, as the backend reads them. */
function withListItems(doc: SourceDoc): SourceDoc {
  const blocks = doc.blocks.map((b) => (/^\d+\. /.test(doc.text.slice(b.start, b.end)) ? { ...b, kind: 'list-item' as const } : b));
  return { ...doc, blocks };
}

describe('selecting with the keyboard', () => {
  let api: FakeApi;
  beforeEach(async () => { document.body.innerHTML = ''; api = fakeApi([withListItems(await seedDoc(BOOK))]); });
  afterEach(() => { window.getSelection()?.removeAllRanges(); });

  function passage(reader: Reader, starting: string): HTMLElement {
    const found = [...reader.element.querySelectorAll<HTMLElement>('.blk')].find((b) => b.textContent!.startsWith(starting));
    if (!found) throw new Error(`no passage starts with ${starting}`);
    return found;
  }

  it('moves between passages with the arrow keys, one tab stop at a time', async () => {
    const { reader } = mountReader(api);
    await reader.open(BOOK);
    const first = passage(reader, 'The strategy was clever:');
    first.focus();
    press(first, 'ArrowDown');
    const next = document.activeElement as HTMLElement;
    expect(next.textContent).toMatch(/^1\. \*\*Let others/);
    expect(next.tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
    press(next, 'ArrowUp');
    expect(document.activeElement).toBe(first);
  });

  it('selects a focused passage without its list marker on Enter, and quotes its words without their emphasis markers', async () => {
    const { reader, notes } = mountReader(api);
    await reader.open(BOOK);
    const item = passage(reader, '1. **Let others');
    item.focus();
    press(item, 'Enter');
    const doc = api.docs[0]!;
    const lineEnd = doc.text.indexOf('\n', doc.text.indexOf('1. **Let others'));
    const expected = doc.text.slice(doc.text.indexOf('**Let others'), lineEnd);
    expect(window.getSelection()!.toString()).toBe(expected);
    expect(reader.selectedRange).toEqual({ start: doc.text.indexOf('**Let others'), end: lineEnd });
    document.dispatchEvent(new Event('selectionchange'));
    const quote = [...reader.element.querySelectorAll<HTMLButtonElement>('.sel-toolbar button')].find((b) => b.textContent === 'Quote to note');
    expect(quote, 'the toolbar offers "Quote to note" for a keyboard selection').toBeTruthy();
    press(item, 'Tab');
    expect(document.activeElement?.closest('.sel-toolbar')).toBeTruthy();
    quote!.click();
    await tick(20);
    const inserted = notes.controller.log.filter((l) => l.call === 'insertQuote').at(-1)?.args[0] as { text: string } | undefined;
    // The note gets the words as shown; the annotation keeps the exact characters it covers.
    expect(inserted?.text).toBe(expected.replace(/\*\*/g, ''));
    expect(inserted?.text).not.toContain('**');
  });

  it('grows a selection by words and sentences with Shift+arrows, and moves its start with Alt', async () => {
    const { reader } = mountReader(api);
    await reader.open(BOOK);
    const item = passage(reader, '1. **Let others');
    item.focus();
    press(item, 'ArrowRight', { shiftKey: true });
    press(item, 'ArrowRight', { shiftKey: true });
    expect(window.getSelection()!.toString()).toBe('**Let others');
    press(item, 'ArrowDown', { shiftKey: true });
    expect(window.getSelection()!.toString()).toBe('**Let others do the hard research.**');
    press(item, 'ArrowRight', { shiftKey: true, altKey: true });
    expect(window.getSelection()!.toString()).toBe('others do the hard research.**');
    press(item, 'ArrowLeft', { shiftKey: true });
    expect(window.getSelection()!.toString()).toBe('others do the hard');
  });
});
