/**
 * The reader's links and keyboard selection in jsdom, on the real backend: a wikilink opens the
 * source it names or searches for its tag, an external link opens outside the app (never inside
 * it), and a passage focused from the keyboard selects its text for the "Quote to note" toolbar.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Reader } from '../../renderer/src/reader/reader';
import { findLinkedSource, headingOffset, wikilinkQuery } from '../../renderer/src/reader/link-targets';
import { allByRole, byRole, getByRole } from '../support/roles';
import { until } from '../support/until';
import { mountReader, unmountReaders } from './mount-reader';

const BOOK = '003_c38cac0ff9cc0db6.txt';

afterEach(async () => {
  window.getSelection()?.removeAllRanges();
  await unmountReaders();
});

/** The first link of that name in the source (a source may link one target more than once). */
function link(reader: Reader, name: string): HTMLElement {
  const found = allByRole(reader.element, 'link', name)[0];
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
  it('opens the source a wikilink names by its title, ignoring case', async () => {
    const { real, reader } = await mountReader({ sources: { 'echo.md': '# amazon ECHO\n\nThe speaker that started it.\n' } });
    await reader.open(BOOK);
    link(reader, 'Amazon Echo').click();
    await until(() => reader.currentSource?.id === 'echo.md', 'the linked source to open', 10_000, 10);
    await real.idle();
    expect(allByRole(reader.element, 'heading')[0]!.textContent).toBe('amazon ECHO');
  });

  it('opens the source a wikilink names by its file name, from the keyboard', async () => {
    const { reader } = await mountReader({ sources: { 'ai/GPT.md': '# Generative models\n\nText in, text out.\n' } });
    await reader.open(BOOK);
    const el = link(reader, 'GPT');
    expect(el.tabIndex).toBe(0);
    press(el, 'Enter');
    await until(() => reader.currentSource?.id === 'ai/GPT.md', 'the linked source to open', 10_000, 10);
    expect(reader.currentSource?.title).toBe('Generative models');
  });

  it('searches for tag:"Target" when no source answers to a wikilink', async () => {
    const queries: string[] = [];
    const { real, reader } = await mountReader({ searchFor: (q) => queries.push(q) });
    await reader.open(BOOK);
    link(reader, 'Amazon Bedrock').click();
    await real.idle();
    expect(queries).toEqual(['tag:"Amazon Bedrock"']);
    expect(reader.currentSource?.id).toBe(BOOK);
  });

  it('says what to search for when the app gave it no way to search', async () => {
    const { real, reader, messages } = await mountReader();
    await reader.open(BOOK);
    link(reader, 'ChatGPT').click();
    await real.idle();
    expect(messages.at(-1)).toContain('tag:"ChatGPT"');
  });

  it('opens an http(s) link in a new browsing context without an opener, and never a file: link', async () => {
    const { reader } = await mountReader({ sources: { 'links.md': 'Read [the post](https://example.org/a_b) or [the file](file:///etc/passwd).\n' } });
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    try {
      await reader.open('links.md');
      const post = link(reader, 'the post');
      expect(post.textContent).toBe('[the post](https://example.org/a_b)');
      post.click();
      expect(open).toHaveBeenCalledWith('https://example.org/a_b', '_blank', 'noopener,noreferrer');
      expect(byRole(reader.element, 'link', 'the file')).toBeNull();
      const file = reader.element.querySelector<HTMLElement>('[title="file:///etc/passwd"]')!;
      expect(file.textContent).toContain('the file');
      file.click();
      expect(open).toHaveBeenCalledTimes(1);
    } finally {
      open.mockRestore();
    }
  });

  it('does not follow a link when the click ends a selection', async () => {
    const queries: string[] = [];
    const { real, reader } = await mountReader({ searchFor: (q) => queries.push(q) });
    await reader.open(BOOK);
    const el = link(reader, 'Amazon Bedrock');
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text && !text.textContent!.startsWith('Amazon')) text = walker.nextNode();
    window.getSelection()!.setBaseAndExtent(text!, 0, text!, 6);
    el.click();
    await real.idle();
    expect(queries).toEqual([]);
  });
});

describe('selecting with the keyboard', () => {
  /** A passage of the source, as a keyboard user tabs to it. */
  function passage(reader: Reader, starting: string): HTMLElement {
    const found = [...reader.element.querySelectorAll<HTMLElement>('[tabindex]')].find((b) => b.textContent!.startsWith(starting));
    if (!found) throw new Error(`no passage starts with ${starting}`);
    return found;
  }

  it('moves between passages with the arrow keys, one tab stop at a time', async () => {
    const { reader } = await mountReader();
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
    const { real, reader, asked } = await mountReader();
    await reader.open(BOOK);
    const item = passage(reader, '1. **Let others');
    item.focus();
    press(item, 'Enter');
    const { text } = await real.api.getSource(BOOK);
    const lineEnd = text.indexOf('\n', text.indexOf('1. **Let others'));
    const expected = text.slice(text.indexOf('**Let others'), lineEnd);
    expect(window.getSelection()!.toString()).toBe(expected);
    expect(reader.selectedRange).toEqual({ start: text.indexOf('**Let others'), end: lineEnd });
    document.dispatchEvent(new Event('selectionchange'));
    const bar = getByRole(reader.element, 'toolbar', 'Selection');
    const quote = byRole(bar, 'button', /^Quote to note/);
    expect(quote, 'the toolbar offers "Quote to note" for a keyboard selection').toBeTruthy();
    press(item, 'Tab');
    expect(bar.contains(document.activeElement)).toBe(true);
    quote!.click();
    await real.idle();
    // The note gets the words as shown; the annotation keeps the exact characters it covers.
    expect(asked.insertQuote.map((q) => q.text)).toEqual([expected.replace(/\*\*/g, '')]);
    expect((await real.backend.listAnnotations({ sourceId: BOOK }))[0]!.quote.exact).toBe(expected);
  });

  it('grows a selection by words and sentences with Shift+arrows, and moves its start with Alt', async () => {
    const { reader } = await mountReader();
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
