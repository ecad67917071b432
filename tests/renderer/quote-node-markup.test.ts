import { afterEach, describe, expect, it } from 'vitest';
import { $getRoot, type LexicalEditor } from 'lexical';
import { quoteToMarkdown, type QuoteBlock } from '../../main/common/markdown/quote-link';
import { $createSourceQuoteNode, $isSourceQuoteNode } from '../../renderer/src/notes/quote/source-quote-node';
import { ARTICLE, headlessNoteEditor, markdownRoundTrip, seedParagraph } from './notes-fixtures';

// "1. **Let others do the hard research.** Training frontier models…": quoted from after the list marker.
const listItem = seedParagraph(ARTICLE, '1. **Let others').split('\n')[0]!.replace(/^1\. /, '');
const wikilinks = seedParagraph(ARTICLE, 'Enter [[Anthropic]]');

let editor: LexicalEditor | null = null;
afterEach(() => {
  editor?.setRootElement(null);
  editor = null;
});

/** The quote's text element as the note editor shows it. */
function shownQuote(text: string): HTMLElement {
  editor = headlessNoteEditor();
  const root = document.createElement('div');
  root.contentEditable = 'true';
  editor.setRootElement(root);
  const q: QuoteBlock = { annotationId: 'a1b2c3', text, label: 'The Pivot · ¶3' };
  editor.update(() => { $getRoot().clear().append($createSourceQuoteNode(q)); }, { discrete: true });
  return root.querySelector<HTMLElement>('figure.sb-quote .sb-quote-text')!;
}

const runs = (el: HTMLElement, selector: string) => [...el.querySelectorAll(selector)].map((e) => e.textContent);

describe('inline Markdown in a quote in the note editor', () => {
  it('shows **bold** as a bold element with its markers kept but muted', () => {
    const shown = shownQuote(listItem);
    expect(runs(shown, '.md-strong')).toEqual(['Let others do the hard research.']);
    expect(runs(shown, '.syntax')).toEqual(['**', '**']);
    expect(shown.textContent).toBe(listItem);
  });

  it('mutes the brackets of wikilinks and leaves the names readable', () => {
    const shown = shownQuote(wikilinks);
    expect(runs(shown, '.syntax').every((s) => s === '[[' || s === ']]')).toBe(true);
    expect(runs(shown, '.syntax')).toHaveLength(2 * (wikilinks.match(/\[\[/g) ?? []).length);
    expect(shown.textContent).toBe(wikilinks);
  });

  it('leaves a marker whose partner is outside the quote as literal text', () => {
    const fromInsideBold = listItem.slice(listItem.indexOf('research.'));
    const shown = shownQuote(fromInsideBold);
    expect(shown.querySelector('.md-strong, .syntax')).toBeNull();
    expect(shown.textContent).toBe(fromInsideBold);
  });

  it('never pairs markers across the blank line between two quoted paragraphs', () => {
    const text = 'A claim that starts **here\n\nand ends** in the next paragraph.';
    const shown = shownQuote(text);
    expect(shown.querySelector('.md-strong')).toBeNull();
    expect(shown.textContent).toBe(text);
  });

  it('shows markup-looking source text as text, never as elements', () => {
    const text = 'The page said <img src=x onerror="alert(1)"> and **meant it**.';
    const shown = shownQuote(text);
    expect(shown.querySelector('img')).toBeNull();
    expect(runs(shown, '.md-strong')).toEqual(['meant it']);
    expect(shown.textContent).toBe(text);
  });

  it('keeps the quote\'s stored text and its Markdown exactly as quoted', () => {
    shownQuote(listItem);
    const stored = editor!.getEditorState().read(() => $getRoot().getChildren().filter($isSourceQuoteNode).map((n) => n.getText()));
    expect(stored).toEqual([listItem]);
    const markdown = `${quoteToMarkdown({ annotationId: 'a1b2c3', text: listItem, label: 'The Pivot · ¶3' })}\n`;
    expect(markdownRoundTrip(headlessNoteEditor(), markdown)).toBe(markdown);
  });
});
